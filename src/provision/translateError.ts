/**
 * The provisionOrg boundary: whatever fails inside a run leaves as one of our SfErrors (cliError) with a
 * name, the org's own text, actions and an exit code, plus data the caller can act on — apiCalls always,
 * and where known the deploy id, the phase and the stage the run was in. Never a secret in data.
 *
 *   - our own catalog errors pass through (they already say what to do); the run point is added to data;
 *   - login/connection failures become ExpiredLogin / OrgUnreachable / UnknownOrg (src/salesforce/orgErrors.ts);
 *   - program bugs (TypeError, ReferenceError, …) become Internal (exit 10), still with apiCalls;
 *   - everything else is the org's failure (a jsforce error, an SDR SfError, a fetch error): OrgRequestFailed
 *     (exit 1), or DeployPartial (exit 68) when this run (or the one being resumed) deployed the app and the
 *     policies phase it still needed is what failed — the org then holds an app without its policies.
 * Classification goes by class and error name/code, never by message text.
 */
import { SfError } from '@salesforce/core/sfError';
import { ERRORS } from '../errors/catalog.js';
import { cliError } from '../errors/cliError.js';
import { loginErrorFor, type OrgRef } from '../salesforce/orgErrors.js';
import type { DeployPhase, ProvisionStage } from './provisionTypes.js';

/** Where a run is; provisionOrg keeps it current so a failure can say what it means for the org. */
export type RunPoint = {
  stage?: ProvisionStage;
  /** The deploy phase in flight (or last submitted) and its id, once the org gave one. */
  phase?: DeployPhase;
  deployId?: string;
  /** The app phase is deployed (by this run, or by the run being resumed at the policies phase). */
  appDeployed: boolean;
  /** The policies phase still has to be deployed for the registration to be complete. */
  policiesPending: boolean;
};

export const newRunPoint = (): RunPoint => ({ appDeployed: false, policiesPending: false });

/** One of our own errors (already says what to do), as opposed to a library error that still needs translating. */
const isCatalogError = (e: unknown): e is SfError => e instanceof SfError && Object.hasOwn(ERRORS, e.name.replace(/Error$/, ''));

const PROGRAM_BUGS: readonly (new (...args: never[]) => Error)[] = [TypeError, ReferenceError, RangeError, SyntaxError, EvalError, URIError];
const isProgramBug = (e: unknown): boolean => PROGRAM_BUGS.some((type) => e instanceof type);

const stringField = (e: unknown, field: string): string | undefined => {
  const v = typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[field] : undefined;
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};

/** The org's answer as the admin should read it: its code (jsforce errorCode, SfError name, Node code) and text. */
export const orgText = (e: unknown): { code: string; text: string } => {
  const code = (stringField(e, 'errorCode') ?? stringField(e, 'code') ?? stringField(e, 'name') ?? 'error').replace(/^sf:/, '');
  const text = stringField(e, 'message') ?? String(e);
  // jsforce already starts its message with the code ("UNKNOWN_EXCEPTION: …"): say it once.
  return { code, text: text.startsWith(`${code}: `) ? text.slice(code.length + 2) : text };
};

const orgFailure = (e: unknown, label: string, point: RunPoint): SfError => {
  const { code, text } = orgText(e);
  if (point.appDeployed && point.policiesPending) {
    return cliError('DeployPartial', [label, `the app is deployed, but the policies deploy${point.phase === 'policies' && point.deployId ? ` ${point.deployId}` : ''} failed: ${code}: ${text}`], {
      cause: e,
    });
  }
  return cliError('OrgRequestFailed', [label, code, text], { cause: e });
};

const asRecord = (data: unknown): Record<string, unknown> => (typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {});

/** Translates anything thrown inside provisionOrg into the SfError it leaves with. */
export const toProvisionError = (e: unknown, ctx: { label: string; ref: OrgRef; point: RunPoint; apiCalls: Record<string, number> }): SfError => {
  const { point } = ctx;
  const error = isCatalogError(e)
    ? e
    : (loginErrorFor(e, ctx.ref) ??
      (isProgramBug(e) ? cliError('Internal', [(e as Error).message], { cause: e }) : orgFailure(e, ctx.label, point)));
  const known = {
    ...(point.stage ? { stage: point.stage } : {}),
    ...(point.phase ? { phase: point.phase } : {}),
    ...(point.deployId ? { deployId: point.deployId } : {}),
    ...(point.appDeployed && point.policiesPending ? { partlyDeployed: true } : {}),
  };
  // The error's own data (e.g. DeployStillRunning's deployId) wins over the run point; apiCalls is always ours.
  error.setData({ ...known, ...asRecord(error.data), apiCalls: ctx.apiCalls });
  return error;
};
