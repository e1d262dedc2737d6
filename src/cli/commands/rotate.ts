/**
 * `ren-eca rotate --target-org <org> [--finish]`: a new consumer key and secret without downtime (Salesforce's staged
 * credentials), then, with --finish, revoke the previous pair. The handler lazy-imports the work so `--help` stays fast.
 */
import type { CommandModule } from 'yargs';
import type { RotateFlags } from '../bodies/rotate.js';
import type { GlobalFlags } from '../output.js';
import { runCommand } from '../output.js';
import { cliError, exitCodeHelp } from '../../errors/index.js';
import { DEFAULT_VERIFY_WAIT_MINUTES, DEFAULT_WAIT_MINUTES } from '../defaults.js';

type RotateArgs = GlobalFlags & RotateFlags;

export const rotateCommand: CommandModule<GlobalFlags, RotateArgs> = {
  command: 'rotate',
  describe: "Give Ren a new consumer key and secret without downtime (the old pair keeps working until --finish revokes it)",
  builder: (y) =>
    y
      .example('$0 rotate --target-org acme', 'stage, promote and prove a new pair; write it to ./ren-credentials/<orgId>.json with rotation.state "rotated"')
      .example('$0 rotate -o acme --finish', 'once Ren uses the new pair: revoke the previous one (rotation.state "finished")')
      .example('$0 rotate --tenants tenants.csv --concurrency 16', 'every tenant, through the fleet runner: resumable, one JSON line each in <state>/rotate/report.all.jsonl')
      .example('$0 rotate -o acme --output ren.json.age --identity ren.key', 'a sealed hand-off: --identity lets --finish open it to mark the rotation finished')
      .epilogue(exitCodeHelp())
      .option('target-org', { alias: 'o', type: 'string', describe: 'Alias or username of an sf CLI login (default: the sf CLI target-org)' })
      .option('tenants', { type: 'string', describe: 'Tenants file (.csv or .json), as rollout takes it: every org through the fleet runner' })
      .option('concurrency', { type: 'number', default: 8, describe: 'Orgs worked on at the same time (--tenants)' })
      .option('state', { type: 'string', default: 'rollout-state', describe: 'State folder (--tenants): per-tenant progress and reports under <state>/rotate (or rotate-finish); rerun to resume' })
      .option('output-dir', { type: 'string', default: 'ren-credentials', describe: 'Hand-off files of --tenants, one per tenant (<tenant>.json), as rollout writes them' })
      .option('shard', { type: 'string', describe: 'Only shard i of n (e.g. 2/4), as rollout splits them (--tenants)' })
      .option('force', { type: 'boolean', default: false, describe: 'Run tenants again that an earlier run finished (--tenants)' })
      .option('finish', { type: 'boolean', default: false, describe: 'Revoke the previous pair of an earlier rotate (only once Ren uses the new one)' })
      .option('spec', { type: 'string', describe: 'Registration spec: the app name and the hand-off recipients (default: metadata-templates/ren.registration.json)' })
      .option('output', { type: 'string', nargs: 1, describe: "The hand-off file Ren uses now, rewritten with the new pair (default ./ren-credentials/<orgId>.json[.age]); '-' prints it" })
      .option('identity', { type: 'string', nargs: 1, describe: "Ren's age identity file, to open a sealed hand-off (.json.age)" })
      .option('wait', { type: 'number', default: DEFAULT_WAIT_MINUTES, describe: 'Minutes to wait for the org setting deploys around the secret access' })
      .option('secret-toggle', {
        type: 'boolean',
        default: true,
        describe: 'Switch REST access to consumer secrets on just for the staged calls, and off right after (--no-secret-toggle refuses)',
      })
      .option('verify', { type: 'boolean', default: true, describe: 'Prove the new pair at the token endpoint (--no-verify skips it)' })
      .option('verify-wait', { type: 'number', default: DEFAULT_VERIFY_WAIT_MINUTES, describe: 'Minutes to keep proving while the token endpoint does not know the new key yet; exit 69 after' })
      .option('api-version', { type: 'string', describe: 'API version of the staged-credentials calls (65.0 or later; default the org maximum)' })
      .option('poll-interval', { type: 'number', hidden: true, describe: 'Deploy status poll interval in ms (tests)' })
      .option('retry-interval', { type: 'number', hidden: true, describe: 'First pause between proofs in ms (tests)' })
      .check((argv) => {
        if (!(Number.isInteger(argv.concurrency) && argv.concurrency >= 1 && argv.concurrency <= 256)) throw cliError('Usage', ['--concurrency must be a whole number from 1 to 256.']);
        if (argv.tenants !== undefined && (argv['target-org'] !== undefined || argv.output !== undefined)) throw cliError('Usage', ['Use --target-org <org> (and --output) for one org, or --tenants <file> (and --output-dir) for many, not both.']);
        if (!(argv.wait > 0)) throw cliError('Usage', ['--wait must be a number of minutes greater than 0.']);
        if (!(typeof argv['verify-wait'] === 'number' && argv['verify-wait'] >= 0)) throw cliError('Usage', ['--verify-wait must be a number of minutes, 0 or more.']);
        if (argv.output === '-' && argv.json) throw cliError('Usage', ['--output - and --json both want stdout: use one, or write the hand-off to a file with --output <file>.']);
        if (argv.output === '-' && argv.finish) throw cliError('Usage', ['--finish reads and updates the hand-off file: name it with --output <file> (not -).']);
        return true;
      }),
  handler: async (argv) => {
    await runCommand(argv, async (ui) => {
      const { runRotateCommand } = await import('../bodies/rotate.js');
      return runRotateCommand(argv, ui);
    });
  },
};
