/**
 * Stage 3c (issue 11): the end-state check. After the deploys, read every component back and compare every field
 * the spec sets with what the org holds (compareWithSpec: the one diff engine), before anything is called
 * "Registered". A field the org did not take fails the run with exit 68 (EndStateMismatch) listing the diff rows.
 *
 * Calls: one Metadata API retrieve of the five components under the org's names plus the two org settings
 * (retrieve + checkRetrieveStatus polls: 2 calls when the org answers at once). readMetadata via findAppParts would
 * cost one read per type (5) after 2 list calls, so the retrieve is the cheaper read.
 */
import { cliError } from '../../errors/index.js';
import { describeDiffRow } from '../../render/index.js';
import { retrieveOrgState, type OrgState } from '../../salesforce/index.js';
import { compareWithSpec, desiredSwitches } from '../compareWithSpec.js';
import type { StageContext } from './context.js';
import type { Preflight } from './preflight.js';

/**
 * `readAgain`: false when this run changed nothing (no deploy, no switch): then what preflight read is the end
 * state and is compared without another call.
 */
export const checkEndState = async (ctx: StageContext, found: Preflight, { readAgain }: { readAgain: boolean }): Promise<OrgState> => {
  const { conn, request, label } = ctx;
  ctx.emit({ stage: 'check', state: 'start' });
  const held = readAgain ? await retrieveOrgState(conn, found.components, found.apiVersion) : found.state;
  const rows = compareWithSpec(
    { components: found.desired, switches: desiredSwitches(request.registration.oauth.flows.authorizationCodeAndCredentials) },
    held,
  );
  if (rows.length > 0) {
    throw cliError('EndStateMismatch', [label, rows.length, rows.map((r) => `  - ${describeDiffRow(r)}`).join('\n')], { data: { diff: rows } });
  }
  ctx.emit({ stage: 'check', state: 'done', detail: `${found.desired.length} components match the spec` });
  return held;
};
