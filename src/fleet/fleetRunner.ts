/**
 * The one fleet runner: the machinery every per-org operation over a tenants file shares. `rollout` and
 * `status` are its users; `rotate` and `remove` plug in the same way. No operation keeps a copy of it.
 *
 * What the runner does, in order:
 *   1. reads and checks the tenants file (all rows, every shard; one TenantsInvalid, exit 2, lists every problem),
 *      keeps this shard's tenants, resolves each org's login and applies each tenant's overrides to the spec;
 *   2. `operation.beforeLock()` (checks that must fail before anything is written, e.g. the hand-off folder);
 *   3. locks the operation's state folder for this shard (two runs never share a shard's state);
 *   4. `operation.afterLock()` (e.g. creating the output folder; returns warnings);
 *   5. loads each tenant's saved state and asks `operation.plan(tenant, state)`: `skip` (its saved state counts
 *      as done: the saved result is reported again, marked `reused`), `start`, or `resume`;
 *   6. runs the others through the promise pool, at most `concurrency` at a time, each through
 *      `operation.run(tenant, plan, state, ctx)`; the operation saves its own steps through `ctx.store`;
 *   7. writes the JSON-lines report (one TenantResult per line, file order) to `<state>/<mode dir>/report.<shard>.jsonl`.
 * Progress events go to the display the caller passes. One tenant's failure never stops the others: an
 * operation's `run` must not throw (a failure is its tenant's result); if it does, the runner records it as failed.
 *
 * Plugging in an operation (e.g. rotate):
 *   const rotate: FleetOperation = {
 *     name: 'rotate', stateMode: 'rotate',
 *     plan: async (tenant, state) => (state?.step === 'done' && state.fingerprint === tenant.fingerprint ? skip : start),
 *     run: async (tenant, plan, state, ctx) => ({ ...TenantResult, status: 'rotated' }),
 *   };
 *   const run = await runFleet({ tenantsPath, shard, concurrency, stateDir }, deps, rotate, display);
 *   // run.tenants: this shard's results; exit code: the operation's own rule over them (e.g. fleetExitCode).
 */
import { resolve } from 'node:path';
import { toCatalogError } from '../errors/index.js';
import { prepareTenants } from './prepareTenants.js';
import type { PreparedTenant } from './preparedTenant.js';
import { silentProgress, type ProgressDisplay } from './progressDisplay.js';
import { runPool } from './promisePool.js';
import { reportPathFor, writeReport } from './report.js';
import type { FleetDependencies } from './rolloutDependencies.js';
import { shardFileTag, shardLabel, WHOLE_FLEET, type Shard } from './sharding.js';
import { StateStore, type StateMode } from './stateStore.js';
import type { TenantEventSink } from './tenantEvents.js';
import { errorShape, type TenantResult } from './tenantResult.js';
import type { TenantPlan, TenantState } from './tenantState.js';

/** What the runner hands an operation for one tenant. */
export type FleetRunContext = {
  /** This operation's state folder (per-tenant state files; `save` is atomic). */
  readonly store: StateStore;
  /** The shard label (`1/4`, or `all`), for results and state files. */
  readonly shard: string;
  /** Progress events (started / stage / backoff / finished) for the display. */
  readonly events: TenantEventSink;
};

/** A per-org operation the fleet runner runs over every tenant of a shard. */
export type FleetOperation = {
  /** Which state folder the operation keeps (each mode has its own tenants, report and results). */
  readonly stateMode: StateMode;
  /** Runs after the tenants file is checked and before the state folder is locked; throws to stop the run. */
  beforeLock?(): Promise<void>;
  /** Runs once the state folder is locked, before any tenant; returns warnings for the run's result. */
  afterLock?(): Promise<string[]>;
  /** What to do with a tenant given its saved state: `skip` reuses the saved result (its state counts as done). */
  plan(tenant: PreparedTenant, state: TenantState | undefined): Promise<TenantPlan>;
  /** One tenant's work. Should never throw: a failure is the tenant's result (status `failed`, its exit code). */
  run(tenant: PreparedTenant, plan: TenantPlan, state: TenantState | undefined, ctx: FleetRunContext): Promise<TenantResult>;
};

export type FleetRunOptions = {
  readonly tenantsPath: string;
  readonly specPath?: string;
  readonly concurrency: number;
  readonly stateDir: string;
  readonly shard?: Shard;
};

export type FleetRun = {
  readonly tenantsFile: string;
  readonly shard: string;
  readonly stateDir: string;
  readonly reportPath: string;
  /** Tenants in the whole file (all shards). */
  readonly fileTenants: number;
  /** This shard's results, in file order. */
  readonly tenants: TenantResult[];
  readonly warnings: string[];
};

/** The result of a tenant whose `run` threw after all: failed, with the error as the single-org command shows it. */
const thrownResult = (tenant: PreparedTenant, shard: string, e: unknown, started: number): TenantResult => {
  const error = toCatalogError(e);
  return {
    tenant: tenant.id,
    org: tenant.org,
    shard,
    status: 'failed',
    exitCode: error.exitCode,
    changes: [],
    apiCalls: {},
    apiCallsTotal: 0,
    backoffs: 0,
    error: errorShape(error),
    warnings: [],
    attempts: 1,
    durationMs: Date.now() - started,
    finishedAt: new Date().toISOString(),
    reused: false,
  };
};

export const runFleet = async (
  options: FleetRunOptions,
  deps: FleetDependencies,
  operation: FleetOperation,
  display: (total: number) => ProgressDisplay = () => silentProgress,
): Promise<FleetRun> => {
  const shard = options.shard ?? WHOLE_FLEET;
  const fleet = await prepareTenants(options.tenantsPath, shard, deps, options.specPath);
  await operation.beforeLock?.();
  const stateDir = resolve(options.stateDir);
  const store = new StateStore(stateDir, operation.stateMode);
  const release = await store.lock(shardFileTag(shard));
  try {
    const warnings = (await operation.afterLock?.()) ?? [];
    const states = await Promise.all(fleet.tenants.map((t) => store.load(t.id)));
    const plans = await Promise.all(fleet.tenants.map((t, i) => operation.plan(t, states[i])));
    const progress = display(fleet.tenants.length);
    const results: (TenantResult | undefined)[] = fleet.tenants.map((t, i) => {
      const previous = states[i]?.result;
      if (plans[i]?.action !== 'skip' || previous === undefined) return undefined;
      progress.onEvent({ kind: 'skipped', tenant: t.id, reason: plans[i].reason });
      return { ...previous, reused: true };
    });
    const ctx: FleetRunContext = { store, shard: shardLabel(shard), events: (e) => progress.onEvent(e) };
    const todo = fleet.tenants.map((t, i) => ({ tenant: t, index: i })).filter(({ index }) => results[index] === undefined);
    try {
      await runPool(todo, options.concurrency, async ({ tenant, index }) => {
        const started = Date.now();
        const plan = plans[index] ?? { action: 'start', reason: 'new' };
        results[index] = await operation.run(tenant, plan, states[index], ctx).catch((e: unknown) => thrownResult(tenant, ctx.shard, e, started));
      });
    } finally {
      progress.stop();
    }
    const tenants = results.filter((r): r is TenantResult => r !== undefined);
    const reportPath = reportPathFor(store.reportDir, shard);
    await writeReport(reportPath, tenants);
    return { tenantsFile: resolve(options.tenantsPath), shard: shardLabel(shard), stateDir, reportPath, fileTenants: fleet.fileTotal, tenants, warnings };
  } finally {
    await release();
  }
};
