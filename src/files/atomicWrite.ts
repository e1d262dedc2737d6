/**
 * Atomic file writes: write a sibling temp file, fsync it, then rename over the target.
 * A reader never sees a half-written file, and a crash leaves either the old or the new content.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type AtomicWriteOptions = {
  /** File mode, e.g. 0o600 for files holding secrets. Applied before the content is written. */
  mode?: number;
  /** Mode for directories created on the way (e.g. 0o700 for a credentials folder). */
  dirMode?: number;
};

const tempPathFor = (target: string): string =>
  join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** Writes `content` to a temp file next to `target` and returns its path; the caller renames it. */
export const stageFile = async (target: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<string> => {
  await mkdir(dirname(target), { recursive: true, ...(options.dirMode === undefined ? {} : { mode: options.dirMode }) });
  const temp = tempPathFor(target);
  const handle = await open(temp, 'wx', options.mode ?? 0o644);
  try {
    if (options.mode !== undefined) await handle.chmod(options.mode); // umask must not widen or narrow it
    await handle.writeFile(content);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(temp, { force: true });
    throw e;
  }
  await handle.close();
  return temp;
};

export const writeFileAtomic = async (target: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> => {
  const temp = await stageFile(target, content, options);
  try {
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
};

/**
 * Writes several files so that either all of them are replaced or none is: every file is staged first,
 * and only when all stages succeeded are they renamed into place.
 */
export const writeFilesAtomic = async (
  files: readonly { path: string; content: string | Uint8Array }[],
  options: AtomicWriteOptions = {},
): Promise<void> => {
  const staged: { temp: string; target: string }[] = [];
  try {
    for (const f of files) staged.push({ temp: await stageFile(f.path, f.content, options), target: f.path });
  } catch (e) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw e;
  }
  for (const s of staged) await rename(s.temp, s.target);
};
