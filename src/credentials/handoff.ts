/**
 * The hand-off file Ren receives: exactly the fields below, written atomically with mode 0600.
 * A file that already exists at the target is only replaced when it is a hand-off of the same org,
 * so a wrong `--output` can never destroy another org's credentials.
 *
 * With `recipients` (the spec's `handoff.recipients`, age X25519 public keys of Ren) the file is sealed instead:
 * `<name>.json.age`, a header without the secret plus the hand-off encrypted to the recipients (./sealedFormat.ts,
 * docs/handoff.md). The plaintext then exists only in memory: never in the target, a temp file or anywhere else.
 */
import { dirname, join, resolve } from 'node:path';
import { cliError } from '../errors/index.js';
import { writeFileAtomic } from '../files/index.js';
import { handoffTargetProblem } from './handoffTarget.js';
import type { Secret } from './secret.js';
import { renderSealedFile, SEALED_FORMAT, type SealedHeader } from './sealedFormat.js';
import { sealToRecipients } from './sealing.js';

export type Handoff = {
  /** The org's My Domain URL: where Ren sends users to log in. */
  loginUrl: string;
  consumerKey: string;
  consumerSecret: Secret;
  orgId: string;
  instanceUrl: string;
  isSandbox: boolean;
  appApiName: string;
  apiVersion: string;
  /** ISO timestamp of when the credentials were read from the org. */
  issuedAt: string;
  /** ISO timestamp of when the org's token endpoint accepted the pair (only once it did). */
  verifiedAt?: string;
  /** After `rotate`. */
  rotation?: { state: 'rotated' | 'finished'; at: string };
};

/** Field order of the file; also the complete list of fields (a test checks nothing else appears). */
export const HANDOFF_FIELDS = [
  'loginUrl',
  'consumerKey',
  'consumerSecret',
  'orgId',
  'instanceUrl',
  'isSandbox',
  'appApiName',
  'apiVersion',
  'issuedAt',
] as const satisfies readonly (keyof Handoff)[];

/** Written after HANDOFF_FIELDS, only when set. */
export const OPTIONAL_HANDOFF_FIELDS = ['verifiedAt', 'rotation'] as const satisfies readonly (keyof Handoff)[];

/** Default location: ./ren-credentials/<orgId>.json, relative to where the admin runs the tool. */
export const defaultHandoffPath = (orgId: string, cwd: string = process.cwd()): string =>
  join(cwd, 'ren-credentials', `${orgId}.json`);

/** The file's text, secret revealed. Only for writing the file or `--output -`. */
export const handoffFileContent = (handoff: Handoff): string => {
  const plain: Record<string, unknown> = {};
  for (const field of HANDOFF_FIELDS) {
    plain[field] = field === 'consumerSecret' ? handoff.consumerSecret.reveal() : handoff[field];
  }
  for (const field of OPTIONAL_HANDOFF_FIELDS) if (handoff[field] !== undefined) plain[field] = handoff[field];
  return `${JSON.stringify(plain, undefined, 2)}\n`;
};

export type HandoffDelivery = {
  /** age X25519 recipients (`age1…`); when non-empty the hand-off is sealed to them. */
  recipients?: readonly string[];
};

const sealing = (delivery: HandoffDelivery): readonly string[] | undefined =>
  delivery.recipients !== undefined && delivery.recipients.length > 0 ? delivery.recipients : undefined;

/** The header of a sealed hand-off: every field but the secret, and who can open it. */
export const sealedHeaderOf = (handoff: Handoff, recipients: readonly string[]): SealedHeader => ({
  format: SEALED_FORMAT,
  orgId: handoff.orgId,
  consumerKey: handoff.consumerKey,
  appApiName: handoff.appApiName,
  loginUrl: handoff.loginUrl,
  instanceUrl: handoff.instanceUrl,
  isSandbox: handoff.isSandbox,
  apiVersion: handoff.apiVersion,
  issuedAt: handoff.issuedAt,
  recipients: [...recipients],
});

/** What the file (or `--output -`) holds: the plain JSON, or the sealed file when there are recipients. */
export const handoffOutputText = async (handoff: Handoff, delivery: HandoffDelivery = {}): Promise<string> => {
  const recipients = sealing(delivery);
  if (recipients === undefined) return handoffFileContent(handoff);
  return renderSealedFile(sealedHeaderOf(handoff, recipients), await sealToRecipients(handoffFileContent(handoff), recipients));
};

/** The path a hand-off is written to: sealed hand-offs end in `.json.age` (`.age` is added unless already there). */
export const handoffTargetPath = (path: string, delivery: HandoffDelivery = {}): string =>
  sealing(delivery) === undefined || path.endsWith('.age') ? resolve(path) : resolve(`${path}.age`);

/**
 * Writes the hand-off atomically (temp file + rename, mode 0600, folder 0700 when created).
 * Throws HandoffOtherOrg when the target holds another org's hand-off or anything that is not a hand-off,
 * and HandoffNotWritable when the folder cannot be written; in both cases nothing is left behind.
 */
export const writeHandoff = async (handoff: Handoff, path: string, delivery: HandoffDelivery = {}): Promise<string> => {
  const target = handoffTargetPath(path, delivery);
  // Checked again here: the target may have changed since the check before the org was touched.
  const problem = await handoffTargetProblem(target, handoff.orgId).catch((e: unknown) => {
    throw cliError('HandoffNotWritable', [target, (e as Error).message], { cause: e });
  });
  if (problem?.kind === 'other-org') throw cliError('HandoffOtherOrg', [target, problem.problem], { data: { path: target } });
  if (problem !== undefined) throw cliError('HandoffNotWritable', [dirname(target), problem.problem], { data: { path: target }, actions: [problem.fix] });
  const text = await handoffOutputText(handoff, delivery);
  try {
    await writeFileAtomic(target, text, { mode: 0o600, dirMode: 0o700 });
  } catch (e) {
    throw cliError('HandoffNotWritable', [dirname(target), (e as NodeJS.ErrnoException).code ?? (e as Error).message], {
      data: { path: target },
      cause: e,
    });
  }
  return target;
};

/**
 * Records that the token endpoint accepted the pair: rewrites a plain hand-off atomically (0600) with `verifiedAt`.
 * Sealed files are not rewritten (docs/handoff.md: re-sealing to recipients named in an unauthenticated header
 * could hand the secret to a key someone wrote there); `verify` reports verifiedAt in its output instead.
 */
export const recordVerifiedAt = async (handoff: Handoff, path: string, verifiedAt: string): Promise<void> => {
  try {
    await writeFileAtomic(path, handoffFileContent({ ...handoff, verifiedAt }), { mode: 0o600 });
  } catch (e) {
    throw cliError('HandoffNotWritable', [dirname(path), (e as NodeJS.ErrnoException).code ?? (e as Error).message], { data: { path }, cause: e });
  }
};
