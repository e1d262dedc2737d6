/**
 * Turns what @salesforce/core / jsforce throw about a login into our errors, each with the `sf org login`
 * command that fixes it. Kept as a table of (test, builder) rows so a new library error is one new row.
 */
import type { SfError } from '@salesforce/core/sfError';
import { cliError } from '../errors/index.js';
import { networkCode } from './networkErrors.js';

export type OrgRef = { aliasOrUsername: string; instanceUrl?: string };

export const loginCommand = (ref: OrgRef): string =>
  `sf org login web --alias ${ref.aliasOrUsername}${ref.instanceUrl ? ` --instance-url ${ref.instanceUrl}` : ''}`;

const describe = (e: unknown): { name: string; message: string; code: string } => {
  const err = e as { name?: unknown; message?: unknown; errorCode?: unknown; code?: unknown };
  return {
    name: typeof err.name === 'string' ? err.name : '',
    message: typeof err.message === 'string' ? err.message : String(e),
    code: typeof err.errorCode === 'string' ? err.errorCode : (networkCode(e) ?? (typeof err.code === 'string' ? err.code : '')),
  };
};

type Row = { matches: (d: ReturnType<typeof describe>) => boolean; build: (ref: OrgRef, d: ReturnType<typeof describe>, cause: unknown) => SfError };

const EXPIRED = /INVALID_SESSION_ID|invalid_grant|expired access\/refresh token|RefreshTokenAuthError|Session expired|token.*(revoked|expired)/i;
const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|socket hang up|getaddrinfo|network|fetch failed|DomainNotFound/i;

const ROWS: readonly Row[] = [
  { matches: (d) => d.name === 'NoUsernameFoundError', build: (_ref, _d, cause) => cliError('NoTargetOrg', [], { cause }) },
  {
    matches: (d) => d.name === 'NamedOrgNotFoundError' || d.name === 'AuthInfoCreationError',
    build: (ref, _d, cause) => cliError('UnknownOrg', [ref.aliasOrUsername], { cause, actions: [`Log in and give it this alias: ${loginCommand(ref)}`] }),
  },
  {
    matches: (d) => EXPIRED.test(d.name) || EXPIRED.test(d.code) || EXPIRED.test(d.message),
    build: (ref, d, cause) =>
      cliError('ExpiredLogin', [ref.aliasOrUsername, d.code || d.name || 'session refused'], {
        cause,
        actions: [`Log in again: ${loginCommand(ref)}`],
      }),
  },
  {
    matches: (d) => UNREACHABLE.test(d.code) || UNREACHABLE.test(d.message) || UNREACHABLE.test(d.name),
    build: (ref, d, cause) =>
      cliError('OrgUnreachable', [ref.instanceUrl ?? ref.aliasOrUsername, d.code || d.message], {
        cause,
        actions: [`If the org's address changed (My Domain rename, sandbox refresh), log in again: ${loginCommand(ref)}`],
      }),
  },
];

/** The matching login error, or undefined when `e` is not about the login or the connection. */
export const loginErrorFor = (e: unknown, ref: OrgRef): SfError | undefined => {
  const d = describe(e);
  return ROWS.find((row) => row.matches(d))?.build(ref, d, e);
};
