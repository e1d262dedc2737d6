/**
 * The only writer of rendered metadata into a package directory (force-app). All changed files are staged
 * first and renamed into place together, so a failure leaves the old files. Also compares without writing
 * (`render --check`) and reports ECA files on disk that the render did not produce (stale, e.g. an old API name).
 */
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { listEcaFiles } from '../render/index.js';
import type { RenderedComponent } from '../render/index.js';
import { writeFilesAtomic } from '../files/index.js';
import { cliError } from '../errors/index.js';

export type FileStatus = 'created' | 'updated' | 'unchanged';

export type RenderedFileStatus = {
  type: RenderedComponent['type'];
  fullName: string;
  /** Path as given (packageDir joined with the component's relativePath). */
  path: string;
  status: FileStatus;
};

export type WriteReport = {
  files: RenderedFileStatus[];
  /** ECA files under the package directory that this render does not produce; never deleted automatically. */
  staleFiles: string[];
  /** true when the directory differs from the render (a changed/created file or a stale file). */
  differs: boolean;
  written: boolean;
};

const currentContents = async (path: string): Promise<string | undefined> =>
  readFile(path, 'utf8').catch((e: unknown) => {
    // ENOTDIR: a folder on the way is a file, so nothing is there yet; the write says why it cannot go there.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  });

/** File-system refusals of an output folder, said as the user can act on them. */
const WHY_NOT_WRITABLE: Readonly<Record<string, string>> = {
  ENOTDIR: 'a part of that path is a file, not a folder',
  EEXIST: 'a part of that path is a file, not a folder',
  EISDIR: 'a file to write is a folder there',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENAMETOOLONG: 'the path is too long',
};

/** Runs an I/O step on the output folder; a refusal listed above becomes OutputDirNotWritable (exit 2). */
const inOutputDir = async <T>(packageDir: string, step: () => Promise<T>): Promise<T> => {
  try {
    return await step();
  } catch (e) {
    const why = WHY_NOT_WRITABLE[(e as NodeJS.ErrnoException).code ?? ''];
    if (why === undefined) throw e;
    throw cliError('OutputDirNotWritable', [packageDir, why], { cause: e, data: { path: (e as NodeJS.ErrnoException).path ?? packageDir } });
  }
};

const toPosix = (path: string): string => path.split(sep).join('/');

/** Compares the render with `packageDir`; writes the changed files unless `check` is set. */
export const writeRendered = async (
  components: readonly RenderedComponent[],
  packageDir: string,
  options: { check?: boolean } = {},
): Promise<WriteReport> => {
  const files = await Promise.all(
    components.map(async (c): Promise<RenderedFileStatus & { contents: string }> => {
      const path = join(packageDir, c.relativePath);
      const before = await currentContents(path);
      const status: FileStatus = before === undefined ? 'created' : before === c.contents ? 'unchanged' : 'updated';
      return { type: c.type, fullName: c.fullName, path, status, contents: c.contents };
    }),
  );
  const rendered = new Set(components.map((c) => c.relativePath));
  const staleFiles = (await inOutputDir(packageDir, () => listEcaFiles(packageDir))).filter((p) => !rendered.has(toPosix(relative(packageDir, p))));
  const changed = files.filter((f) => f.status !== 'unchanged');
  const written = !options.check && changed.length > 0;
  if (written) await inOutputDir(packageDir, () => writeFilesAtomic(changed.map((f) => ({ path: f.path, content: f.contents }))));
  return {
    files: files.map(({ type, fullName, path, status }) => ({ type, fullName, path, status })),
    staleFiles,
    differs: changed.length > 0 || staleFiles.length > 0,
    written,
  };
};
