/**
 * Where a hand-off may be written, checked before any org is touched (and again right before the write).
 * A target is acceptable when it is `-` (stdout), absent, or a regular file holding a hand-off of the same
 * org; its folder must be a real directory (not a symlink) that other users cannot write to.
 * Everything here uses lstat first and never opens anything but a regular file, so a FIFO, a device or
 * `/dev/stdout` (a symlink to the process's stdout) is refused instead of blocking on a read.
 *
 * "Whose file is this" is the single function `handoffFileOwner`; it knows plain and sealed (`.json.age`) files
 * through handoffFile.ts's ownerOfHandoffText (a sealed file's header names its org).
 */
import { constants, type Stats } from 'node:fs';
import { access, lstat, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { cliError } from '../errors/index.js';
import { ownerOfHandoffText } from './handoffFile.js';

export type HandoffOwner = { kind: 'none' } | { kind: 'org'; orgId: string } | { kind: 'foreign'; what: string };

/** A hand-off is a few hundred bytes; anything bigger is not one, and is not read whole. */
const MAX_HANDOFF_BYTES = 64 * 1024;

/** What an lstat'ed entry is, for messages; undefined for a regular file. */
const nonRegularKinds: readonly [test: (s: Stats) => boolean, what: string][] = [
  [(s) => s.isSymbolicLink(), 'a symbolic link'],
  [(s) => s.isFIFO(), 'a named pipe (FIFO)'],
  [(s) => s.isCharacterDevice(), 'a character device'],
  [(s) => s.isBlockDevice(), 'a block device'],
  [(s) => s.isSocket(), 'a socket'],
  [(s) => s.isDirectory(), 'a directory'],
];
const kindOf = (s: Stats): string | undefined => nonRegularKinds.find(([test]) => test(s))?.[1];

const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

const lstatOrUndefined = async (path: string): Promise<Stats | undefined> => {
  try {
    return await lstat(path);
  } catch (e) {
    // ENOTDIR: a folder on the way is a file; the walk up to it names it.
    if (errnoOf(e) === 'ENOENT' || errnoOf(e) === 'ENOTDIR') return undefined;
    throw e;
  }
};

/**
 * Whose hand-off is at `path`. Never follows a symlink and never opens a non-regular file
 * (O_NOFOLLOW | O_NONBLOCK, then fstat), so it cannot hang on a FIFO swapped in after an lstat.
 */
export const handoffFileOwner = async (path: string): Promise<HandoffOwner> => {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return { kind: 'none' };
    if (errnoOf(e) === 'ELOOP') return { kind: 'foreign', what: 'a symbolic link' };
    throw e;
  }
  try {
    const stats = await handle.stat();
    const kind = kindOf(stats);
    if (kind !== undefined) return { kind: 'foreign', what: kind };
    if (stats.size > MAX_HANDOFF_BYTES) return { kind: 'foreign', what: 'a file too large to be a Ren hand-off' };
    const buffer = Buffer.alloc(stats.size);
    await handle.read(buffer, 0, stats.size, 0);
    const orgId = ownerOfHandoffText(buffer.toString('utf8'))?.orgId;
    buffer.fill(0); // it may hold a secret: do not leave it around longer than needed
    return orgId === undefined ? { kind: 'foreign', what: 'something that is not a Ren hand-off' } : { kind: 'org', orgId };
  } finally {
    await handle.close();
  }
};

/** Same org when the 15-character prefixes agree (Salesforce ids are case-safe 18 or case-sensitive 15). */
export const sameOrg = (a: string, b: string): boolean => a.slice(0, 15) === b.slice(0, 15);

/** Why a target cannot take the hand-off, with the fix; `kind` tells "another org's file" from "not a file at all". */
export type TargetProblem = { kind: 'other-org' | 'not-a-file' | 'folder'; path: string; problem: string; fix: string };

