/**
 * One tenant's run: the single-org provisioning wrapped in state transitions and request-limit back-off.
 * Every transition is saved (atomically, in order) before the next step depends on it; in particular the
 * deploy id is saved as soon as the org has accepted the deploy, so a killed run is continued by polling
 * that deploy rather than submitting a new one. (A switch-on of REST access to consumer secrets is recorded by
 * provisionOrg itself, per org, before it is submitted: src/salesforce/secretAccess.)
 * The one gap the id cannot cover (the org accepted a deploy, the process died before the answer was saved)
 * is covered by a 'submitting' marker written before each deploy: a re-run that finds one without a saved id
 * looks the deploy up in the org (DeployRequest) and continues it instead of submitting another.
 * Never throws: a failure becomes the tenant's result.
 */
import { join } from 'node:path';
import { EXIT_CODES } from '../errors/catalog.js';
import { isRequestLimitError, withRequestLimitBackoff, type BackoffPolicy } from './backoff.js';
import type { PreparedTenant } from './preparedTenant.js';
import type { OrgDeploy, ProvisionProgressEvent, RolloutDependencies, TenantProvisionOutcome } from './rolloutDependencies.js';
import type { StateStore } from './stateStore.js';
import type { TenantEventSink } from './tenantEvents.js';
import type { TenantResult } from './tenantResult.js';
import { withPhase, type DeployRef, type TenantPlan, type TenantState } from './tenantState.js';

export type TenantRunContext = {
  readonly deps: RolloutDependencies;
  readonly store: StateStore;
  readonly shard: string;
  readonly outputDir: string;
  readonly dryRun: boolean;
  readonly waitMinutes: number;
  readonly allowOrgSettings: boolean;
  readonly allowSecretToggle: boolean;
  readonly backoff: BackoffPolicy;
  readonly events: TenantEventSink;
};

/** The hand-off file of a tenant: one per tenant, named after it. */
export const handoffPathFor = (outputDir: string, tenantId: string): string => join(outputDir, `${tenantId}.json`);

/** Phases where a deploy submitted by an earlier attempt should be polled, not submitted again. */
const RESUME_FROM: ReadonlySet<TenantState['phase']> = new Set(['deploy-submitted', 'deployed', 'credentials-written']);

/** Stages that submit a deploy whose id the org hands back (the read-back's secret-access switch is covered by its own record). */
const DEPLOY_STAGES: ReadonlySet<string> = new Set(['deploy:app', 'deploy:policies']);

/** A deploy an interrupted run submitted is looked for from this long before its marker: the org's clock may differ from ours. */
const CLOCK_MARGIN_MS = 2 * 60_000;

/** DeployRequest statuses: still running (continue polling it) or finished with the components applied (the retrieve shows them). */
const DEPLOY_RUNNING: ReadonlySet<string> = new Set(['Pending', 'InProgress']);
const DEPLOY_APPLIED: ReadonlySet<string> = new Set(['Succeeded', 'SucceededPartial']);

type ErrorShape = { name: string; message: string; actions: string[]; exitCode: number };

const stringField = (e: unknown, field: string): string | undefined => {
  const v = (e as Record<string, unknown> | undefined)?.[field];
  return typeof v === 'string' ? v : undefined;
};

/**
 * Errors are described the way the single-org command prints them. Provisioning promises SfErrors with an
 * exit code; an error the org sent that reached us unwrapped (a jsforce error with an `errorCode`) is still
 * the org's failure (exit 1), not a bug of ours; anything else is internal (exit 10).
 */
const describeError = (e: unknown): ErrorShape => {
  const message = e instanceof Error ? e.message : String(e);
  const actions = (e as { actions?: unknown } | undefined)?.actions;
  const exitCode = (e as { exitCode?: unknown } | undefined)?.exitCode;
  if (e instanceof Error && typeof exitCode === 'number') {
    return {
      name: e.name,
      message,
      actions: Array.isArray(actions) ? actions.filter((a): a is string => typeof a === 'string') : [],
      exitCode,
    };
  }
  const orgCode = stringField(e, 'errorCode');
  if (orgCode !== undefined) {
    return {
      name: 'OrgRequestFailedError',
      message: `The org answered ${orgCode.replace(/^sf:/, '')}: ${message}`,
      actions: ['Run the same rollout command again to retry this tenant; if the org keeps answering this, check its status (Setup → Company Information) or contact Salesforce support.'],
      exitCode: EXIT_CODES.failed,
    };
  }
  return { name: 'InternalError', message: `Internal error: ${message}`, actions: ['Rerun with --debug and report the stack trace to the Ren tooling team.'], exitCode: EXIT_CODES.internal };
};

