/**
 * The one classifier: anything thrown becomes one of the catalog's errors. Our own errors pass through (they
 * already say what to do); program bugs and anything unknown become Internal (exit 10); the org's own failures
 * (a jsforce error with an errorCode) become OrgRequestFailed (exit 1). Classification goes by class and error
 * name/code, never by message text.
 */
import { SfError } from '@salesforce/core/sfError';
import { ERRORS } from './catalog.js';
import { cliError } from './cliError.js';

/** One of our own errors (already says what to do), as opposed to a library error that still needs translating. */
export const isCatalogError = (e: unknown): e is SfError => e instanceof SfError && Object.hasOwn(ERRORS, e.name.replace(/Error$/, ''));

const PROGRAM_BUGS: readonly (new (...args: never[]) => Error)[] = [TypeError, ReferenceError, RangeError, SyntaxError, EvalError, URIError];
export const isProgramBug = (e: unknown): boolean => PROGRAM_BUGS.some((type) => e instanceof type);

const stringField = (e: unknown, field: string): string | undefined => {
  const v = typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[field] : undefined;
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};

/** An error the org sent (jsforce puts the org's code in `errorCode`), as opposed to one of ours or a bug. */
export const isOrgAnswer = (e: unknown): boolean => stringField(e, 'errorCode') !== undefined;

/** The org's answer as the admin should read it: its code (jsforce errorCode, SfError name, Node code) and text. */
export const orgText = (e: unknown): { code: string; text: string } => {
  const code = (stringField(e, 'errorCode') ?? stringField(e, 'code') ?? stringField(e, 'name') ?? 'error').replace(/^sf:/, '');
  const text = stringField(e, 'message') ?? String(e);
  // jsforce already starts its message with the code ("UNKNOWN_EXCEPTION: …"): say it once.
  return { code, text: text.startsWith(`${code}: `) ? text.slice(code.length + 2) : text };
};

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Any thrown value as a catalog error. `org` names the org for an org's own failure; without it (outside an
 * org's run) such a failure is still the org's (exit 1), named "the org".
 */
export const toCatalogError = (e: unknown, org = 'the org'): SfError => {
  if (isCatalogError(e)) return e;
  if (!isProgramBug(e) && isOrgAnswer(e)) {
    const { code, text } = orgText(e);
    return cliError('OrgRequestFailed', [org, code, text], { cause: e });
  }
  return cliError('Internal', [messageOf(e)], { cause: e });
};
