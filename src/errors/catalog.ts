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
  // rollout (src/rollout): problems found before any org is touched are usage errors (exit 2).
  TenantsFileUnreadable: {
    message: 'Cannot read the tenants file %s: %s.',
    actions: ['Pass a .csv or .json tenants file to --tenants (format: README "Rolling out to many orgs").'],
    exitCode: EXIT_CODES.usage,
  },
  TenantsInvalid: {
    message: 'The tenants file %s has %s; no org was touched:\n%s',
    actions: ['Fix every listed entry (README "Rolling out to many orgs" describes the columns) and run the same command again.'],
    exitCode: EXIT_CODES.usage,
  },
  ShardInvalid: {
    message: 'Invalid --shard "%s": %s.',
    actions: ['Use --shard i/n with 1 <= i <= n, e.g. --shard 2/4 for the second of four machines.'],
    exitCode: EXIT_CODES.usage,
  },
  RolloutStateLocked: {
    message: 'The state directory %s is in use by another rollout (process %s on %s).',
    actions: ['Wait for that rollout to finish, or give this one its own --state directory.'],
    exitCode: EXIT_CODES.failed,
  },
  RolloutStateInvalid: {
    message: 'The rollout state file %s is not valid: %s.',
    actions: ['Delete that file to run its tenant again from the start (the org and its app are left as they are).'],
    exitCode: EXIT_CODES.failed,
  },
  RolloutReportInvalid: {
    message: 'Cannot merge the rollout reports: %s.',
    actions: ['Pass the report.*.jsonl files (or --state directories) written by `rollout` runs over the same tenants file.'],
    exitCode: EXIT_CODES.usage,
  },
} as const satisfies Record<string, ErrorEntry>;
