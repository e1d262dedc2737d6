/** What `rollout` and `rollout report` do once flags are parsed: run, then render result and progress. */
import { resolve } from 'node:path';
import type { CommandOutcome, ConsoleUi, GlobalFlags } from '../output.js';
import { cliError } from '../../errors/index.js';
import {
  collectReports,
  lineProgress,
  parseShard,
  runRollout,
  salesforceDependencies,
  silentProgress,
  summaryTable,
  terminalProgress,
  writeReport,
  type CombinedReport,
  type ProgressDisplay,
  type RolloutResult,
} from '../../fleet/index.js';

export type RolloutArgs = GlobalFlags & {
  tenants?: string;
  concurrency: number;
  'dry-run': boolean;
  state: string;
  'output-dir': string;
  shard?: string;
  force: boolean;
  spec?: string;
  wait: number;
  'allow-org-settings': boolean;
  'secret-toggle': boolean;
  'poll-interval'?: number;
};

export type RolloutReportArgs = GlobalFlags & { merge?: string[]; state?: string[]; output?: string };

const progressFor = (ui: ConsoleUi): ((total: number) => ProgressDisplay) => {
  if (ui.json) return () => silentProgress;
  if (process.stderr.isTTY) return (total) => terminalProgress(total, process.stderr);
  return (total) => lineProgress(total, (line) => ui.info(line));
};

/** The --json result: everything but the warnings, which the envelope carries in `warnings[]`. */
export type RolloutCommandResult = Omit<RolloutResult, 'warnings'>;
export type ReportCommandResult = Omit<CombinedReport, 'warnings'>;

export const runRolloutCommand = async (argv: RolloutArgs, ui: ConsoleUi): Promise<CommandOutcome<RolloutCommandResult>> => {
  if (argv.tenants === undefined) throw cliError('Usage', ['Name the tenants file with --tenants <file.csv|file.json>.']);
  const shard = parseShard(argv.shard);
  const deps = salesforceDependencies();
  // Library warnings (core, SDR) from 200 orgs repeat; each distinct one is shown once.
  const { routeLibraryWarnings } = await import('../../salesforce/index.js');
  const seen = new Set<string>();
  const stopWarnings = routeLibraryWarnings((w) => {
    if (!seen.has(w)) ui.warn(w);
    seen.add(w);
  });
  ui.stage(`Rolling out Ren from ${argv.tenants}${shard.count > 1 ? ` (shard ${shard.index}/${shard.count})` : ''}`);
  const result = await runRollout(
    {
      tenantsPath: argv.tenants,
      ...(argv.spec === undefined ? {} : { specPath: argv.spec }),
      concurrency: argv.concurrency,
      dryRun: argv['dry-run'],
      stateDir: argv.state,
      outputDir: argv['output-dir'],
      shard,
      force: argv.force,
      waitMinutes: argv.wait,
      allowOrgSettings: argv['allow-org-settings'],
      allowSecretToggle: argv['secret-toggle'],
      ...(argv['poll-interval'] === undefined ? {} : { pollIntervalMs: argv['poll-interval'] }),
    },
    deps,
    progressFor(ui),
  ).finally(stopWarnings);
  const { warnings, ...rest } = result;
  for (const w of warnings) ui.warn(w);
  for (const t of result.tenants) for (const w of t.warnings) ui.warn(`${t.tenant}: ${w}`);
  return {
    result: rest,
    exitCode: result.summary.exitCode,
    human: (r) =>
      summaryTable(r.tenants, r.summary, [
        `Report: ${r.reportPath}`,
        ...(r.dryRun ? [] : [`Hand-off files: ${r.outputDir}`]),
        ...(r.summary.exitCode === 0 ? [] : ['Run the same command again to retry the failed tenants and continue the unfinished ones; finished tenants are skipped.']),
      ]),
  };
};

export const runReportCommand = async (argv: RolloutReportArgs, ui: ConsoleUi): Promise<CommandOutcome<ReportCommandResult>> => {
  const { warnings, ...combined } = await collectReports({ reports: argv.merge ?? [], stateDirs: argv.state ?? [] });
  for (const w of warnings) ui.warn(w);
  if (argv.output !== undefined) await writeReport(resolve(argv.output), combined.tenants);
  return {
    result: combined,
    exitCode: combined.summary.exitCode,
    human: (r) => summaryTable(r.tenants, r.summary, argv.output === undefined ? [] : [`Combined report: ${resolve(argv.output)}`]),
  };
};
