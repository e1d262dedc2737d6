/**
 * Runs the real CLI against a loopback org, the two ways a user can meet it:
 * - `runCliInProcess`: buildParser(argv).parseAsync() in this process, stdout/stderr captured (fast; fault tests);
 * - `runCliChild`: `node dist/cli/main.js …` (the bundle) as a child process with the test HOME (the acceptance path and
 *   the secret-leak checks see exactly the bytes a user would).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliRun } from '../support/cliRunner.js';

export { runCliInProcess, type CliRun } from '../support/cliRunner.js';

/** The esbuild bundle that `npm run deploy` runs, so child-process tests see exactly what users run. */
const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'main.js');

export const runCliChild = (argv: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...argv], { cwd: options.cwd ?? process.cwd(), env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });

/** Secrets are checked by format only (never by value in an assertion message). */
export const SECRET_FORMAT = /^[0-9A-Za-z]{32,128}$/;
export const KEY_FORMAT = /^3MVG9[0-9A-Za-z._]{20,}$/;
