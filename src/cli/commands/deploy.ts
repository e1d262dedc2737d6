/**
 * `ren-eca deploy --target-org <alias>`: registers Ren in one org and writes the hand-off file
 * (Login URL, Consumer Key, Consumer Secret). Flags follow the sf CLI (--target-org/-o, --wait, --dry-run, --json).
 * The handler lazy-imports the deploy modules so `--help` stays fast (the flags type is a type-only import: erased).
 */
import type { CommandModule } from 'yargs';
import type { DeployFlags } from '../bodies/deploy.js';
import type { GlobalFlags } from '../output.js';
import { runCommand } from '../output.js';
import { cliError, exitCodeHelp } from '../../errors/index.js';
import { DEFAULT_VERIFY_WAIT_MINUTES, DEFAULT_WAIT_MINUTES } from '../defaults.js';

type DeployArgs = GlobalFlags & DeployFlags;

export const deployCommand: CommandModule<GlobalFlags, DeployArgs> = {
  command: 'deploy',
  describe: 'Register Ren in an org you are logged in to with the sf CLI, and write the credentials hand-off file',
  builder: (y) =>
    y
      .example('$0 deploy --target-org acme', "register Ren in the org logged in as 'acme' and write ./ren-credentials/<orgId>.json")
      .example('$0 deploy -o acme --dry-run', "validate only: change nothing, read no credentials")
      .example('$0 deploy -o acme --output - --allow-org-settings', "print the hand-off to stdout; switch on the org setting the spec needs")
      .epilogue(exitCodeHelp())
      .option('target-org', { alias: 'o', type: 'string', describe: 'Alias or username of an sf CLI login (default: the sf CLI target-org)' })
      .option('spec', { type: 'string', describe: 'Registration spec (default: metadata-templates/ren.registration.json of this tool)' })
      .option('overrides', { type: 'string', describe: 'Tenant overrides JSON for this org (profiles, permissionSets, callbackUrls, ...)' })
      .option('wait', { type: 'number', default: DEFAULT_WAIT_MINUTES, describe: 'Minutes to wait for each deploy; exit 69 if it is still running then' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Validate only (checkOnly): change nothing, read no credentials' })
      .option('allow-org-settings', { type: 'boolean', default: false, describe: 'Allow switching on org-wide settings the spec needs (Authorization Code and Credentials Flow)' })
      .option('secret-toggle', {
        type: 'boolean',
        default: true,
        describe: 'Switch REST access to consumer secrets on just for the read-back, and off right after (--no-secret-toggle refuses)',
      })
      .option('output', { type: 'string', nargs: 1, describe: "Hand-off file (default ./ren-credentials/<orgId>.json); '-' prints it to stdout" })
      .option('show-secret', { type: 'boolean', default: false, describe: 'Also show the consumer secret in the output (it is always in the hand-off file)' })
      .option('api-version', { type: 'string', describe: 'Metadata API version (default: sfdx-project.json sourceApiVersion, capped at the org maximum)' })
      .option('poll-interval', { type: 'number', hidden: true, describe: 'Deploy status poll interval in ms (tests, benchmarks)' })
      .option('verify', { type: 'boolean', default: true, describe: "Prove the key and secret at the org's token endpoint after the hand-off (--no-verify skips)" })
      .option('verify-wait', { type: 'number', default: DEFAULT_VERIFY_WAIT_MINUTES, describe: 'Minutes to keep proving while Salesforce does not know the new app yet; exit 69 then' })
      .option('verify-retry-interval', { type: 'number', hidden: true, describe: 'First pause between proofs in ms (tests)' })
      .check((argv) => {
        if (!(argv.wait > 0)) throw cliError('Usage', ['--wait must be a number of minutes greater than 0.']);
        if (!(argv['verify-wait'] >= 0)) throw cliError('Usage', ['--verify-wait must be a number of minutes, 0 or more.']);
        if (argv.output === '-' && argv.json) throw cliError('Usage', ["--output - and --json both want stdout: use one, or write the hand-off to a file with --output <file>."]);
        return true;
      }),
  handler: async (argv) => {
    await runCommand(argv, async (ui) => {
      const { runDeployCommand } = await import('../bodies/deploy.js');
      return runDeployCommand(argv, ui);
    });
  },
};
