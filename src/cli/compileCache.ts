/**
 * V8's on-disk compile cache for every module the CLI loads (node:module's enableCompileCache, Node >= 22.1).
 * Most of a command's start-up is compiling @salesforce/core, jsforce and SDR (about 0.4 s); with the cache a
 * process after the first reuses that work (measured by `npm run bench -- --only deploy`, start-up cold vs warm).
 *
 * Where: $NODE_COMPILE_CACHE when set (Node's own variable), else $XDG_CACHE_HOME/ren-eca/node-compile-cache, else
 * ~/.cache/ren-eca/node-compile-cache: a folder of this user's, not the shared temp folder Node defaults to, so no
 * other user on the machine can plant code for us to load. $NODE_DISABLE_COMPILE_CACHE=1 turns it off (Node's switch).
 *
 * Never in the way: on a Node without the API, an unwritable folder or a corrupt entry, Node compiles as usual and
 * the command runs the same; the outcome is only ever reported under --debug. Node checks each entry against the
 * source's hash and its own version, so an upgrade of a dependency or of Node recompiles what changed.
 */
import module from 'node:module';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export const compileCacheDir = (env: NodeJS.ProcessEnv = process.env): string => {
  const own = env.NODE_COMPILE_CACHE;
  if (own !== undefined && own !== '') return own;
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec: a relative path there is invalid and must be ignored.
  const cacheHome = xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(env.HOME ?? homedir(), '.cache');
  return join(cacheHome, 'ren-eca', 'node-compile-cache');
};

/** What became of the cache, for --debug: Node's status name ("ENABLED", "FAILED", "DISABLED", ...) or why not. */
export type CompileCacheOutcome = { status: string; directory?: string; message?: string };

type EnableCompileCache = (dir?: string) => { status: number; message?: string; directory?: string };

export const enableCompileCache = (env: NodeJS.ProcessEnv = process.env): CompileCacheOutcome => {
  const enable = (module as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (typeof enable !== 'function') return { status: 'UNSUPPORTED', message: `Node ${process.versions.node} has no module.enableCompileCache` };
  try {
    const directory = compileCacheDir(env);
    const result = enable(directory);
    const name = Object.entries(module.constants?.compileCacheStatus ?? {}).find(([, value]) => value === result.status)?.[0];
    return { status: name ?? String(result.status), directory: result.directory || directory, message: result.message };
  } catch (error) {
    // Not documented to throw; should a future Node do so, the command still runs uncached.
    return { status: 'FAILED', message: error instanceof Error ? error.message : String(error) };
  }
};
