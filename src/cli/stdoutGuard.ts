/**
 * stdout carries only the command's document (`--json`, `--output -`, a human summary). Installed by the
 * entry point before any library loads:
 *   - the real stdout writer is kept for the output layer (documentStream), and `process.stdout.write` —
 *     which console.log, console.info and any dependency printing "just a line" go through — is pointed at
 *     stderr;
 *   - @salesforce/core's logger, when DEBUG is set, writes pino-pretty output to fd 1 from a worker thread
 *     (out of reach of the patch above) unless SF_LOG_STDERR is true: it is set here, so its logs go to stderr
 *     whatever SF_LOG_LEVEL says. Without DEBUG, core logs to its file (or memory), never to stdout.
 * `--help`/`--version` are documents too, printed by yargs through console.log: for them stdout stays as it is.
 * In-process test runs do not install it: documentStream() is then process.stdout itself.
 */
export type TextSink = { write(text: string): unknown };

let documentWriter: TextSink | undefined;

const YARGS_DOCUMENTS: ReadonlySet<string> = new Set(['--help', '-h', '--version']);

export const guardStdout = (argv: readonly string[]): void => {
  if (documentWriter !== undefined) return;
  process.env.SF_LOG_STDERR = 'true';
  if (argv.some((a) => YARGS_DOCUMENTS.has(a))) return;
  const stdout = process.stdout;
  const realWrite = stdout.write.bind(stdout);
  documentWriter = { write: (text: string) => realWrite(text) };
  stdout.write = process.stderr.write.bind(process.stderr);
};

/** Where the command's document goes: the real stdout (also when the guard is installed). */
export const documentStream = (): TextSink => documentWriter ?? process.stdout;