export const handoffFolderProblem = async (folder: string): Promise<TargetProblem | undefined> => {
  const stats = await lstatOrUndefined(folder);
  if (stats === undefined) {
    // Created 0700 on write; the nearest existing ancestor must let us create it.
    const parent = dirname(folder);
    return parent === folder ? undefined : folderProblemForAncestor(parent, folder);
  }
  if (stats.isSymbolicLink()) {
    return {
      kind: 'folder',
      path: folder,
      problem: `the hand-off folder ${folder} is a symbolic link, so the secret would land wherever it points`,
      fix: `Point --output at the real folder, or replace the link with a folder of your own: mkdir -m 700 <folder>.`,
    };
  }
  if (!stats.isDirectory()) {
    return { kind: 'folder', path: folder, problem: `${folder} is not a folder`, fix: 'Choose a file inside a folder with --output <folder>/<file>.json.' };
  }
  if ((stats.mode & 0o002) !== 0) {
    return {
      kind: 'folder',
      path: folder,
      problem: `the hand-off folder ${folder} is writable by every user (mode ${(stats.mode & 0o7777).toString(8)}), so another user could replace or pre-empt the file holding the secret`,
      fix: `Run \`chmod 700 ${folder}\`, or choose a private folder with --output.`,
    };
  }
  return undefined;
};

const folderProblemForAncestor = async (ancestor: string, wanted: string): Promise<TargetProblem | undefined> => {
  const stats = await lstatOrUndefined(ancestor);
  if (stats === undefined) {
    const up = dirname(ancestor);
    return up === ancestor ? undefined : folderProblemForAncestor(up, wanted);
  }
  if (!stats.isSymbolicLink() && !stats.isDirectory()) {
    return { kind: 'folder', path: wanted, problem: `${ancestor} is not a folder, so ${wanted} cannot be created`, fix: 'Choose another path with --output.' };
  }
  try {
    await access(ancestor, constants.W_OK | constants.X_OK);
  } catch (e) {
    return { kind: 'folder', path: wanted, problem: `${wanted} cannot be created in ${ancestor} (${errnoOf(e) ?? 'not writable'})`, fix: 'Choose a writable path with --output.' };
  }
  return undefined;
};

/**
 * The problem with writing `orgId`'s hand-off to `path`, or undefined when the target is fine.
 * `-` (stdout) is always fine. Read-only: creates nothing.
 */
export const handoffTargetProblem = async (path: string, orgId: string): Promise<TargetProblem | undefined> => {
  if (path === '-') return undefined;
  const target = resolve(path);
  const folder = await handoffFolderProblem(dirname(target));
  if (folder !== undefined) return folder;
  const stats = await lstatOrUndefined(target);
  if (stats === undefined) return undefined;
  const kind = kindOf(stats);
  if (kind !== undefined) {
    return {
      kind: 'not-a-file',
      path: target,
      problem: `${target} is ${kind}, not a regular file`,
      fix: 'Write the hand-off to stdout with --output - (e.g. to pipe it into a secret store), or name a regular file with --output <file>.json.',
    };
  }
  const owner = await handoffFileOwner(target);
  if (owner.kind === 'foreign') {
    return { kind: 'other-org', path: target, problem: `${target} holds ${owner.what}`, fix: 'Choose another file with --output <file>, or move the existing file away.' };
  }
  if (owner.kind === 'org' && !sameOrg(owner.orgId, orgId)) {
    return {
      kind: 'other-org',
      path: target,
      problem: `${target} holds the hand-off of another org (${owner.orgId}), not of ${orgId}`,
      fix: 'Choose another file with --output <file>, or move the existing file away.',
    };
  }
  return undefined;
};

/**
 * Refuses (HandoffTargetRefused, exit 2) a target the hand-off of `orgId` cannot go to. Call it before the
 * org is touched; it creates nothing. Returns the absolute path, or '-' for stdout.
 */
export const checkHandoffTarget = async (path: string, orgId: string): Promise<string> => {
  await refuseProblem(handoffTargetProblem(path, orgId), path);
  return path === '-' ? path : resolve(path);
};

/** Refuses (HandoffTargetRefused, exit 2) a hand-off folder that is a symlink, not a folder, or writable by everyone. */
export const checkHandoffFolder = async (folder: string): Promise<void> => refuseProblem(handoffFolderProblem(resolve(folder)), folder);

const refuseProblem = async (found: Promise<TargetProblem | undefined>, path: string): Promise<void> => {
  const problem = await found.catch((e: unknown): TargetProblem => ({
    kind: 'folder',
    path,
    problem: `${path} cannot be checked (${errnoOf(e) ?? (e as Error).message})`,
    fix: 'Choose a path you can read and write with --output <file>.',
  }));
  if (problem !== undefined) {
    throw cliError('HandoffTargetRefused', [problem.problem], { data: { path: problem.path, kind: problem.kind }, actions: [problem.fix] });
  }
};
