/**
 * The output layer: the only module that writes to the console.
 *
 * - `--json`: exactly one JSON document on stdout, `{ status, result, warnings }` on success and
 *   `{ status, name, message, exitCode, actions, data, warnings }` on failure (the sf CLI envelope).
 *   Nothing else is printed (no progress, no stages).
 * - human: progress and stages on stderr, the result summary on stdout (or stderr when stdout carries data,
 *   e.g. `--output -`), errors as `Error (Name): message` plus "Try this:" on stderr.
 * - Stack traces only with `--debug`.
 * - Human lines are made inert (terminalText.ts): escape sequences in text from the org are never printed raw.
 * - Secrets are kept out by their type (src/credentials/secret.ts prints "[REDACTED]"); only `writeData()` (an
 *   explicit user request such as `--output -`) and a `--show-secret` result print one.
 */
import { format } from 'node:util';
import type { SfError } from '@salesforce/core/sfError';
import { EXIT_CODES, toCatalogError, type ExitCode } from '../errors/index.js';
import { documentStream, type TextSink } from './stdoutGuard.js';
import { inertTerminalText } from './terminalText.js';

export type GlobalFlags = { json?: boolean; debug?: boolean };

export type Ui = {
  /** true when the user asked for --json: print nothing but the final document. */
  readonly json: boolean;
  /** A named stage of long work ("Deploying metadata"). Silent under --json. */
  stage(name: string): void;
  /** A progress or information line on stderr. Silent under --json. */
  info(message: string, ...args: unknown[]): void;
  /** A warning: stderr for humans, `warnings[]` under --json. */
  warn(message: string): void;
  /** Data the user explicitly asked for on stdout (e.g. the hand-off file with `--output -`). Not redacted. */
  writeData(text: string): void;
  /** Marks stdout as carrying data, so human summaries go to stderr. */
  reserveStdout(): void;
};

export type CommandOutcome<T> = {
  result: T;
  exitCode?: ExitCode;
  /** Human rendering of the result; lines go to stdout (or stderr when stdout is reserved). */
  human?: (result: T) => string[];
};

type Streams = { stdout: TextSink; stderr: TextSink };

export class ConsoleUi implements Ui {
  readonly #warnings: string[] = [];
  #stdoutReserved = false;

  public constructor(
    public readonly json: boolean,
    private readonly streams: Streams = { stdout: documentStream(), stderr: process.stderr },
  ) {}

  public get warnings(): readonly string[] {
    return this.#warnings;
  }

  public stage(name: string): void {
    if (!this.json) this.#err(`» ${name}`);
  }

  public info(message: string, ...args: unknown[]): void {
    if (!this.json) this.#err(format(message, ...args));
  }

  public warn(message: string): void {
    this.#warnings.push(message);
    if (!this.json) this.#err(`Warning: ${message}`);
  }

  public writeData(text: string): void {
    this.streams.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  public reserveStdout(): void {
    this.#stdoutReserved = true;
  }

  public printResult(lines: readonly string[]): void {
    const text = lines.join('\n');
    if (this.#stdoutReserved) this.#err(text);
    else this.streams.stdout.write(`${inertTerminalText(text)}\n`);
  }

  public printJson(doc: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(doc, undefined, 2)}\n`);
  }

  public printError(text: string): void {
    this.#err(text);
  }

  #err(text: string): void {
    this.streams.stderr.write(`${inertTerminalText(text)}\n`);
  }
}

/** Anything thrown, as the catalog error we print (the one classifier: src/errors/classify.ts). */
export const toSfError = (e: unknown): SfError => toCatalogError(e);

export const renderError = (error: SfError, debug: boolean): string => {
  const lines = [`Error (${error.name}): ${error.message}`];
  if (error.actions && error.actions.length > 0) {
    lines.push('', 'Try this:', ...error.actions.map((a) => `  - ${a}`));
  }
  if (debug) {
    lines.push('', error.stack ?? '');
    if (error.cause instanceof Error) lines.push('Caused by:', error.cause.stack ?? String(error.cause));
  }
  return lines.join('\n');
};

export const errorJson = (error: SfError, warnings: readonly string[], debug: boolean): Record<string, unknown> => ({
  status: error.exitCode,
  name: error.name,
  message: error.message,
  exitCode: error.exitCode,
  actions: error.actions ?? [],
  ...(error.data === undefined ? {} : { data: error.data }),
  warnings,
  ...(debug ? { stack: error.stack } : {}),
});

/**
 * Runs one command body and owns everything around it: --json envelope, error printing, exit code.
 * Sets process.exitCode instead of exiting, so pending writes are flushed.
 */
export const runCommand = async <T>(
  flags: GlobalFlags,
  body: (ui: ConsoleUi) => Promise<CommandOutcome<T>>,
  ui: ConsoleUi = new ConsoleUi(Boolean(flags.json)),
): Promise<ExitCode> => {
  let exitCode: ExitCode;
  try {
    const outcome = await body(ui);
    exitCode = outcome.exitCode ?? EXIT_CODES.ok;
    if (ui.json) ui.printJson({ status: exitCode, result: outcome.result, warnings: ui.warnings });
    else if (outcome.human) ui.printResult(outcome.human(outcome.result));
  } catch (e) {
    const error = toSfError(e);
    exitCode = error.exitCode as ExitCode;
    if (ui.json) ui.printJson(errorJson(error, ui.warnings, Boolean(flags.debug)));
    else ui.printError(renderError(error, Boolean(flags.debug)));
  }
  process.exitCode = exitCode;
  return exitCode;
};
