/**
 * `ren-eca verify <hand-off files…> [--wait <minutes>] [--identity <file>] [--json]`: proves each hand-off's consumer
 * key and secret at its org's token endpoint, with no sf login (Ren's side of the hand-off). The handler
 * lazy-imports the work so `--help` stays fast.
 */
import type { CommandModule } from 'yargs';
import type { VerifyFlags } from '../bodies/verify.js';
import type { GlobalFlags } from '../output.js';
import { runCommand } from '../output.js';
import { cliError } from '../../errors/index.js';

type VerifyArgs = GlobalFlags & VerifyFlags;

export const verifyCommand: CommandModule<GlobalFlags, VerifyArgs> = {
  command: 'verify <files..>',
  describe: "Prove hand-off files' consumer key and secret at their org's token endpoint (no sf login); exit 0 all accepted, 69 not known yet, 1 refused or not checked",
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'Hand-off files (<orgId>.json, or sealed <orgId>.json.age)' })
      .option('wait', { type: 'number', default: 0, describe: 'Minutes to keep asking, with back-off, while the token endpoint does not know a new app yet' })
      .option('identity', { type: 'string', nargs: 1, describe: "Ren's age identity file, to open sealed hand-offs (.json.age)" })
      .option('retry-interval', { type: 'number', hidden: true, describe: 'First pause between proofs in ms (tests)' })
      .check((argv) => {
        if (!(typeof argv.wait === 'number' && argv.wait >= 0)) throw cliError('Usage', ['--wait must be a number of minutes, 0 or more.']);
        return true;
      }),
  handler: async (argv) => {
    await runCommand(argv, async (ui) => {
      const { runVerifyCommand } = await import('../bodies/verify.js');
      return runVerifyCommand(argv, ui);
    });
  },
};
