/**
 * Runs the real CLI against a loopback org, the two ways a user can meet it:
 * - `runCliInProcess`: buildParser(argv).parseAsync() in this process, stdout/stderr captured (fast; fault tests);
 * - `runCliChild`: `node dist/cli/main.js …` (the bundle) as a child process with the test HOME (the acceptance path and
 *   the secret-leak checks see exactly the bytes a user would).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_HOME } from '../helpers/isolation.js';
import { startLoopbackOrg, type LoopbackOrg, type LoopbackOrgOptions } from '../../src/loopback-org/index.js';
import { loginToLoopbackOrg } from '../../src/loopback-org/login.js';
import type { CliRun } from '../support/cliRunner.js';

export { runCliInProcess, type CliRun } from '../support/cliRunner.js';

/** The esbuild bundle that `npm run deploy` runs, so child-process tests see exactly what users run. */
const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'main.js');

/** The bundle as a child process, with its handle (to send signals) and its end (exit code, or the signal that ended it). */
export const spawnCliChild = (
  argv: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { child: ChildProcess; done: Promise<CliRun & { signal: NodeJS.Signals | null }> } => {
  const child = spawn(process.execPath, [MAIN, ...argv], { cwd: options.cwd ?? process.cwd(), env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (d: Buffer) => out.push(d));
  child.stderr?.on('data', (d: Buffer) => err.push(d));
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ exitCode: code ?? -1, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
  return { child, done };
};

export const runCliChild = async (argv: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> => {
  const { exitCode, stdout, stderr } = await spawnCliChild(argv, options).done;
  return { exitCode, stdout, stderr };
};

/** Secrets are checked by format only (never by value in an assertion message). */
export const SECRET_FORMAT = /^[0-9A-Za-z]{32,128}$/;
export const KEY_FORMAT = /^3MVG9[0-9A-Za-z._]{20,}$/;

/** A loopback org with a saved sf login (its alias) and a scratch folder for the run's files. */
export type LoggedInOrg = { org: LoopbackOrg; alias: string; dir: string };

/**
 * Starts loopback orgs with saved logins for one test file; `tag` (6 characters) keeps org ids and aliases
 * unique across files. `stopAll()` in the file's `after` hook stops every org it started.
 */
export const loggedInOrgs = (tag: string): { setup: (options?: LoopbackOrgOptions) => Promise<LoggedInOrg>; stopAll: () => Promise<void> } => {
  let count = 0;
  const open: LoopbackOrg[] = [];
  return {
    setup: async (options = {}) => {
      count += 1;
      const org = await startLoopbackOrg({ orgId: `00D${tag.toUpperCase()}${String(count).padStart(6, '0')}AAA`, ...options });
      open.push(org);
      const alias = `${tag.toLowerCase()}${count}`;
      await loginToLoopbackOrg(org, { alias });
      return { org, alias, dir: mkdtempSync(join(TEST_HOME, `${tag.toLowerCase()}-`)) };
    },
    stopAll: async () => void (await Promise.all(open.map((o) => o.stop()))),
  };
};

/** True when the secret the org issued appears in neither stdout nor stderr (a boolean, so no diff can print it). */
export const noSecretIn = (org: LoopbackOrg, run: CliRun): boolean => {
  const secret = org.issuedSecretForTest('ren');
  return secret === undefined || (!run.stdout.includes(secret) && !run.stderr.includes(secret));
};
