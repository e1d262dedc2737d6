/**
 * Worker for scripts/bench/deploy.ts, run with a throwaway HOME. For each org job duration (0, 1, 3 s) and each run it
 * starts fresh loopback orgs as a real org starts (REST access to secrets off, the code-and-credentials flow off),
 * logs in, and times, interleaved:
 *   ours   `node dist/cli/main.js deploy` (the shipped bundle, package.json's bin) as an admin runs it, first run;
 *   re-run the same command again against the same org (nothing to change);
 *   sf     `sf project deploy start` of the same five rendered files into its own fresh org, when a Salesforce CLI is
 *          installed (SF_BIN or `sf` on PATH). Its org starts with the code-and-credentials flow on: sf deploys only the
 *          five files and Salesforce refuses renGlblOauth without it (ours turns it on itself, with
 *          --allow-org-settings), so sf gets the easier org.
 * Every process is cold; every org is fresh. Node's compile cache (src/cli/compileCache.ts) is emptied before the
 * first run of each job duration, so that run starts as an admin's very first does and the others as every later
 * one does; each first run's start-up (process start to its first call) is kept with which it was.
 * Prints one JSON line: wall times, calls by kind (the org's request log), and the last first run's calls as a timeline for
 * the by-stage table.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestLogEntry } from '../../src/loopback-org/types.js';

const { startLoopbackOrg } = await import('../../src/loopback-org/index.js');
const { loginToLoopbackOrg } = await import('../../src/loopback-org/login.js');
const { routeLibraryWarnings } = await import('../../src/salesforce/libraryWarnings.js');
routeLibraryWarnings(() => undefined);

/** The shipped bundle: what package.json's bin runs. */
const SHIPPED_MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const home = process.env.HOME ?? '.';
const JOB_DURATIONS_MS = [0, 1000, 3000];

type Timed = { seconds: number; startedAt: number; endedAt: number };

const timeProcess = (command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Timed> =>
  new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const t0 = process.hrtime.bigint();
    const child = spawn(command, [...args], { stdio: ['ignore', 'ignore', 'pipe'], env: options.env ?? process.env, cwd: options.cwd ?? home });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, startedAt, endedAt: Date.now() }) : reject(new Error(`${command} ${args.join(' ')} exited ${String(code)}: ${err.slice(-2000)}`)));
  });

/** SF_BIN, or `sf` on PATH; undefined when neither exists. */
const findSf = (): string | undefined => {
  if (process.env.SF_BIN) return existsSync(process.env.SF_BIN) ? process.env.SF_BIN : undefined;
  return (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'sf')).find((p) => existsSync(p));
};

let serial = 0;
const freshOrg = async (jobDurationMs: number, orgSettings: { oAuthCdCrdtFlowEnable?: boolean } = {}) => {
  serial += 1;
  const id = String(serial).padStart(3, '0');
  const org = await startLoopbackOrg({ orgId: `00D0000000BEN${id}AA`, username: `admin${id}@bench.loopback`, orgSettings, faults: { jobDurationMs } });
  return { org, alias: `bench${id}`, output: join(home, `creds${id}.json`) };
};

const oursArgs = (alias: string, output: string): string[] => [SHIPPED_MAIN, 'deploy', '--target-org', alias, '--output', output, '--allow-org-settings', '--json'];

/** A project with the five rendered files, for sf (rendered by the shipped bundle, as `ren-eca render` writes them). */
const renderProject = async (): Promise<string> => {
  const dir = mkdtempSync(join(home, 'project-'));
  writeFileSync(join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }));
  await timeProcess(process.execPath, [SHIPPED_MAIN, 'render'], { cwd: dir });
  return dir;
};

/** sf keeps its own HOME: its access-token logins must not replace the refresh-token logins ren-eca uses. */
const sfHome = join(home, 'sf-home');
mkdirSync(sfHome, { recursive: true });
const sfEnv: NodeJS.ProcessEnv = { ...process.env, HOME: sfHome, USERPROFILE: sfHome, SF_SKIP_NEW_VERSION_CHECK: 'true', SF_DISABLE_AUTOUPDATE: 'true', SF_AUTOUPDATE_DISABLE: 'true' };

type Sample = { jobMs: number; first: number; rerun: number; startupMs: number; cacheCold: boolean; sf?: number; firstCalls: Record<string, number>; rerunCalls: Record<string, number>; sfCalls?: Record<string, number> };
type Timeline = { jobMs: number; startedAt: number; endedAt: number; calls: Pick<RequestLogEntry, 'kind' | 'at'>[] };

const runs = Number(process.argv[2] ?? 3);
const sf = findSf();
const project = sf === undefined ? undefined : await renderProject();
const samples: Sample[] = [];
const timelines: Timeline[] = [];

/** Where our processes keep Node's compile cache (what ~/.cache/ren-eca/node-compile-cache is for an admin). */
const compileCache = join(home, 'xdg-cache');
const oursEnv: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: compileCache };

for (const jobMs of JOB_DURATIONS_MS) {
  for (let i = 0; i < runs; i++) {
    const ours = await freshOrg(jobMs);
    await loginToLoopbackOrg(ours.org, { alias: ours.alias });
    ours.org.resetLog();
    const cacheCold = i === 0;
    if (cacheCold) rmSync(compileCache, { recursive: true, force: true });
    const first = await timeProcess(process.execPath, oursArgs(ours.alias, ours.output), { env: oursEnv });
    const firstCalls = ours.org.counts();
    const startupMs = (ours.org.requests[0]?.at ?? first.endedAt) - first.startedAt;
    if (i === runs - 1) timelines.push({ jobMs, startedAt: first.startedAt, endedAt: first.endedAt, calls: ours.org.requests.map((r) => ({ kind: r.kind, at: r.at })) });
    ours.org.resetLog();
    const rerun = await timeProcess(process.execPath, oursArgs(ours.alias, ours.output), { env: oursEnv });
    const sample: Sample = { jobMs, first: first.seconds, rerun: rerun.seconds, startupMs, cacheCold, firstCalls, rerunCalls: ours.org.counts() };
    await ours.org.stop();
    if (sf !== undefined && project !== undefined) {
      const theirs = await freshOrg(jobMs, { oAuthCdCrdtFlowEnable: true });
      await timeProcess(sf, ['org', 'login', 'access-token', '--instance-url', theirs.org.instanceUrl, '--alias', theirs.alias, '--no-prompt'], { env: { ...sfEnv, SF_ACCESS_TOKEN: theirs.org.accessToken } });
      theirs.org.resetLog();
      sample.sf = (await timeProcess(sf, ['project', 'deploy', 'start', '--source-dir', 'force-app', '--target-org', theirs.alias, '--wait', '10', '--json'], { env: sfEnv, cwd: project })).seconds;
      sample.sfCalls = theirs.org.counts();
      await theirs.org.stop();
    }
    samples.push(sample);
  }
}
process.stdout.write(`${JSON.stringify({ sf: sf ?? null, samples, timelines })}\n`);
