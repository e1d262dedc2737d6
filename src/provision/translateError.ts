/**
 * The pipeline's one error translator: whatever fails inside a run leaves as one of the catalog's errors with
 * the org's own text, actions and an exit code, plus data the caller can act on — apiCalls always, and where
 * known the stage, the deploy phase and its id. Never a secret in data.
 *
 * What the org holds is read off the trail of stages the run completed (the same progress events the caller
 * saw) and the plan, never guessed from a bag of flags:
 *   - our own catalog errors pass through (they already say what to do);
 *   - login/connection failures become ExpiredLogin / OrgUnreachable / UnknownOrg (src/salesforce/orgErrors.ts);
 *   - program bugs (TypeError, ReferenceError, …) become Internal (exit 10);
 *   - everything else is the org's failure: OrgRequestFailed (exit 1), or DeployPartial (exit 68) when the org
 *     holds the app (deployed by this run, or by the run being resumed) while the policies it still needs are not;
 *   - whatever the error, what the run left changed (its completed deploy stages) is added as an action and as
 *     data.leftChanged.
 */
import type { SfError } from '@salesforce/core/sfError';
import { cliError, isCatalogError, isProgramBug, orgText, toCatalogError } from '../errors/index.js';
import { loginErrorFor, type OrgRef } from '../salesforce/index.js';
import type { DeployPhase, ProvisionProgress, ProvisionStage, ResumePoint } from './index.js';
import type { Plan } from './stages/plan.js';

/** The progress events of a run so far, in order. */
export type Trail = readonly ProvisionProgress[];

const PHASE_OF_STAGE: Readonly<Partial<Record<ProvisionStage, DeployPhase>>> = {
  'deploy:app': 'app',
  'deploy:policies': 'policies',
  'deploy:app+policies': 'app+policies',
};

const completed = (trail: Trail, stage: ProvisionStage): boolean => trail.some((e) => e.stage === stage && e.state === 'done');

/** What the org holds, from the stages this run completed and the plan. */
export const orgHolds = (trail: Trail, plan: Plan | undefined, resume: ResumePoint | undefined): { appDeployed: boolean; policiesPending: boolean } => ({
  // Resuming at the policies phase: the run being resumed deployed the app. (An app+policies deploy is atomic.)
  appDeployed: completed(trail, 'deploy:app') || resume?.deploy?.phase === 'policies',
  policiesPending: plan !== undefined && plan.deploy.includes('policies') && !plan.checkOnly && !completed(trail, 'deploy:policies'),
});

/** The stage the run was in, and the deploy in flight there (with the id once the org gave one). */
const whereTheRunWas = (trail: Trail): { stage?: ProvisionStage; phase?: DeployPhase; deployId?: string } => {
  const started = trail.filter((e) => e.state === 'start');
  const stage = started.at(-1)?.stage;
  if (stage === undefined) return {};
  const phase = PHASE_OF_STAGE[stage];
  const submitted = trail.findLast((e) => e.stage === stage && e.state === 'submitted');
  return { stage, ...(phase ? { phase } : {}), ...(submitted?.state === 'submitted' ? { deployId: submitted.deployId } : {}) };
};

/** What this run left changed in the org, from the stages it completed: said with every failure after a change. */
const LEFT_CHANGED_BY_STAGE: ReadonlyArray<readonly [ProvisionStage, string]> = [
  ['deploy:org-settings', 'the org setting "Allow Authorization Code and Credentials Flows" is switched ON (OauthOidcSettings.oAuthCdCrdtFlowEnable)'],
  ['deploy:app+policies', "Ren's app, OAuth settings, Global OAuth settings and policies are deployed"],
  ['deploy:app', "Ren's app, OAuth settings and Global OAuth settings are deployed"],
  ['deploy:policies', "Ren's policies are deployed"],
];
export const leftChanged = (trail: Trail): string[] => LEFT_CHANGED_BY_STAGE.filter(([stage]) => completed(trail, stage)).map(([, what]) => what);

const asRecord = (data: unknown): Record<string, unknown> => (typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {});

const LEFT_CHANGED_PREFIX = 'This run left changed in the org:';

export type TranslateContext = {
  readonly label: string;
  readonly ref: OrgRef;
  readonly trail: Trail;
  readonly plan?: Plan;
  readonly resume?: ResumePoint;
  readonly apiCalls: Record<string, number>;
};

export const translateError = (e: unknown, ctx: TranslateContext): SfError => {
  const where = whereTheRunWas(ctx.trail);
  const holds = orgHolds(ctx.trail, ctx.plan, ctx.resume);
  const partly = holds.appDeployed && holds.policiesPending;
  const orgFailure = (): SfError => {
    const { code, text } = orgText(e);
    if (!partly) return cliError('OrgRequestFailed', [ctx.label, code, text], { cause: e });
    const deploy = where.phase === 'policies' && where.deployId ? ` ${where.deployId}` : '';
    return cliError('DeployPartial', [ctx.label, `the app is deployed, but the policies deploy${deploy} failed: ${code}: ${text}`], { cause: e });
  };
  const error = isCatalogError(e) ? e : (loginErrorFor(e, ctx.ref) ?? (isProgramBug(e) ? toCatalogError(e) : orgFailure()));
  const changed = leftChanged(ctx.trail);
  if (changed.length > 0 && !error.actions?.some((a) => a.startsWith(LEFT_CHANGED_PREFIX))) {
    error.actions = [...(error.actions ?? []), `${LEFT_CHANGED_PREFIX} ${changed.join('; ')}.`];
  }
  const known = { ...where, ...(partly ? { partlyDeployed: true } : {}), ...(changed.length > 0 ? { leftChanged: changed } : {}) };
  // The error's own data (e.g. DeployStillRunning's deployId) wins over the trail; apiCalls is always ours.
  error.setData({ ...known, ...asRecord(error.data), apiCalls: ctx.apiCalls });
  return error;
};
