/**
 * Stage 4, on a run that changed nothing: the hand-off already on disk stands for the org's pair when the token
 * endpoint accepts it, so the secret is not read again and REST access to consumer secrets (an org-wide switch) is
 * never turned on by a re-run. Saves the switch's two updateMetadata calls and the credentials read.
 *
 * Used only when every one of these holds; otherwise the read-back runs as on a first registration:
 *   - this run deployed nothing and switched no org setting (the preflight's view of the org is still true);
 *   - the proof is wanted (not --no-verify): reuse rests on it;
 *   - the target is a plain file (a sealed one needs its recipient's identity; `--output -` has no file);
 *   - the file reads as a hand-off of this org, app, login URL and API version, not in the middle of a rotation;
 *   - its consumer key is the one the org's Global OAuth settings hold. Whether readMetadata returns consumerKey on
 *     every org is [UNCONFIRMED] (salesforce-eca.md §3.5: retrieved files have it): without it, no reuse;
 *   - no interrupted earlier run left secret access on (the read-back is what switches it off again);
 *   - the token endpoint accepts the pair now (no wait: an app that was registered before is known).
 * A refused pair (the secret was rotated in Setup, say) gets a warning and the read-back replaces the file.
 */
import { readHandoffFile, defaultHandoffPath, type Handoff } from '../../credentials/index.js';
import { proveWithWait, type Proof } from '../../salesforce/index.js';
import { secretAccessLeftByEarlierRun } from '../secretReadback.js';
import type { StageContext } from './context.js';
import type { HandedOff } from './handOff.js';
import type { Preflight } from './preflight.js';

export type ReusedHandOff = { readonly handed: HandedOff; readonly proof: Proof & { attempts: number } };

/** The file's hand-off when it may stand for the org's pair (before the proof); undefined with no reason to say. */
const candidate = async (ctx: StageContext, found: Preflight): Promise<{ path: string; handoff: Handoff } | undefined> => {
  const { request, org, conn } = ctx;
  if (request.options.verify === false || request.options.outputPath === '-') return undefined;
  if ((request.registration.handoff?.recipients ?? []).length > 0) return undefined;
  const global = found.state.components.find((c) => c.type === 'ExtlClntAppGlobalOauthSettings');
  const orgKey = global?.type === 'ExtlClntAppGlobalOauthSettings' ? global.fields.consumerKey : undefined;
  if (orgKey === undefined || orgKey === '') return undefined;
  let file;
  try {
    file = await readHandoffFile(request.options.outputPath ?? defaultHandoffPath(org.getOrgId()));
  } catch {
    return undefined; // missing or not a hand-off: the read-back writes a new one (the target was checked first)
  }
  const { handoff } = file;
  const matches =
    file.form === 'plain' &&
    handoff.orgId === org.getOrgId() &&
    handoff.appApiName === request.registration.app.apiName &&
    handoff.loginUrl === conn.instanceUrl.replace(/\/+$/, '') &&
    handoff.consumerKey === orgKey &&
    handoff.apiVersion === found.apiVersion &&
    handoff.rotation?.state !== 'rotated';
  if (!matches) return undefined;
  if (found.state.switches.secretsViaRest === true && (await secretAccessLeftByEarlierRun(org.getOrgId()))) return undefined;
  return { path: file.path, handoff };
};

export const reuseHandoff = async (ctx: StageContext, found: Preflight, changedOrg: boolean): Promise<ReusedHandOff | undefined> => {
  if (changedOrg) return undefined;
  const held = await candidate(ctx, found);
  if (held === undefined) return undefined;
  const { path, handoff } = held;
  ctx.emit({ stage: 'verify', state: 'start', detail: `the pair in ${path}` });
  const proof = await proveWithWait({ loginUrl: handoff.loginUrl, consumerKey: handoff.consumerKey, consumerSecret: handoff.consumerSecret.reveal() }, { waitMinutes: 0 });
  ctx.emit({ stage: 'verify', state: 'done', detail: proof.verdict });
  if (proof.verdict !== 'accepted') {
    if (proof.verdict === 'refused') ctx.warn('readback', `The org's token endpoint refused the key and secret in ${path} (was the secret rotated in Setup?): reading them from the org again.`);
    return undefined;
  }
  return { handed: { handoff, path }, proof };
};
