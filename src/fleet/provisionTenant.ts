/**
 * One tenant's run: the single-org provisioning wrapped in state transitions and request-limit back-off.
 * The tenant's journal (provisioning awaits each entry) saves every step atomically and in order before the
 * pipeline goes on; in particular the deploy id is saved as soon as the org has accepted the deploy, so a killed run is continued by polling
 * that deploy rather than submitting a new one. (A switch-on of REST access to consumer secrets is recorded by
 * provisioning itself, per org, before it is sent: src/salesforce/secretAccess; a tenant whose run could not
 * switch it back off ends 'failed', so the next rollout runs it again and that run switches it off.)
 * The one gap the id cannot cover (the org accepted a deploy, the process died before the answer was saved)
 * is covered by a 'submitting' marker written before each deploy: a re-run that finds one without a saved id
 * looks the deploy up in the org (DeployRequest) and continues it instead of submitting another.
 * Never throws: a failure becomes the tenant's result.
 */
import { join } from 'node:path';
import { EXIT_CODES, toCatalogError } from '../errors/index.js';
import type { OrgDeploy, ProvisionJournal, ProvisionOptions, ProvisionOutcome } from '../provision/index.js';
import { isRequestLimitError, withRequestLimitBackoff, type BackoffPolicy } from './backoff.js';
import type { PreparedTenant } from './preparedTenant.js';
import type { RolloutDependencies } from './rolloutDependencies.js';
import type { StateStore } from './stateStore.js';
import type { TenantEventSink } from './tenantEvents.js';
import { errorShape, type TenantResult } from './tenantResult.js';
import { RESUMABLE, withStep, type DeployRef, type TenantPlan, type TenantState } from './tenantState.js';

export type TenantRunContext = {
  readonly deps: RolloutDependencies;
  readonly store: StateStore;
  readonly shard: string;
  readonly outputDir: string;
  readonly dryRun: boolean;
  readonly waitMinutes: number;
  readonly allowOrgSettings: boolean;
  readonly allowSecretToggle: boolean;
  readonly pollIntervalMs?: number;
  /** The proof after each hand-off (ProvisionOptions.verify): false = --no-verify. */
  readonly verify?: ProvisionOptions['verify'];
  readonly backoff: BackoffPolicy;
  readonly events: TenantEventSink;
  /**
   * What the rollout has learnt about its orgs, shared by its tenants: once one org refused the policies in the same
   * deploy as their new app (a `set-aside` deploy), the tenants after it deploy in two steps from the start.
   */
  readonly learnt: { policiesWithNewApp: boolean };
};

/** The hand-off file of a tenant: one per tenant, named after it. */
export const handoffPathFor = (outputDir: string, tenantId: string): string => join(outputDir, `${tenantId}.json`);

/** A deploy an interrupted run submitted is looked for from this long before its marker: the org's clock may differ from ours. */
const CLOCK_MARGIN_MS = 2 * 60_000;

/** Proof verdicts that leave a deployed tenant `unverified` (succeeded, not proven yet; src/provision/stages/verify.ts). */
const UNPROVEN: ReadonlySet<string> = new Set(['not-known-yet', 'inconclusive', 'could-not-check']);

const sumCalls = (calls: Record<string, number>): number => Object.values(calls).reduce((a, b) => a + b, 0);