const sumCalls = (calls: Record<string, number>): number => Object.values(calls).reduce((a, b) => a + b, 0);

export const runTenant = async (tenant: PreparedTenant, plan: TenantPlan, previous: TenantState | undefined, ctx: TenantRunContext): Promise<TenantResult> => {
  const started = Date.now();
  const fresh: TenantState = {
    version: 1,
    tenant: tenant.id,
    org: tenant.org,
    shard: ctx.shard,
    fingerprint: tenant.fingerprint,
    phase: 'pending',
    attempts: 0,
    history: previous?.history ?? [],
    updatedAt: new Date().toISOString(),
  };
  let state: TenantState =
    plan.action === 'resume' && previous
      ? { ...previous, shard: ctx.shard, attempts: previous.attempts + 1 }
      : { ...fresh, attempts: (previous?.attempts ?? 0) + 1 };
  let saving: Promise<void> = Promise.resolve();
  const persist = (next: TenantState): Promise<void> => {
    state = next;
    saving = saving.then(() => ctx.store.save(next));
    return saving;
  };
  const resumePoint = (): DeployRef | undefined => (state.deploy && RESUME_FROM.has(state.phase) ? state.deploy : undefined);
  const onProgress = (event: ProvisionProgressEvent): void => {
    ctx.events({ kind: 'stage', tenant: tenant.id, stage: event.stage, state: event.state });
    if (event.state === 'start' && DEPLOY_STAGES.has(event.stage) && !ctx.dryRun && resumePoint()?.phase !== event.stage) {
      // Written before returning (provisioning submits right after); if this throws, nothing is submitted.
      ctx.store.markSubmitting(tenant.id, event.stage);
    } else if (event.state === 'submitted' && event.deployId !== undefined) {
      void persist(withPhase(state, 'deploy-submitted', { deploy: { deployId: event.deployId, phase: event.stage } })).catch(() => undefined);
      // Only once the id is on disk; a marker left behind (kill in between) is settled by the saved id on resume.
      saving = saving.then(() => ctx.store.clearSubmitting(tenant.id, event.stage));
      saving.catch(() => undefined);
    } else if (event.state === 'done' && state.phase === 'deploy-submitted' && state.deploy?.phase === event.stage) {
      void persist(withPhase(state, 'deployed')).catch(() => undefined);
    }
  };

  const notes: string[] = [];
  /**
   * A killed run may have had a deploy accepted by the org without saving its id: its newest 'submitting' marker
   * says which stage and when. Looks for that deploy (one query, only when such a marker exists): still running ->
   * continue it; applied -> nothing to resume (the retrieve shows what the org holds, so it is not deployed again);
   * otherwise (failed, canceled, not found) -> submit as usual.
   */
  const adoptOrphanDeploy = async (): Promise<void> => {
    const [marker] = await ctx.store.submitting(tenant.id);
    if (marker === undefined) return;
    if (resumePoint()?.phase === marker.stage || ctx.deps.findDeploys === undefined) {
      await ctx.store.clearSubmitting(tenant.id);
      return;
    }
    const known = new Set(state.history.map((h) => h.deployId));
    let found: OrgDeploy | undefined;
    try {
      const deploys = await ctx.deps.findDeploys(tenant.username, new Date(Date.parse(marker.at) - CLOCK_MARGIN_MS));
      found = deploys.find((d) => !known.has(d.id));
    } catch (e) {
      if (isRequestLimitError(e)) throw e; // backed off and retried like any call
      notes.push(`Could not check whether the interrupted run's ${marker.stage} deploy reached the org (${describeError(e).message}); deploying again.`);
    }
    if (found !== undefined && DEPLOY_RUNNING.has(found.status)) {
      await persist(withPhase(state, 'deploy-submitted', { deploy: { deployId: found.id, phase: marker.stage } }));
      notes.push(`Continuing deploy ${found.id} (${marker.stage}), which the interrupted run submitted, instead of submitting another.`);
    } else if (found !== undefined && DEPLOY_APPLIED.has(found.status)) {
      notes.push(`Deploy ${found.id} (${marker.stage}), submitted by the interrupted run, has finished (${found.status}); the org's components are compared again instead of deploying blindly.`);
    }
    await ctx.store.clearSubmitting(tenant.id);
  };

  let backoffs = 0;
  const finish = async (result: TenantResult, phase: 'done' | 'failed'): Promise<TenantResult> => {
    try {
      await saving.catch(() => undefined);
      await persist(withPhase(state, phase, { result }));
    } catch (e) {
      // The org work is finished; only the record of it is missing. The next run redoes it idempotently.
      result.warnings.push(`The state file of ${tenant.id} could not be saved (${describeError(e).message}); the next run will check this tenant again.`);
    }
    ctx.events({ kind: 'finished', tenant: tenant.id, status: result.status, exitCode: result.exitCode, message: result.error?.message });
    return result;
  };
  const base = { tenant: tenant.id, org: tenant.org, shard: ctx.shard, attempts: state.attempts, reused: false };

  try {
    ctx.events({ kind: 'started', tenant: tenant.id, reason: plan.reason });
    await persist(
      plan.action === 'resume'
        ? withPhase(state, RESUME_FROM.has(state.phase) ? state.phase : 'deploy-submitted')
        : withPhase(state, 'preflight', { deploy: undefined }),
    );
    const outputPath = handoffPathFor(ctx.outputDir, tenant.id);
    const outcome: TenantProvisionOutcome = await withRequestLimitBackoff(
      async () => {
        await saving; // the deploy id of an earlier try must be on disk before it is relied on
        if (!ctx.dryRun) await adoptOrphanDeploy();
        return ctx.deps.provision({
          username: tenant.username,
          registration: tenant.registration,
          outputPath,
          dryRun: ctx.dryRun,
          waitMinutes: ctx.waitMinutes,
          allowOrgSettings: ctx.allowOrgSettings,
          allowSecretToggle: ctx.allowSecretToggle,
          resume: resumePoint(),
          progress: onProgress,
        });
      },
      ctx.backoff,
      (delayMs, retry) => {
        backoffs++;
        ctx.events({ kind: 'backoff', tenant: tenant.id, delayMs, retry });
      },
    );
    await saving;
    if (outcome.handoffPath !== undefined) await persist(withPhase(state, 'credentials-written'));
    return await finish(
      {
        ...base,
        status: outcome.status,
        exitCode: outcome.exitCode,
        orgId: outcome.orgId,
        loginUrl: outcome.loginUrl,
        changes: outcome.changes,
        apiCalls: outcome.apiCalls,
        apiCallsTotal: sumCalls(outcome.apiCalls),
        backoffs,
        ...(outcome.handoffPath === undefined ? {} : { handoffPath: outcome.handoffPath }),
        ...(outcome.secretAccessLeftOn ? { secretAccessLeftOn: true as const } : {}),
        warnings: [...notes, ...outcome.warnings],
        durationMs: Date.now() - started,
        finishedAt: new Date().toISOString(),
      },
      'done',
    );
  } catch (e) {
    const error = describeError(e);
    const stillRunning = error.exitCode === EXIT_CODES.stillRunning;
    const apiCalls = (e as { data?: { apiCalls?: Record<string, number> } }).data?.apiCalls ?? {};
    return finish(
      {
        ...base,
        status: stillRunning ? 'still-running' : 'failed',
        exitCode: error.exitCode,
        changes: [],
        apiCalls,
        apiCallsTotal: sumCalls(apiCalls),
        backoffs,
        error: { name: error.name, message: error.message, actions: error.actions },
        warnings: [...notes],
        durationMs: Date.now() - started,
        finishedAt: new Date().toISOString(),
      },
      'failed',
    );
  }
};
