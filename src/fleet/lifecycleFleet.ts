/**
 * `rotate --tenants`, `rotate --finish --tenants` and `remove --tenants`: the one fleet runner
 * (src/fleet/fleetRunner.ts: tenants file, shard, lock, saved state, pool, progress, report) with the per-org
 * operations of src/provision/lifecycle (runRotate.ts, runRemove.ts, through provision's index). Nothing of the runner is copied here: this file only says what
 * one tenant's run is and how its saved state decides a rerun.
 *
 * Resume after a kill at any point: each tenant's state says `pending` while its org work runs and `done` (or
 * `failed`) after; a tenant that is not `done` runs again, and the per-org operations are themselves resumable
 * (rotate finds the pair an interrupted run staged or promoted and never stages a second; finish finds nothing to
 * delete; remove finds what is left). A `done` tenant is skipped (its saved result is reported again) unless
 * --force or its settings changed. Each operation keeps its own state folder (<state>/rotate, /rotate-finish,
 * /remove), so a finished rotate never hides a finish.
 * Hand-off files are where `rollout` writes them: <output-dir>/<tenant>.json (.json.age when sealed).
 * Statuses: rotated (rotate, finish), removed, unverified (rotated, the token endpoint does not know the new pair
 * yet), failed. Fleet exit as rollout's (cli-contract.md): 0 all, 68 mixed, 1 none, 69 only not-yet-known.
 */
import { EXIT_CODES, toCatalogError } from '../errors/index.js';
import { errorShape, type TenantResult } from './tenantResult.js';
import { handoffPathFor } from './provisionTenant.js';
import { rolloutExitCode } from './report.js';
import { runFleet, type FleetOperation, type FleetRun } from './fleetRunner.js';
import { withStep, type TenantPlan, type TenantState } from './tenantState.js';
import type { FleetDependencies } from './rolloutDependencies.js';
import type { PreparedTenant } from './preparedTenant.js';
import type { ProgressDisplay } from './progressDisplay.js';
import type { Shard } from './sharding.js';
import type { ExitCode } from '../errors/index.js';
import { finishOrgRotation, removeFromOrg, rotateOrg } from '../provision/index.js';
import { requiredApiVersion } from '../render/index.js';

export type LifecycleAction = 'rotate' | 'rotate-finish' | 'remove';

export type LifecycleFleetOptions = {
  readonly action: LifecycleAction;
  readonly tenantsPath: string;
  readonly specPath?: string;
  readonly concurrency: number;
  readonly stateDir: string;
  readonly shard?: Shard;
  readonly outputDir: string;
  readonly force: boolean;
  readonly waitMinutes: number;
  readonly pollIntervalMs?: number;
  /** rotate */
  readonly verify?: boolean;
  readonly verifyWaitMinutes?: number;
  readonly proofRetryMs?: number;
  readonly identityText?: string;
  readonly allowSecretToggle?: boolean;
  /** remove: say what would go, change nothing (state is not saved as done). */
  readonly dryRun?: boolean;
};

export type LifecycleFleetRun = FleetRun & { exitCode: ExitCode };

type Done = Pick<TenantResult, 'status' | 'exitCode'> & Partial<Pick<TenantResult, 'orgId' | 'loginUrl' | 'handoffPath' | 'verified' | 'proofDetail' | 'secretAccessLeftOn'>> & { warnings: string[] };

/** One tenant's org work: the single-org operation, its outcome as a report line's fields. */
const workFor = (options: LifecycleFleetOptions) => async (tenant: PreparedTenant): Promise<Done> => {
  const output = handoffPathFor(options.outputDir, tenant.id);
  const common = { targetOrg: tenant.username, appApiName: tenant.registration.app.apiName, output, waitMinutes: options.waitMinutes, ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }) };
  if (options.action === 'remove') {
    const removed = await removeFromOrg({ ...common, requiredApiVersion: requiredApiVersion(tenant.registration), dryRun: options.dryRun ?? false, confirm: () => Promise.resolve(true) });
    const parts = removed.parts.map((p) => `${p.type} ${p.fullName}`).join(', ');
    const what = { absent: 'Ren was not in the org: nothing to remove', 'would-remove': `would remove ${parts}`, removed: `removed ${parts}` }[removed.outcome];
    return {
      status: removed.outcome === 'would-remove' ? 'validated' : 'removed',
      exitCode: removed.exitCode,
      orgId: removed.orgId,
      warnings: [what, ...removed.handoffFiles.map((f) => (f.to ? `renamed ${f.from} → ${f.to}` : `would rename ${f.from}`))],
    };
  }
  const rotateRequest = {
    ...common,
    delivery: { recipients: tenant.registration.handoff?.recipients },
    ...(options.identityText === undefined ? {} : { identityText: options.identityText }),
    verify: options.verify ?? true,
    verifyWaitMinutes: options.verifyWaitMinutes ?? 3,
    allowSecretToggle: options.allowSecretToggle ?? true,
    ...(options.proofRetryMs === undefined ? {} : { proofRetryMs: options.proofRetryMs }),
  };
  if (options.action === 'rotate-finish') {
    const finished = await finishOrgRotation(rotateRequest);
    return {
      status: 'rotated',
      exitCode: finished.exitCode,
      orgId: finished.orgId,
      ...(finished.secretAccessLeftOn ? { secretAccessLeftOn: true as const } : {}),
      ...(finished.handoff.path === undefined ? {} : { handoffPath: finished.handoff.path }),
      warnings: [finished.outcome === 'finished' ? `previous pair ${finished.previousConsumerKey ?? ''} revoked` : 'nothing to finish'],
    };
  }
  const rotated = await rotateOrg(rotateRequest);
  const notYetKnown = rotated.exitCode === EXIT_CODES.stillRunning;
  return {
    status: rotated.exitCode === EXIT_CODES.partial && !rotated.secretAccessLeftOn ? 'failed' : notYetKnown ? 'unverified' : 'rotated',
    exitCode: rotated.exitCode,
    orgId: rotated.orgId,
    loginUrl: rotated.loginUrl,
    verified: rotated.verified,
    ...(rotated.verified ? {} : { proofDetail: rotated.verifyCommand ? `${rotated.proof.detail} Prove it later: ${rotated.verifyCommand}` : rotated.proof.detail }),
    ...(rotated.handoffPath === undefined ? {} : { handoffPath: rotated.handoffPath }),
    ...(rotated.secretAccessLeftOn ? { secretAccessLeftOn: true as const } : {}),
    warnings: [`previous pair ${rotated.previousConsumerKey} works until rotate --finish`],
  };
};