export const runTenant = async (tenant: PreparedTenant, plan: TenantPlan, previous: TenantState | undefined, ctx: TenantRunContext): Promise<TenantResult> => {
  const started = Date.now();
  const fresh: TenantState = {
    version: 1,
    tenant: tenant.id,
    org: tenant.org,
    shard: ctx.shard,
    fingerprint: tenant.fingerprint,
    step: 'pending',
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
  const resumePoint = (): DeployRef | undefined => (state.deploy && RESUMABLE.has(state.step) ? state.deploy : undefined);
  /**
   * The state store as the pipeline's journal: the pipeline awaits each entry, so the state file is never behind
   * the org. A marker that cannot be written stops the run before the deploy is submitted. A step that cannot be
   * saved does not stop the deploy the org is already running: the failed save stays in `saving`, so the tenant
   * ends failed (a state-file problem, not the org's) once provisioning returns, and the next run checks it again.
   */
  const saved = (write: Promise<void>): Promise<void> => write.catch(() => undefined);
  const journal: ProvisionJournal = {
    submitting: (phase) => ctx.store.markSubmitting(tenant.id, phase),
    submitted: async (deploy) => {
      await saved(persist(withStep(state, 'deploy-submitted', { deploy })));
      // Only once the id is on disk; a marker left behind (kill in between) is settled by the saved id on resume.
      saving = saving.then(() => ctx.store.clearSubmitting(tenant.id, deploy.phase));
      await saved(saving);
    },
    deployed: async (phase) => {
      if (state.step === 'deploy-submitted' && state.deploy?.phase === phase) await saved(persist(withStep(state, 'deployed')));
    },
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
    if (resumePoint()?.phase === marker.phase || ctx.deps.findDeploys === undefined) {
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
      notes.push(`Could not check whether the interrupted run's ${marker.phase} deploy reached the org (${toCatalogError(e).message}); deploying again.`);
    }
    if (found?.state === 'running') {
      await persist(withStep(state, 'deploy-submitted', { deploy: { deployId: found.id, phase: marker.phase } }));
      notes.push(`Continuing deploy ${found.id} (${marker.phase}), which the interrupted run submitted, instead of submitting another.`);
    } else if (found?.state === 'applied') {
      notes.push(`Deploy ${found.id} (${marker.phase}), submitted by the interrupted run, has finished (${found.status}); the org's components are compared again instead of deploying blindly.`);
    }
    await ctx.store.clearSubmitting(tenant.id);
  };

  let backoffs = 0;
  const finish = async (result: TenantResult, step: 'done' | 'failed'): Promise<TenantResult> => {
    try {
      await saving.catch(() => undefined);
      await persist(withStep(state, step, { result }));
    } catch (e) {
      // The org work is finished; only the record of it is missing. The next run redoes it idempotently.
      result.warnings.push(`The state file of ${tenant.id} could not be saved (${toCatalogError(e).message}); the next run will check this tenant again.`);
    }
    ctx.events({ kind: 'finished', tenant: tenant.id, status: result.status, exitCode: result.exitCode, message: result.error?.message });
    return result;
  };
  const base = { tenant: tenant.id, org: tenant.org, shard: ctx.shard, attempts: state.attempts, reused: false };

  try {
    ctx.events({ kind: 'started', tenant: tenant.id, reason: plan.reason });
    await persist(
      plan.action === 'resume'
        ? withStep(state, RESUMABLE.has(state.step) ? state.step : 'deploy-submitted')
        : withStep(state, 'preflight', { deploy: undefined }),
    );
    const outputPath = handoffPathFor(ctx.outputDir, tenant.id);
    const outcome: ProvisionOutcome = await withRequestLimitBackoff(
      async () => {
        await saving; // the deploy id of an earlier try must be on disk before it is relied on
        if (!ctx.dryRun) await adoptOrphanDeploy();
        const deploy = resumePoint();
        return ctx.deps.provision({
          targetOrg: tenant.username,
          registration: tenant.registration,
          options: {
            outputPath,
            dryRun: ctx.dryRun,
            waitMinutes: ctx.waitMinutes,
            allowOrgSettings: ctx.allowOrgSettings,
            allowSecretToggle: ctx.allowSecretToggle,
            ...(ctx.pollIntervalMs === undefined ? {} : { pollIntervalMs: ctx.pollIntervalMs }),
            ...(ctx.verify === undefined ? {} : { verify: ctx.verify }),
            policiesWithNewApp: ctx.learnt.policiesWithNewApp,
          },
          ...(deploy ? { resume: { deploy } } : {}),
          journal,
          onEvent: (event) => {
            if (event.state === 'set-aside' && event.stage === 'deploy:app+policies') ctx.learnt.policiesWithNewApp = false;
            if (event.state !== 'warning') ctx.events({ kind: 'stage', tenant: tenant.id, stage: event.stage, state: event.state });
          },
        });
      },
      ctx.backoff,
      (delayMs, retry) => {
        backoffs++;
        ctx.events({ kind: 'backoff', tenant: tenant.id, delayMs, retry });
      },
    );
    await saving;
    if (outcome.handoffPath !== undefined) await persist(withStep(state, 'credentials-written'));
    const proof = outcome.proof;
    const refused = proof?.verdict === 'refused';
    const unproven = proof !== undefined && UNPROVEN.has(proof.verdict);
    return await finish(
      {
        ...base,
        status: refused ? 'failed' : unproven ? 'unverified' : outcome.status,
        exitCode: outcome.exitCode,
        ...(outcome.status === 'validated' ? {} : { verified: outcome.verified }),
        ...(proof !== undefined && proof.verdict !== 'accepted' ? { proofDetail: proof.detail } : {}),
        ...(refused ? { error: { name: 'CredentialsRefused', message: `Ren is registered, but the org's token endpoint refused the key and secret it gave: ${proof.detail}`, actions: [`Check the app in the org, then run \`ren-eca verify ${outcome.handoffPath ?? '<hand-off>'}\`.`] } } : {}),
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
      outcome.secretAccessLeftOn || refused ? 'failed' : 'done',
    );
  } catch (e) {
    const error = toCatalogError(e);
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
        error: errorShape(error),
        warnings: [...notes],
        durationMs: Date.now() - started,
        finishedAt: new Date().toISOString(),
      },
      'failed',
    );
  }
};
