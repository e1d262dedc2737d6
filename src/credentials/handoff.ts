/**
 * The hand-off file Ren receives: exactly the fields below, written atomically with mode 0600.
 * A file that already exists at the target is only replaced when it is a hand-off of the same org,
 * so a wrong `--output` can never destroy another org's credentials.
 */
import { dirname, join, resolve } from 'node:path';
import { cliError } from '../errors/cliError.js';
import { writeFileAtomic } from '../files/atomicWrite.js';
import { handoffTargetProblem } from './handoffTarget.js';
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

/**
 * Writes the hand-off atomically (temp file + rename, mode 0600, folder 0700 when created).
 * Throws HandoffOtherOrg when the target holds another org's hand-off or anything that is not a hand-off,
 * and HandoffNotWritable when the folder cannot be written; in both cases nothing is left behind.
 */
export const writeHandoff = async (handoff: Handoff, path: string): Promise<string> => {
  const target = resolve(path);
  // Checked again here: the target may have changed since the check before the org was touched.
  const problem = await handoffTargetProblem(target, handoff.orgId).catch((e: unknown) => {
    throw cliError('HandoffNotWritable', [target, (e as Error).message], { cause: e });
  });
  if (problem?.kind === 'other-org') throw cliError('HandoffOtherOrg', [target, problem.problem], { data: { path: target } });
  if (problem !== undefined) throw cliError('HandoffNotWritable', [dirname(target), problem.problem], { data: { path: target }, actions: [problem.fix] });
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
