/**
 * `rollout`: provisions every tenant of this shard, at most `concurrency` orgs at a time, in one process —
 * the first operation of the fleet runner (src/fleet/fleetRunner.ts), which owns the tenants file, the
 * up-front checks, the lock, skip / start / resume from saved state, the pool, progress and the report.
 * This file adds what is the rollout's own: the hand-off folder checks and one tenant's provisioning (runTenant).
 */
import { mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { runFleet, type FleetOperation } from './fleetRunner.js';
import { silentProgress, type ProgressDisplay } from './progressDisplay.js';
import { handoffPathFor, runTenant } from './provisionTenant.js';
import { checkHandoffFolder } from '../credentials/index.js';
import { recheckDoneTenant } from './doneTenantHandoff.js';
import { summarize, type RolloutSummary } from './report.js';
import type { RolloutDependencies } from './rolloutDependencies.js';
import type { Shard } from './sharding.js';
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
  /** The proof after each tenant's hand-off; false = --no-verify; undefined = one proof, no wait. */
  readonly verify?: false | { waitMinutes: number; firstRetryMs?: number };
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

/** The rollout as an operation of the fleet runner: deploy's pipeline per tenant, resumable by its saved steps. */
const rolloutOperation = (options: RolloutOptions, deps: RolloutDependencies, outputDir: string, learnt = { policiesWithNewApp: true }): FleetOperation => ({
  stateMode: options.dryRun ? 'dry-run' : 'deploy',
  beforeLock: async () => {
    if (!options.dryRun) await checkHandoffFolder(outputDir); // before the state folder or any org is touched
  },
  afterLock: () => (options.dryRun ? Promise.resolve([]) : prepareOutputDir(outputDir)),
  plan: (tenant, state) =>
    recheckDoneTenant(planTenant(state, { fingerprint: tenant.fingerprint, force: options.force ?? false }), state, handoffPathFor(outputDir, tenant.id), options.dryRun),
  run: (tenant, plan, state, fleet) =>
    runTenant(tenant, plan, state, {
      deps,
      store: fleet.store,
      shard: fleet.shard,
      outputDir,
      dryRun: options.dryRun,
      waitMinutes: options.waitMinutes,
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      allowOrgSettings: options.allowOrgSettings ?? false,
      allowSecretToggle: options.allowSecretToggle ?? true,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      ...(options.verify === undefined ? {} : { verify: options.verify }),
      events: fleet.events,
      learnt,
    }),
});

export const runRollout = async (
  options: RolloutOptions,
  deps: RolloutDependencies,
  display: (total: number) => ProgressDisplay = () => silentProgress,
): Promise<RolloutResult> => {
  const started = Date.now();
  const outputDir = resolve(options.outputDir);
  const run = await runFleet(
    { tenantsPath: options.tenantsPath, concurrency: options.concurrency, stateDir: options.stateDir, ...(options.specPath === undefined ? {} : { specPath: options.specPath }), ...(options.shard === undefined ? {} : { shard: options.shard }) },
    deps,
    rolloutOperation(options, deps, outputDir),
    display,
  );
  return {
    tenantsFile: run.tenantsFile,
    shard: run.shard,
    dryRun: options.dryRun,
    concurrency: options.concurrency,
    stateDir: run.stateDir,
    outputDir,
    reportPath: run.reportPath,
    fileTenants: run.fileTenants,
    elapsedMs: Date.now() - started,
    summary: summarize(run.tenants),
    tenants: run.tenants,
    warnings: run.warnings,
  };
};
