import { format } from 'node:util';
import { SfError } from '@salesforce/core/sfError';
import { ERRORS, type ErrorEntry } from './catalog.js';

export type ErrorKey = keyof typeof ERRORS;
type ErrorData = NonNullable<Parameters<typeof SfError.create>[0]['data']>;

/**
 * Build the one kind of error this tool throws. `data` goes to `--json` error output, so it must never
 * hold a secret. `cause` is kept for `--debug` only.
 */
export const cliError = (
  key: ErrorKey,
  tokens: readonly (string | number)[] = [],
  extra: { data?: unknown; cause?: unknown; actions?: readonly string[] } = {},
): SfError => {
  const entry: ErrorEntry = ERRORS[key];
  return SfError.create({
    message: format(entry.message, ...tokens),
    name: `${key}Error`,
    actions: [...(extra.actions ?? []), ...entry.actions],
    exitCode: entry.exitCode,
    data: extra.data as ErrorData | undefined,
    cause: extra.cause instanceof Error ? extra.cause : undefined,
  });
};

export const isSfError = (e: unknown): e is SfError => e instanceof SfError;
