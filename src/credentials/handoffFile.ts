/**
 * The one reader of hand-off files, plain (`<orgId>.json`) and sealed (`<orgId>.json.age`, ./sealedFormat.ts).
 * Everything that reads a hand-off comes through here: `verify`, the writer's "is this another org's file" check,
 * and (later) `status --handoff` and the rollout's checks.
 *
 * - Only orgId / consumerKey needed: `ownerOfHandoffText` (read safely by handoffTarget.ts's handoffFileOwner) —
 *   plain files, or a sealed file's header; no identity.
 * - The secret needed: `readHandoffFile` — plain files, or a sealed file opened with an age identity file
 *   (`--identity`). The payload must agree with the header, or the file is refused.
 * Bad files throw HandoffFileInvalid / HandoffNeedsIdentity / IdentityFileInvalid (exit 2) with one phrase saying
 * what is wrong; no message ever quotes the file's content (it may hold a secret).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { cliError } from '../errors/index.js';
import { isLoopbackUrl } from './loopbackUrl.js';
import { Secret } from './secret.js';
import { HEADER_PAYLOAD_FIELDS, looksSealed, parseSealedFile, type SealedHeader } from './sealedFormat.js';
import { openSealed } from './sealing.js';
import type { Handoff } from './handoff.js';

const secureLoginUrl = z
  .string()
  .refine((u) => URL.canParse(u) && (new URL(u).protocol === 'https:' || (new URL(u).protocol === 'http:' && isLoopbackUrl(u))), {
    error: 'must be an https:// URL (the secret is only ever sent over https, or to a loopback org on this machine)',
  });

const ISO_TIME = z.iso.datetime({ offset: true });

/** The plain file, as HANDOFF_FIELDS lists it, plus verifiedAt (once proven) and rotation (after `rotate`). */
const plainHandoffSchema = z
  .object({
    loginUrl: secureLoginUrl,
    consumerKey: z.string().min(1),
    consumerSecret: z.string().min(1),
    orgId: z.string().regex(/^00D[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/, { error: 'must be a 15- or 18-character 00D… org id' }),
    instanceUrl: z.string().min(1),
    isSandbox: z.boolean(),
    appApiName: z.string().min(1),
    apiVersion: z.string().min(1),
    issuedAt: ISO_TIME,
    verifiedAt: ISO_TIME.optional(),
    rotation: z.object({ state: z.enum(['rotated', 'finished']), at: ISO_TIME }).strict().optional(),
  })
  .strict();

export type HandoffForm = 'plain' | 'sealed';

export type HandoffFile =
  | { form: 'plain'; path: string; handoff: Handoff }
  | { form: 'sealed'; path: string; header: SealedHeader; handoff: Handoff };

const invalid = (path: string, why: string) => cliError('HandoffFileInvalid', [path, why], { data: { path } });

/** Field names with problems; never values. */
const problemFields = (issues: readonly z.core.$ZodIssue[]): string =>
  [
    ...new Set(
      issues.flatMap((i) =>
        i.code === 'unrecognized_keys'
          ? i.keys.map((k) => `${k} (not a hand-off field)`)
          : [`${i.path.join('.') || '(file)'} (${i.message.includes('must') ? i.message : i.code === 'invalid_type' ? 'missing or of the wrong type' : 'invalid'})`],
      ),
    ),
  ].join('; ');

const readText = async (path: string): Promise<string> => {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw invalid(path, code === 'ENOENT' ? 'the file does not exist' : code === 'EISDIR' ? 'it is a folder' : `it cannot be read (${code ?? 'unknown error'})`);
  }
};

/** A plain hand-off from its JSON text; `what` names it in messages ("the file", "the sealed payload"). */
const parsePlain = (path: string, text: string, what: string): Handoff => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's own message can quote the text around the error, i.e. part of the secret: not repeated.
    throw invalid(path, `${what} is not valid JSON`);
  }
  const parsed = plainHandoffSchema.safeParse(json);
  if (!parsed.success) throw invalid(path, `${what} is not a Ren hand-off: ${problemFields(parsed.error.issues)}`);
  const { consumerSecret, ...rest } = parsed.data;
  return { ...rest, consumerSecret: new Secret(consumerSecret) };
};

export type ReadHandoffOptions = {
  /** Text of an age identity file (`--identity`), needed to open sealed files. */
  identityText?: string;
};

/** Reads a hand-off with its secret. Sealed files need `identityText`. */
export const readHandoffFile = async (file: string, options: ReadHandoffOptions = {}): Promise<HandoffFile> => {
  const path = resolve(file);
  const text = await readText(path);
  if (!looksSealed(text)) return { form: 'plain', path, handoff: parsePlain(path, text, 'the file') };
  const sealed = parseSealedFile(text);
  if (!sealed.ok) throw invalid(path, `it is a damaged sealed hand-off: ${sealed.problem}`);
  if (options.identityText === undefined) throw cliError('HandoffNeedsIdentity', [path], { data: { path } });
  const opened = await openSealed(sealed.armoredPayload, options.identityText);
  if (!opened.ok) {
    if (opened.why === 'wrong-identity') throw cliError('HandoffWrongIdentity', [path], { data: { path } });
    if (opened.why === 'no-identity') throw cliError('IdentityFileInvalid', ['it holds no AGE-SECRET-KEY-1… line']);
    throw invalid(path, 'its age payload is damaged');
  }
  const handoff = parsePlain(path, opened.plaintext, 'the sealed payload');
  const differing = HEADER_PAYLOAD_FIELDS.filter((f) => handoff[f] !== sealed.header[f]);
  if (differing.length > 0) throw invalid(path, `its header does not match its sealed payload (${differing.join(', ')}): the header was changed after sealing`);
  return { form: 'sealed', path, header: sealed.header, handoff };
};

/** A hand-off's owner as its text tells it, without any secret: a plain file's fields or a sealed file's header. */
export type HandoffOwnerFields = { orgId: string; consumerKey: string; form: HandoffForm };

/**
 * Whose hand-off `text` is (undefined: not a hand-off). Reading the file safely (no FIFO, no symlink, bounded) is
 * handoffTarget.ts's job (handoffFileOwner); this only reads the text, so both forms are known in one place.
 */
export const ownerOfHandoffText = (text: string): HandoffOwnerFields | undefined => {
  if (looksSealed(text)) {
    const sealed = parseSealedFile(text);
    return sealed.ok ? { orgId: sealed.header.orgId, consumerKey: sealed.header.consumerKey, form: 'sealed' } : undefined;
  }
  try {
    const parsed = JSON.parse(text) as { orgId?: unknown; consumerKey?: unknown };
    return typeof parsed.orgId === 'string' && typeof parsed.consumerKey === 'string'
      ? { orgId: parsed.orgId, consumerKey: parsed.consumerKey, form: 'plain' }
      : undefined;
  } catch {
    return undefined;
  }
};

export const readIdentityFile = async (file: string): Promise<string> => {
  try {
    return await readFile(resolve(file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw cliError('IdentityFileInvalid', [code === 'ENOENT' ? `${resolve(file)} does not exist` : `${resolve(file)} cannot be read (${code ?? 'unknown error'})`]);
  }
};
