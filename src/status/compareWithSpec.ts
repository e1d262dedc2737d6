/**
 * The one comparison of what an org holds with what the spec (+ overrides) asks for, as diff rows of the CLI
 * contract. `status` and the deploy's end-state check (issue 11, branch adopt) use the same function: until that
 * branch's `compareWithSpec(desired, held)` lands, this one is the diff engine itself behind the same name, so the
 * swap is one import.
 */
import { diffComponents, type DiffRow, type EcaComponent } from '../render/index.js';

export const compareWithSpec = (desired: readonly EcaComponent[], held: readonly EcaComponent[]): DiffRow[] => diffComponents(desired, held);
