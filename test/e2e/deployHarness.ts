/**
 * Runs the real CLI against a loopback org, the two ways a user can meet it:
 * - `runCliInProcess`: buildParser(argv).parseAsync() in this process, stdout/stderr captured (fast; fault tests);
 * - `runCliChild`: `node dist/cli/main.js …` (the bundle) as a child process with the test HOME (the acceptance path and
 *   the secret-leak checks see exactly the bytes a user would).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildParser } from '../../src/cli/main.js';

export type CliRun = { exitCode: number; stdout: string; stderr: string };

/** The esbuild bundle that `npm run deploy` runs, so child-process tests see exactly what users run. */
const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'main.js');

export const runCliInProcess = async (argv: readonly string[]): Promise<CliRun> => {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  const capture = (sink: string[]) => (chunk: string | Uint8Array): boolean => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await buildParser(argv).parseAsync();
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { exitCode, stdout: out.join(''), stderr: err.join('') };
};

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
