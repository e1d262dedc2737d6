/**
 * `ren-eca remove --target-org <org>`: takes Ren out of an org (a destructive deploy of the app's parts, which revokes
 * its tokens) after a confirmation, and renames the local hand-off file. The handler lazy-imports the work.
 */
import type { CommandModule } from 'yargs';
import type { RemoveFlags } from '../bodies/remove.js';
import type { GlobalFlags } from '../output.js';
import { runCommand } from '../output.js';
import { exitCodeHelp } from '../../errors/index.js';
import { DEFAULT_WAIT_MINUTES } from '../defaults.js';

type RemoveArgs = GlobalFlags & RemoveFlags;

export const removeCommand: CommandModule<GlobalFlags, RemoveArgs> = {
  command: 'remove',
  describe: "Take Ren out of an org (revokes every token issued to it) and rename the local hand-off file to <name>.removed-<timestamp>",
  builder: (y) =>
    y
      .example('$0 remove --target-org acme', 'show what goes, ask for confirmation on the terminal, remove Ren')
      .example('$0 remove -o acme --dry-run', 'only show what would be removed; change nothing')
      .example('$0 remove -o acme --yes --json', 'no prompt (scripts, CI): --yes is required without a terminal')
      .epilogue(exitCodeHelp())
      .option('target-org', { alias: 'o', type: 'string', describe: 'Alias or username of an sf CLI login (default: the sf CLI target-org)' })
      .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Confirm without a prompt (required without a terminal)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Say what would be removed and renamed; change nothing' })
      .option('spec', { type: 'string', describe: "Registration spec: the app's name (default: metadata-templates/ren.registration.json)" })
      .option('output', { type: 'string', nargs: 1, describe: 'The hand-off file to rename (default ./ren-credentials/<orgId>.json and .json.age)' })
      .option('wait', { type: 'number', default: DEFAULT_WAIT_MINUTES, describe: 'Minutes to wait for the destructive deploy; exit 68 if it is still running then' })
      .option('api-version', { type: 'string', describe: 'Metadata API version (default: what the spec needs, capped at the org maximum)' })
      .option('poll-interval', { type: 'number', hidden: true, describe: 'Deploy status poll interval in ms (tests)' })
      .check((argv) => {
        if (!(argv.wait > 0)) throw new Error('--wait must be a number of minutes greater than 0.');
        if (argv.output === '-') throw new Error('remove renames the hand-off file: name it with --output <file> (not -).');
        return true;
      }),
  handler: async (argv) => {
    await runCommand(argv, async (ui) => {
      const { runRemoveCommand } = await import('../bodies/remove.js');
      return runRemoveCommand(argv, ui);
    });
  },
};
