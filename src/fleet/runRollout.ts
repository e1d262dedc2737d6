/**
 * `rollout`: provisions every tenant of this shard, at most `concurrency` orgs at a time, in one process.
 * Up-front checks first (nothing is touched if any fails), then the state directory is locked, each
 * tenant's stored state decides skip / start / resume, tenants run through the pool, and the JSON-lines
 * report is written. One tenant's failure never stops the others.
 */
import { mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { prepareTenants } from './prepareTenants.js';
import { silentProgress, type ProgressDisplay } from './progressDisplay.js';
import { runPool } from './promisePool.js';
import { handoffPathFor, runTenant } from './provisionTenant.js';
import { checkHandoffFolder } from '../credentials/index.js';
import { recheckDoneTenant } from './doneTenantHandoff.js';
import { reportPathFor, summarize, writeReport, type RolloutSummary } from './report.js';
import type { RolloutDependencies } from './rolloutDependencies.js';
import { shardFileTag, shardLabel, WHOLE_FLEET, type Shard } from './sharding.js';
import { StateStore } from './stateStore.js';
import type { TenantResult } from './tenantResult.js';
import { planTenant } from './tenantState.js';

export type RolloutOptions = {
  readonly tenantsPath: string;
  readonly specPath?: string;
  readonly concurrency: number;
  readonly dryRun: boolean;
  readonly stateDir: string;
  readonly outputDir: string;
  readonly shard?: Shard;
  /** Run tenants again even when an earlier run finished them. */
  readonly force?: boolean;
  /** Minutes to wait for each deploy (the CLI's one default: src/cli/defaults.ts). */
  readonly waitMinutes: number;
  readonly allowOrgSettings?: boolean;
  readonly allowSecretToggle?: boolean;
  readonly backoff?: BackoffPolicy;
  /** Deploy status poll interval; default: provisioning's (1 s, as the sf CLI). */
  readonly pollIntervalMs?: number;
};

export type RolloutResult = {
  tenantsFile: string;
  shard: string;
  dryRun: boolean;
  concurrency: number;
  stateDir: string;
  outputDir: string;
  reportPath: string;
  /** Tenants in the whole file (all shards). */
  fileTenants: number;
  elapsedMs: number;
  summary: RolloutSummary;
  tenants: TenantResult[];
  warnings: string[];
};

/** Creates the hand-off folder private to its owner; warns when an existing one is readable by others. */
const prepareOutputDir = async (dir: string): Promise<string[]> => {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const mode = (await stat(dir)).mode & 0o777;
  return mode & 0o077 ? [`The hand-off folder ${dir} is readable by other users (mode ${mode.toString(8)}); run \`chmod 700 ${dir}\`.`] : [];
};

export const runRollout = async (
  options: RolloutOptions,
  deps: RolloutDependencies,
  display: (total: number) => ProgressDisplay = () => silentProgress,
): Promise<RolloutResult> => {
  const started = Date.now();
  const shard = options.shard ?? WHOLE_FLEET;
  const fleet = await prepareTenants(options.tenantsPath, shard, deps, options.specPath);
  const stateDir = resolve(options.stateDir);
  const outputDir = resolve(options.outputDir);
  if (!options.dryRun) await checkHandoffFolder(outputDir); // before the state folder or any org is touched
  const store = new StateStore(stateDir, options.dryRun ? 'dry-run' : 'deploy');
  const release = await store.lock(shardFileTag(shard));
  try {
    const warnings = options.dryRun ? [] : await prepareOutputDir(outputDir);
    const states = await Promise.all(fleet.tenants.map((t) => store.load(t.id)));
    const plans = await Promise.all(
      fleet.tenants.map((t, i) => recheckDoneTenant(planTenant(states[i], { fingerprint: t.fingerprint, force: options.force ?? false }), states[i], handoffPathFor(outputDir, t.id), options.dryRun)),
    );
    const progress = display(fleet.tenants.length);
    const results: (TenantResult | undefined)[] = fleet.tenants.map((t, i) => {
      const previous = states[i]?.result;
      if (plans[i]?.action !== 'skip' || previous === undefined) return undefined;
      progress.onEvent({ kind: 'skipped', tenant: t.id, reason: plans[i].reason });
      return { ...previous, reused: true };
    });
    const ctx = {
      deps,
      store,
      shard: shardLabel(shard),
      outputDir,
      dryRun: options.dryRun,
      waitMinutes: options.waitMinutes,
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      allowOrgSettings: options.allowOrgSettings ?? false,
      allowSecretToggle: options.allowSecretToggle ?? true,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      events: (e: Parameters<ProgressDisplay['onEvent']>[0]) => progress.onEvent(e),
    };
    const todo = fleet.tenants.map((t, i) => ({ tenant: t, index: i })).filter(({ index }) => results[index] === undefined);
    try {
      await runPool(todo, options.concurrency, async ({ tenant, index }) => {
        results[index] = await runTenant(tenant, plans[index] ?? { action: 'start', reason: 'new' }, states[index], ctx);
      });
    } finally {
      progress.stop();
    }
    const tenants = results.filter((r): r is TenantResult => r !== undefined);
    const reportPath = reportPathFor(store.reportDir, shard);
    await writeReport(reportPath, tenants);
    return {
      tenantsFile: resolve(options.tenantsPath),
      shard: shardLabel(shard),
      dryRun: options.dryRun,
      concurrency: options.concurrency,
      stateDir,
      outputDir,
      reportPath,
      fileTenants: fleet.fileTotal,
      elapsedMs: Date.now() - started,
      summary: summarize(tenants),
      tenants,
      warnings,
    };
  } finally {
    await release();
  }
};
