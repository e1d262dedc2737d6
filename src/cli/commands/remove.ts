/**
 * `ren-eca remove --target-org <org>`: takes Ren out of an org (a destructive deploy of the app's parts, which revokes
 * its tokens) after a confirmation, and renames the local hand-off file. The handler lazy-imports the work.
 */
import type { CommandModule } from 'yargs';
import type { RemoveFlags } from '../bodies/remove.js';
import type { GlobalFlags } from '../output.js';
import { runCommand } from '../output.js';
import { cliError, exitCodeHelp } from '../../errors/index.js';
import { DEFAULT_WAIT_MINUTES } from '../defaults.js';

type RemoveArgs = GlobalFlags & RemoveFlags;

export const removeCommand: CommandModule<GlobalFlags, RemoveArgs> = {
  command: 'remove',
  describe: "Take Ren out of an org (revokes every token issued to it) and rename the local hand-off file to <name>.removed-<timestamp>",
  builder: (y) =>
    y
      .example('$0 remove --target-org acme', 'show what goes, ask for confirmation on the terminal, remove Ren')
      .example('$0 remove -o acme --dry-run', 'only show what would be removed; change nothing')
      .example('$0 remove --tenants leaving.csv --yes', 'every tenant of the file, through the fleet runner (--yes or --dry-run required)')
      .example('$0 remove -o acme --yes --json', 'no prompt (scripts, CI): --yes is required without a terminal')
      .epilogue(exitCodeHelp())
      .option('target-org', { alias: 'o', type: 'string', describe: 'Alias or username of an sf CLI login (default: the sf CLI target-org)' })
      .option('tenants', { type: 'string', describe: 'Tenants file (.csv or .json), as rollout takes it: every org through the fleet runner' })
      .option('concurrency', { type: 'number', default: 8, describe: 'Orgs worked on at the same time (--tenants)' })
      .option('state', { type: 'string', default: 'rollout-state', describe: 'State folder (--tenants): per-tenant progress and reports under <state>/remove; rerun to resume' })
      .option('output-dir', { type: 'string', default: 'ren-credentials', describe: 'Hand-off files of --tenants, one per tenant (<tenant>.json), as rollout writes them' })
      .option('shard', { type: 'string', describe: 'Only shard i of n (e.g. 2/4), as rollout splits them (--tenants)' })
      .option('force', { type: 'boolean', default: false, describe: 'Run tenants again that an earlier run finished (--tenants)' })
      .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Confirm without a prompt (required without a terminal)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Say what would be removed and renamed; change nothing' })
      .option('spec', { type: 'string', describe: "Registration spec: the app's name (default: metadata-templates/ren.registration.json)" })
      .option('output', { type: 'string', nargs: 1, describe: 'The hand-off file to rename (default ./ren-credentials/<orgId>.json and .json.age)' })
      .option('wait', { type: 'number', default: DEFAULT_WAIT_MINUTES, describe: 'Minutes to wait for the destructive deploy; exit 68 if it is still running then' })
      .option('api-version', { type: 'string', describe: 'Metadata API version (default: what the spec needs, capped at the org maximum)' })
      .option('poll-interval', { type: 'number', hidden: true, describe: 'Deploy status poll interval in ms (tests)' })
      .check((argv) => {
        if (!(Number.isInteger(argv.concurrency) && argv.concurrency >= 1 && argv.concurrency <= 256)) throw cliError('Usage', ['--concurrency must be a whole number from 1 to 256.']);
        if (argv.tenants !== undefined && (argv['target-org'] !== undefined || argv.output !== undefined)) throw cliError('Usage', ['Use --target-org <org> (and --output) for one org, or --tenants <file> (and --output-dir) for many, not both.']);
        if (!(argv.wait > 0)) throw cliError('Usage', ['--wait must be a number of minutes greater than 0.']);
        if (argv.output === '-') throw cliError('Usage', ['remove renames the hand-off file: name it with --output <file> (not -).']);
        return true;
      }),
  handler: async (argv) => {
    await runCommand(argv, async (ui) => {
      const { runRemoveCommand } = await import('../bodies/remove.js');
      return runRemoveCommand(argv, ui);
    });
  },
};
