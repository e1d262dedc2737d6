/**
 * Several loopback orgs with saved sf logins (aliases org-<tenant>) in the current HOME, plus a way to run
 * the real CLI in this process (fast) or as a child process (crash tests: orgs outlive the killed CLI).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliRun } from '../support/cliRunner.js';
import { startLoopbackOrg, type LoopbackOrg, type LoopbackOrgOptions } from '../../src/loopback-org/index.js';
import { loginToLoopbackOrg } from '../../src/loopback-org/login.js';

export type Fleet = { orgs: Map<string, LoopbackOrg>; stop(): Promise<void> };

/** Distinct org ids per tenant: 00D + 12 digits + AAA (18 characters, as Salesforce ids). */
const orgIdFor = (n: number): string => `00D${String(100000 + n).padStart(12, '0')}AAA`;

let started = 0;

export const startFleet = async (tenants: readonly string[], options: (tenant: string) => LoopbackOrgOptions = () => ({})): Promise<Fleet> => {
  const orgs = new Map<string, LoopbackOrg>();
  for (const t of tenants) {
    const org = await startLoopbackOrg({
      orgId: orgIdFor(++started),
      username: `admin@${t}.loopback`,
      myDomain: t,
      orgSettings: { enableClientSecretInRestApiAccess: true, oAuthCdCrdtFlowEnable: true },
      ...options(t),
    });
    await loginToLoopbackOrg(org, { alias: `org-${t}` });
    orgs.set(t, org);
  }
  return { orgs, stop: async () => void (await Promise.all([...orgs.values()].map((o) => o.stop()))) };
};

/** The CLI in this process, its output captured. */
export { runCliInProcess as runCli, type CliRun } from '../support/cliRunner.js';

/** The esbuild bundle `npm run rollout` runs. */
const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'main.js');

/** `node dist/cli/main.js …` with this process's HOME (and so its sf logins). */
export const spawnCli = (argv: readonly string[], cwd: string): { child: ChildProcess; done: Promise<CliRun & { signal: NodeJS.Signals | null }> } => {
  const child = spawn(process.execPath, [MAIN, ...argv], { cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (d: Buffer) => out.push(d));
  child.stderr?.on('data', (d: Buffer) => err.push(d));
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ exitCode: code ?? -1, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
  return { child, done };
};

/** Hand-off secrets and keys are checked by format, never by value. */
export const SECRET_FORMAT = /^[0-9A-Za-z]{32,128}$/;
export const KEY_FORMAT = /^3MVG9[0-9A-Za-z._]{20,}$/;
