#!/usr/bin/env node
/**
 * Entry point: `node dist/cli/main.js <command>` (what `npm run render|deploy|…` and the `ren-eca` bin call).
 * Checks the Node version first, then turns on Node's compile cache (src/cli/compileCache.ts), then loads the parser:
 * a static import would load yargs and, through the commands, code that needs Node 22 before the check could say so.
 */
import { enableCompileCache } from './compileCache.js';
import { nodeVersionProblem } from './nodeVersion.js';
import { guardStdout } from './stdoutGuard.js';

guardStdout(process.argv.slice(2)); // before any library loads: only the output layer writes to stdout

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 1;
} else {
  // Before the parser loads, so @salesforce/core, jsforce and SDR come from the cache from the second run on.
  const cache = enableCompileCache();
  if (cache.status === 'FAILED' && process.argv.includes('--debug')) process.stderr.write(`Node's compile cache is off for this run (${cache.directory ?? ''}): ${cache.message ?? ''}\n`);
  const { runMain } = await import('./parser.js');
  await runMain(process.argv.slice(2));
}
