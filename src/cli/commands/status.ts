/**
 * `ren-eca status --target-org <org>` / `status --tenants <file>`: where each org stands against the spec. Read-only:
 * never deploys, never switches a setting. The handler lazy-imports the work so `--help` stays fast.
 */
import type { CommandModule } from 'yargs';
import type { StatusFlags } from '../bodies/status.js';
import type { GlobalFlags } from '../output.js';
import { runCommand } from '../output.js';
import { cliError, exitCodeHelp } from '../../errors/index.js';
import { DEFAULT_WAIT_MINUTES } from '../defaults.js';

type StatusArgs = GlobalFlags & StatusFlags;

export const statusCommand: CommandModule<GlobalFlags, StatusArgs> = {
  command: 'status',
  describe: 'Show where each org stands against the spec (read-only): Ren there or not, drift, org switches, secret access',
  builder: (y) =>
    y
      .example('$0 status -o acme', 'compare Ren in the org with the spec; exit 3 on drift')
      .example('$0 status -o acme --handoff ren-credentials/00D….json', "also check the hand-off holds the org's consumer key")
      .example('$0 status --tenants tenants.csv --concurrency 16', 'every tenant: one JSON line each in the report, a summary table')
      .epilogue(exitCodeHelp())
      .option('target-org', { alias: 'o', type: 'string', describe: 'Alias or username of an sf CLI login (default: the sf CLI target-org)' })
      .option('tenants', { type: 'string', describe: 'Tenants file (.csv or .json), as rollout takes it' })
      .option('concurrency', { type: 'number', default: 8, describe: 'Orgs checked at the same time (--tenants)' })
      .option('shard', { type: 'string', describe: 'Check only shard i of n (e.g. 2/4), as rollout splits them' })
      .option('state', { type: 'string', default: 'status-state', describe: 'Folder for the report (<state>/status/report.<shard>.jsonl)' })
      .option('spec', { type: 'string', describe: 'Registration spec (default: metadata-templates/ren.registration.json of this tool)' })
      .option('overrides', { type: 'string', describe: 'Tenant overrides JSON for this org (with --target-org)' })
      .option('handoff', { type: 'string', describe: "A hand-off file: check it holds the org's consumer key (sealed files via their header, no identity needed)" })
      .option('wait', { type: 'number', default: DEFAULT_WAIT_MINUTES, describe: 'Minutes to wait for the read (a Metadata API retrieve)' })
      .option('poll-interval', { type: 'number', hidden: true, describe: 'Retrieve status poll interval in ms (tests)' })
      .check((argv) => {
        if (!(Number.isInteger(argv.concurrency) && argv.concurrency >= 1 && argv.concurrency <= 256)) throw cliError('Usage', ['--concurrency must be a whole number from 1 to 256.']);
        if (!(argv.wait > 0)) throw cliError('Usage', ['--wait must be a number of minutes greater than 0.']);
        return true;
      }),
  handler: async (argv) => {
    await runCommand(argv, async (ui) => {
      const { runStatusCommand } = await import('../bodies/status.js');
      return runStatusCommand(argv, ui);
    });
  },
};
