/**
 * Every error the tool can raise, as data: message template, the actions that fix it, and the exit code.
 * Add a row here instead of throwing ad-hoc errors; `cliError` turns a row into an SfError.
 * `%s` tokens are filled in order. Messages must never contain secrets.
 */
export type ErrorEntry = {
  readonly message: string;
  readonly actions: readonly string[];
  readonly exitCode: ExitCode;
};

/** Documented exit codes (README "Exit codes"). Same numbers as the sf CLI where the meaning is the same. */
export const EXIT_CODES = {
  ok: 0,
  failed: 1,
  usage: 2,
  internal: 10,
  partial: 68,
  stillRunning: 69,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export const ERRORS = {
  Usage: {
    message: '%s',
    actions: ['Run the command with --help to see its flags.'],
    exitCode: EXIT_CODES.usage,
  },
  Internal: {
    message: 'Internal error: %s',
    actions: ['Rerun with --debug and report the stack trace to the Ren tooling team.'],
    exitCode: EXIT_CODES.internal,
  },
} as const satisfies Record<string, ErrorEntry>;
