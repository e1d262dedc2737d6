/**
 * The one comparison of "what the spec asks" with "what the org holds", pure: used by the end-state check after a
 * deploy (stages/check.ts) and by `status`. Components go through the one diff engine (src/render/diffComponents.ts);
 * the org switches the spec depends on are compared here as rows of the same shape:
 * `{ component: "Settings <member>", field, expected, actual }`.
 */
import { diffComponents, type DiffRow, type EcaComponent } from '../render/index.js';
import { ORG_SWITCHES, type OrgState, type OrgSwitch } from '../salesforce/index.js';

export type DesiredState = {
  /** The rendered components (under the org's names), read back with the one reader. */
  readonly components: readonly EcaComponent[];
  /** Org switches the spec needs in a given position, e.g. { codeCredentialsFlow: true }. */
  readonly switches: Readonly<Partial<Record<OrgSwitch, boolean>>>;
};

export type HeldState = Pick<OrgState, 'components' | 'switches'>;

export const compareWithSpec = (desired: DesiredState, held: HeldState): DiffRow[] => {
  const switchRows: DiffRow[] = [];
  for (const [name, expected] of Object.entries(desired.switches) as [OrgSwitch, boolean | undefined][]) {
    if (expected === undefined) continue;
    const actual = held.switches[name];
    if (actual !== expected) {
      const { member, field } = ORG_SWITCHES[name];
      switchRows.push({ component: `Settings ${member}`, field, expected, ...(actual === undefined ? {} : { actual }) });
    }
  }
  return [...switchRows, ...diffComponents(desired.components, held.components)];
};

/** What the spec wants of the org switches: the code-and-credentials flow on when the spec uses it. */
export const desiredSwitches = (needsCodeCredentialsFlow: boolean): DesiredState['switches'] => (needsCodeCredentialsFlow ? { codeCredentialsFlow: true } : {});
