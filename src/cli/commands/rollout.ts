/**
 * `ren-eca rollout --tenants tenants.csv`: registers Ren in every tenant's org in one resumable run, and
 * `ren-eca rollout report --merge a.jsonl b.jsonl` / `--state dir ...`: one report over several shards.
 * Handlers lazy-import the rollout modules so `--help` stays fast.
 */
import type { Argv, CommandModule } from 'yargs';
import type { RolloutArgs, RolloutReportArgs } from '../bodies/rollout.js';
import type { GlobalFlags } from '../output.js';
import { runCommand } from '../output.js';
import { cliError, exitCodeHelp } from '../../errors/index.js';
import { DEFAULT_VERIFY_WAIT_MINUTES, DEFAULT_WAIT_MINUTES } from '../defaults.js';

const reportCommand: CommandModule<GlobalFlags, RolloutReportArgs> = {
  command: 'report',
  describe: 'Combine the reports of several shards (or state directories) into one report, summary and exit code',
  builder: (y) =>
    y
      .example('$0 rollout report --merge report.shard-1-of-2.jsonl report.shard-2-of-2.jsonl', "one report, summary and exit code over two shards")
      .example('$0 rollout report --state rollout-state', 'the same from a state directory, covering a run killed before its report')
      .epilogue(exitCodeHelp())
      .option('merge', { type: 'string', array: true, describe: 'Report files (report.*.jsonl) written by rollout runs, e.g. one per CI shard' })
      .option('state', { type: 'string', array: true, describe: 'State directories of rollout runs (their tenant files are read)' })
      .option('output', { type: 'string', describe: 'Write the combined JSON-lines report to this file' })
      .check((argv) => {
        if ((argv.merge?.length ?? 0) + (argv.state?.length ?? 0) === 0) throw cliError('Usage', ['Name the reports to combine with --merge <file...> or --state <dir...>.']);
        return true;
      }),
  handler: async (argv) => {
    await runCommand(argv, async (ui) => {
      const { runReportCommand } = await import('../bodies/rollout.js');
      return runReportCommand(argv, ui);
    });
  },
};

export const rolloutCommand: CommandModule<GlobalFlags, RolloutArgs> = {
  command: 'rollout',
  describe: 'Register Ren in many orgs from a tenants file (CSV or JSON): bounded concurrency, resumable, shardable',
  builder: (y: Argv<GlobalFlags>) =>
    y
      .example('$0 rollout --tenants tenants.csv', "register Ren in every tenant's org; re-run the same command to resume")
      .example('$0 rollout --tenants tenants.csv --shard 2/4', "run the second of four CI shards")
      .example('$0 rollout report --merge report.*.jsonl', "combine the shards' reports")
      .epilogue(exitCodeHelp())
      // Flags of the run are not the report's (global: false), so `rollout report --help` lists only its own.
      .command(reportCommand)
      .option('tenants', { global: false, type: 'string', describe: 'Tenants file (.csv or .json): tenant, org (alias or username), overrides' })
      .option('concurrency', { global: false, type: 'number', default: 8, describe: 'Orgs provisioned at the same time' })
      .option('dry-run', { global: false, type: 'boolean', default: false, describe: 'Validate every tenant (checkOnly): change nothing, read no credentials' })
      .option('state', { global: false, type: 'string', default: 'rollout-state', describe: 'State directory: per-tenant progress, reports; re-run with the same one to resume' })
      .option('output-dir', { global: false, type: 'string', default: 'ren-credentials', describe: 'Hand-off files, one per tenant (<tenant>.json, mode 0600, folder 0700)' })
      .option('shard', { global: false, type: 'string', describe: 'Run only shard i of n (e.g. 2/4), for CI matrices; tenants are split by a hash of their id' })
      .option('force', { global: false, type: 'boolean', default: false, describe: 'Run tenants again even if an earlier run finished them' })
      .option('spec', { global: false, type: 'string', describe: 'Registration spec (default: metadata-templates/ren.registration.json of this tool)' })
      .option('wait', { global: false, type: 'number', default: DEFAULT_WAIT_MINUTES, describe: 'Minutes to wait for each deploy; a tenant still deploying then is picked up by the next run' })
      .option('allow-org-settings', { global: false, type: 'boolean', default: false, describe: 'Allow switching on org-wide settings the spec needs (as deploy)' })
      .option('secret-toggle', { global: false, type: 'boolean', default: true, describe: 'Switch REST access to consumer secrets on just for the read-back (as deploy)' })
      .option('poll-interval', { global: false, type: 'number', hidden: true, describe: 'Deploy status poll interval in ms (tests, benchmarks)' })
      .option('verify', { global: false, type: 'boolean', default: true, describe: "Prove each tenant's key and secret at its token endpoint after the hand-off (--no-verify skips)" })
      .option('verify-wait', { global: false, type: 'number', default: DEFAULT_VERIFY_WAIT_MINUTES, describe: 'Minutes to keep proving per tenant while Salesforce does not know the app yet; then `unverified`' })
      .option('verify-retry-interval', { global: false, type: 'number', hidden: true, describe: 'First pause between proofs in ms (tests)' })
      .check((argv) => {
        if (!(Number.isInteger(argv.concurrency) && argv.concurrency >= 1 && argv.concurrency <= 256)) throw cliError('Usage', ['--concurrency must be a whole number from 1 to 256.']);
        if (!(argv.wait > 0)) throw cliError('Usage', ['--wait must be a number of minutes greater than 0.']);
        return true;
      }, false),
  handler: async (argv) => {
    await runCommand(argv, async (ui) => {
      const { runRolloutCommand } = await import('../bodies/rollout.js');
      return runRolloutCommand(argv, ui);
    });
  },
};
