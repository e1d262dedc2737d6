/**
 * The sealed hand-off file `<name>.json.age` (issue 17; docs/handoff.md "Sealed hand-offs"). Pure text in, text out.
 *
 *   ren-eca sealed hand-off, format 1. The JSON header below holds no secret; the consumer secret is only in the age payload.
 *   {
 *     "format": "ren-eca-sealed-handoff/1",
 *     "orgId": "00D…", "consumerKey": "3MVG9…", "appApiName": "ren", "loginUrl": "https://acme.my.salesforce.com",
 *     "instanceUrl": …, "isSandbox": false, "apiVersion": "64.0", "issuedAt": "…",
 *     "recipients": ["age1…"]
 *   }
 *   -----BEGIN AGE ENCRYPTED FILE-----
 *   … the whole plain hand-off JSON, encrypted to the recipients …
 *   -----END AGE ENCRYPTED FILE-----
 *
 * The header lets tools that only need orgId / consumerKey (the "another org's file" check, `status --handoff`)
 * read a sealed file without Ren's identity. It is NOT authenticated: whoever opens the payload compares the
 * header with the payload's own fields and refuses a file where they differ.
 */
import { z } from 'zod';

export const SEALED_FORMAT = 'ren-eca-sealed-handoff/1';
export const SEALED_FIRST_LINE = 'ren-eca sealed hand-off, format 1. The JSON header below holds no secret; the consumer secret is only in the age payload.';
export const AGE_ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';

/** Header fields, in file order: every hand-off field but the secret (and verifiedAt), plus who can open it. */
export const sealedHeaderSchema = z
  .object({
    format: z.literal(SEALED_FORMAT),
    orgId: z.string().min(15),
    consumerKey: z.string().min(1),
    appApiName: z.string().min(1),
    loginUrl: z.string().min(1),
    instanceUrl: z.string().min(1),
    isSandbox: z.boolean(),
    apiVersion: z.string().min(1),
    issuedAt: z.string().min(1),
    recipients: z.array(z.string()).min(1),
  })
  .strict();
export type SealedHeader = z.infer<typeof sealedHeaderSchema>;

/** The fields the header and the payload must agree on. */
export const HEADER_PAYLOAD_FIELDS = ['orgId', 'consumerKey', 'appApiName', 'loginUrl', 'instanceUrl', 'isSandbox', 'apiVersion', 'issuedAt'] as const;

export const renderSealedFile = (header: SealedHeader, armoredPayload: string): string =>
  `${SEALED_FIRST_LINE}\n${JSON.stringify(header, undefined, 2)}\n${armoredPayload.endsWith('\n') ? armoredPayload : `${armoredPayload}\n`}`;

/** True when the text claims to be a sealed hand-off (its first line), whatever its state. */
export const looksSealed = (text: string): boolean => text.startsWith('ren-eca sealed hand-off');

export type ParsedSealed = { ok: true; header: SealedHeader; armoredPayload: string } | { ok: false; problem: string };

/** Splits a sealed file into its header and payload; problems are one phrase each, never quoting file content. */
export const parseSealedFile = (text: string): ParsedSealed => {
  const newline = text.indexOf('\n');
  if (newline < 0 || text.slice(0, newline).replace(/\r$/, '') !== SEALED_FIRST_LINE) {
    return { ok: false, problem: 'its first line is not the sealed hand-off line of format 1 (written by a newer or another tool?)' };
  }
  const begin = text.indexOf(AGE_ARMOR_BEGIN);
  if (begin < 0) return { ok: false, problem: `it has no age payload (no "${AGE_ARMOR_BEGIN}" line)` };
  let header: unknown;
  try {
    header = JSON.parse(text.slice(newline + 1, begin));
  } catch {
    return { ok: false, problem: 'its header is not valid JSON' };
  }
  const parsed = sealedHeaderSchema.safeParse(header);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => (i.code === 'unrecognized_keys' ? i.keys.join(', ') : i.path.join('.') || '(header)')))];
    return { ok: false, problem: `its header has missing, unknown or wrong fields: ${fields.join(', ')}` };
  }
  return { ok: true, header: parsed.data, armoredPayload: text.slice(begin) };
};
