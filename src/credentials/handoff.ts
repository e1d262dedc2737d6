/**
 * The hand-off file Ren receives: exactly the fields below, written atomically with mode 0600.
 * A file that already exists at the target is only replaced when it is a hand-off of the same org,
 * so a wrong `--output` can never destroy another org's credentials.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { cliError } from '../errors/index.js';
import { writeFileAtomic } from '../files/index.js';
import type { Secret } from './secret.js';

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

/** Default location: ./ren-credentials/<orgId>.json, relative to where the admin runs the tool. */
export const defaultHandoffPath = (orgId: string, cwd: string = process.cwd()): string =>
  join(cwd, 'ren-credentials', `${orgId}.json`);

/** The file's text, secret revealed. Only for writing the file or `--output -`. */
export const handoffFileContent = (handoff: Handoff): string => {
  const plain: Record<string, unknown> = {};
  for (const field of HANDOFF_FIELDS) {
    plain[field] = field === 'consumerSecret' ? handoff.consumerSecret.reveal() : handoff[field];
  }
  return `${JSON.stringify(plain, undefined, 2)}\n`;
};

/** The org a file at `path` belongs to: 'none' when there is no file, 'foreign' when it is not a hand-off. */
const ownerOf = async (path: string): Promise<{ kind: 'none' } | { kind: 'org'; orgId: string } | { kind: 'foreign' }> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') return { kind: 'foreign' };
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as { orgId?: unknown; consumerKey?: unknown };
    return typeof parsed.orgId === 'string' && typeof parsed.consumerKey === 'string'
      ? { kind: 'org', orgId: parsed.orgId }
      : { kind: 'foreign' };
  } catch {
    return { kind: 'foreign' };
  }
};

/** Same org when the 15-character prefixes agree (Salesforce ids are case-safe 18 or case-sensitive 15). */
const sameOrg = (a: string, b: string): boolean => a.slice(0, 15) === b.slice(0, 15);

/**
 * Writes the hand-off atomically (temp file + rename, mode 0600, folder 0700 when created).
 * Throws HandoffOtherOrg when the target holds another org's hand-off or anything that is not a hand-off,
 * and HandoffNotWritable when the folder cannot be written; in both cases nothing is left behind.
 */
export const writeHandoff = async (handoff: Handoff, path: string): Promise<string> => {
  const target = resolve(path);
  const owner = await ownerOf(target).catch((e: unknown) => {
    throw cliError('HandoffNotWritable', [target, (e as Error).message], { cause: e });
  });
  if (owner.kind === 'foreign' || (owner.kind === 'org' && !sameOrg(owner.orgId, handoff.orgId))) {
    throw cliError('HandoffOtherOrg', [target, owner.kind === 'org' ? `org ${owner.orgId}` : 'something that is not a Ren hand-off'], {
      data: { path: target, existingOrgId: owner.kind === 'org' ? owner.orgId : undefined },
    });
  }
  try {
    await writeFileAtomic(target, handoffFileContent(handoff), { mode: 0o600, dirMode: 0o700 });
  } catch (e) {
    throw cliError('HandoffNotWritable', [dirname(target), (e as NodeJS.ErrnoException).code ?? (e as Error).message], {
      data: { path: target },
      cause: e,
    });
  }
  return target;
};
