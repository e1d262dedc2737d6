/**
 * One callback URL, checked as Salesforce and OAuth need it and never rewritten: the value the admin wrote
 * is the value deployed, or it is refused with the fix. Rules (each a row of CALLBACK_URL_RULES):
 *   - one URL per entry: a line break would make Salesforce read two URLs (callbackUrl is line-break
 *     separated, salesforce-eca.md §1.3), and the WHATWG URL parser would silently drop it, gluing the two;
 *   - no other whitespace, control characters or backslashes (the URL parser strips or rewrites them too);
 *   - https, or a custom scheme for native apps (Salesforce Help: "HTTPS or a custom scheme"); never http;
 *   - no user:password@ (credentials in a redirect URI end up in logs and browser history);
 *   - no #fragment (RFC 6749 §3.1.2: "The endpoint URI MUST NOT include a fragment component").
 */
import { z } from 'zod';
import { FIELD_LIMITS, tooLongMessage } from './fieldLimits.js';

/** Schemes that are not an app's own: they cannot carry an OAuth redirect back to Ren. */
const NOT_APP_SCHEMES: ReadonlySet<string> = new Set(['http', 'javascript', 'data', 'file', 'vbscript', 'about', 'blob', 'ftp', 'ws', 'wss', 'mailto']);

type Rule = { readonly test: (raw: string, url: URL | undefined) => boolean; readonly message: string };

/** First matching row wins for the raw text; URL-based rows only run on text that parses. */
const CALLBACK_URL_RULES: readonly Rule[] = [
  { test: (raw) => /[\r\n\u2028\u2029]/.test(raw), message: 'contains a line break — write each callback URL as its own array entry' },
  // eslint-disable-next-line no-control-regex
  { test: (raw) => /[\u0000-\u001F\u007F-\u009F]/.test(raw), message: 'contains a control character — remove it' },
  { test: (raw) => /\s/.test(raw), message: 'contains whitespace — remove it (write a space inside a path as %20)' },
  { test: (raw) => raw.includes('\\'), message: 'contains a backslash — use forward slashes (/)' },
  { test: (_raw, url) => url === undefined, message: 'is not an absolute URL — write it as https://host/path (or yourapp://path for a custom scheme)' },
  {
    test: (_raw, url) => url !== undefined && NOT_APP_SCHEMES.has(url.protocol.slice(0, -1)),
    message: 'must use https:// (or a custom scheme of your app) — Salesforce refuses http:// callback URLs; write it as https://…',
  },
  { test: (_raw, url) => url !== undefined && (url.username !== '' || url.password !== ''), message: 'contains user:password@ — remove the credentials; a callback URL must not carry them' },
  { test: (raw) => raw.includes('#'), message: 'has a #fragment — remove it (OAuth redirect URIs must not have a fragment, RFC 6749 §3.1.2)' },
];

const parsed = (raw: string): URL | undefined => {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
};

/** The first problem of one callback URL, or undefined when it is fine. */
export const callbackUrlProblem = (raw: string): string | undefined => {
  if (raw.length > FIELD_LIMITS.callbackUrlsTotal.max) return tooLongMessage('callbackUrlsTotal', raw.length);
  const url = parsed(raw);
  return CALLBACK_URL_RULES.find((rule) => rule.test(raw, url))?.message;
};

export const callbackUrlSchema = z
  .string()
  .superRefine((raw, ctx) => {
    const problem = callbackUrlProblem(raw);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: raw });
  })
  .describe('A callback URL: https:// or a custom scheme; no whitespace, backslash, user:password@ or #fragment; one URL per entry');
