/**
 * The command-line parser. Only parsing lives here; each command is a module in ./commands.
 * `main.ts` loads this module once it has checked the Node version.
 */
import yargs from 'yargs';
import { COMMANDS } from './commands/index.js';
import { ConsoleUi, errorJson, renderError, toSfError } from './output.js';
import { usageMessage } from './usageMessage.js';
import { cliError } from '../errors/index.js';
import { packageVersion } from '../files/index.js';

/**
 * Thrown by .fail once a usage error is printed: without it yargs goes on to run the command's handler, which
 * printed a second error (a second JSON document under --json) for the same mistyped flag.
 */
class UsageReported extends Error {}

/** Help is printed only for --help/-h (usage errors go through .fail below, without help). */
const helpAsked = (argv: readonly string[]): boolean => argv.some((a) => a === '--help' || a === '-h');

export const buildParser = (argv: readonly string[]) =>
  yargs([...argv])
    .scriptName('ren-eca')
    .usage('$0 <command> [options]\n\nRegisters Ren as a Local External Client App in Salesforce orgs.')
    .option('json', { type: 'boolean', default: false, describe: 'Print one JSON document { status, result, warnings } and nothing else' })
    .option('debug', { type: 'boolean', default: false, describe: 'Show stack traces on errors' })
    // yargs would look for a package.json from the current directory: run outside the project it said "unknown".
    .version(packageVersion())
    .command([...COMMANDS])
    .demandCommand(1, 'Name a command.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    // yargs lays out a command's whole help before running it (usage.cacheHelpMessage): about 8 ms of text wrapping
    // per run, measured on `schema`. Wrapped to the terminal only when the help is what the run prints.
    .wrap(helpAsked(argv) ? Math.min(110, process.stdout.columns || 100) : null)
    .fail((msg, err) => {
      // Errors thrown by handlers are printed by runCommand; only parsing errors get here: yargs's own (msg) and the
      // commands' .check() refusals (a UsageError). Anything else is a defect and propagates.
      if (err && err.name !== 'UsageError') throw err;
      const jsonRequested = argv.includes('--json');
      const error = err ? toSfError(err) : cliError('Usage', [usageMessage(msg, argv)]);
      const debug = argv.includes('--debug');
      const ui = new ConsoleUi(jsonRequested);
      if (jsonRequested) ui.printJson(errorJson(error, [], debug));
      else ui.printError(renderError(error, debug));
      process.exitCode = error.exitCode;
      throw new UsageReported(msg);
    });

/** Parses argv (without the node and script paths) and runs the command it names. */
export const runMain = async (argv: readonly string[]): Promise<void> => {
  try {
    await buildParser(argv).parseAsync();
  } catch (e) {
    if (!(e instanceof UsageReported)) throw e;
  }
};