const freshState = (tenant: PreparedTenant, shard: string, previous: TenantState | undefined): TenantState => ({
  version: 1,
  tenant: tenant.id,
  org: tenant.org,
  shard,
  fingerprint: tenant.fingerprint,
  step: 'pending',
  attempts: (previous?.attempts ?? 0) + 1,
  history: previous?.history ?? [],
  updatedAt: new Date().toISOString(),
});

/**
 * A tenant whose org work is done is skipped (unless --force or its settings changed), whatever its status: a rotated
 * tenant not proven yet ('unverified') must not rotate again (the org would refuse: the previous pair is still
 * there); `ren-eca verify <hand-off>` proves it. Anything else starts, and the per-org logic resumes in the org.
 */
const planLifecycleTenant = (state: TenantState | undefined, tenant: PreparedTenant, options: LifecycleFleetOptions): TenantPlan => {
  if (options.dryRun) return { action: 'start', reason: 'a dry run checks every tenant' };
  if (state === undefined) return { action: 'start', reason: 'new' };
  if (state.step !== 'done') return { action: 'start', reason: state.step === 'failed' ? 'retrying after failure' : `interrupted at ${state.step}` };
  if (state.fingerprint !== tenant.fingerprint) return { action: 'start', reason: 'tenant settings changed since it was done' };
  return options.force ? { action: 'start', reason: 'forced' } : { action: 'skip', reason: 'already done' };
};

export const lifecycleOperation = (options: LifecycleFleetOptions): FleetOperation => {
  const work = workFor(options);
  return {
    stateMode: options.action,
    plan: (tenant, state) => Promise.resolve(planLifecycleTenant(state, tenant, options)),
    run: async (tenant, _plan, previous, ctx) => {
      const started = Date.now();
      ctx.events({ kind: 'started', tenant: tenant.id, reason: options.action });
      const state = withStep(freshState(tenant, ctx.shard, previous), 'pending');
      if (!options.dryRun) await ctx.store.save(state);
      const base = { tenant: tenant.id, org: tenant.org, shard: ctx.shard, changes: [], apiCalls: {}, apiCallsTotal: 0, backoffs: 0, attempts: state.attempts, reused: false };
      let result: TenantResult;
      try {
        const done = await work(tenant);
        result = { ...base, ...done, durationMs: Date.now() - started, finishedAt: new Date().toISOString() };
      } catch (e) {
        const error = toCatalogError(e);
        result = { ...base, status: 'failed', exitCode: error.exitCode, error: errorShape(error), warnings: [], durationMs: Date.now() - started, finishedAt: new Date().toISOString() };
      }
      // The org work of a rotate is done once the new pair is handed off, proven or not (a rerun would find the
      // previous pair and refuse): 'unverified' is done; `ren-eca verify` proves it later.
      if (!options.dryRun) await ctx.store.save(withStep(state, result.status === 'failed' ? 'failed' : 'done', { result }));
      ctx.events({ kind: 'finished', tenant: tenant.id, status: result.status, exitCode: result.exitCode, ...(result.error ? { message: result.error.message } : {}) });
      return result;
    },
  };
};

export const runLifecycleFleet = async (options: LifecycleFleetOptions, deps: FleetDependencies, display?: (total: number) => ProgressDisplay): Promise<LifecycleFleetRun> => {
  const run = await runFleet(
    { tenantsPath: options.tenantsPath, concurrency: options.concurrency, stateDir: options.stateDir, ...(options.specPath === undefined ? {} : { specPath: options.specPath }), ...(options.shard === undefined ? {} : { shard: options.shard }) },
    deps,
    lifecycleOperation(options),
    display,
  );
  return { ...run, exitCode: rolloutExitCode(run.tenants) };
};
