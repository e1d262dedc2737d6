/**
 * `rotate --tenants`, `rotate --finish --tenants`, `remove --tenants`: flags → the fleet run
 * (src/provision/lifecycle/lifecycleFleet.ts over the one fleet runner), and the summary table.
 */
import type { CommandOutcome, ConsoleUi } from '../output.js';
import { parseShard, salesforceDependencies, summarize, tenantTable, type RolloutSummary, type TenantResult } from '../../fleet/index.js';
import { runLifecycleFleet, type LifecycleFleetOptions } from '../../fleet/index.js';
import { fleetProgressFor } from '../fleetProgress.js';

export type LifecycleFleetFlags = {
  tenants: string;
  concurrency: number;
  state: string;
  'output-dir': string;
  shard?: string;
  force: boolean;
  spec?: string;
};

export type LifecycleFleetResult = { tenantsFile: string; shard: string; reportPath: string; fileTenants: number; summary: RolloutSummary; tenants: TenantResult[] };

const VERBS: Readonly<Record<LifecycleFleetOptions['action'], string>> = {
  rotate: 'Rotating the key and secret',
  'rotate-finish': 'Finishing the rotation (revoking the previous pair)',
  remove: 'Removing Ren',
};

export const lifecycleFleetLines = (r: LifecycleFleetResult): string[] => [
  ...tenantTable(r.tenants),
  ...r.tenants.filter((t) => t.proofDetail !== undefined).map((t) => `${t.tenant}: ${t.proofDetail ?? ''}`),
  '',
  `${r.summary.total} tenant${r.summary.total === 1 ? '' : 's'}: ${r.summary.succeeded} done (${r.summary.reused} by earlier runs), ${r.summary.unverified} not proven yet, ${r.summary.failed} failed.`,
  `Report (one JSON line per tenant): ${r.reportPath}`,
];

export const runLifecycleFleetCommand = async (
  flags: LifecycleFleetFlags,
  ui: ConsoleUi,
  options: Omit<LifecycleFleetOptions, 'tenantsPath' | 'specPath' | 'concurrency' | 'stateDir' | 'shard' | 'outputDir' | 'force'>,
): Promise<CommandOutcome<LifecycleFleetResult>> => {
  const shard = parseShard(flags.shard);
  ui.stage(`${VERBS[options.action]} in every org of ${flags.tenants}${options.dryRun ? ' (dry run)' : ''}${shard.count > 1 ? ` (shard ${shard.index}/${shard.count})` : ''}`);
  const run = await runLifecycleFleet(
    {
      ...options,
      tenantsPath: flags.tenants,
      ...(flags.spec === undefined ? {} : { specPath: flags.spec }),
      concurrency: flags.concurrency,
      stateDir: flags.state,
      shard,
      outputDir: flags['output-dir'],
      force: flags.force,
    },
    salesforceDependencies(),
    fleetProgressFor(ui),
  );
  for (const w of run.warnings) ui.warn(w);
  const summary = summarize(run.tenants);
  return {
    result: { tenantsFile: run.tenantsFile, shard: run.shard, reportPath: run.reportPath, fileTenants: run.fileTenants, summary: { ...summary, exitCode: run.exitCode }, tenants: run.tenants },
    exitCode: run.exitCode,
    human: lifecycleFleetLines,
  };
};
