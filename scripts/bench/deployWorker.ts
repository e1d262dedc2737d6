/**
 * Worker for scripts/bench/deploy.ts, run with a throwaway HOME: starts a loopback org per measurement, logs in,
 * runs `ren-eca deploy` as a child process (as an admin would) and prints one JSON line with the org's request
 * log counts and wall times.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const { startLoopbackOrg } = await import('../../src/loopback-org/index.js');
const { loginToLoopbackOrg } = await import('../../src/loopback-org/login.js');
const { routeLibraryWarnings } = await import('../../src/salesforce/libraryWarnings.js');
routeLibraryWarnings(() => undefined);

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const home = process.env.HOME ?? '.';

const deployOnce = (alias: string, output: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [MAIN, 'deploy', '--target-org', alias, '--output', output, '--allow-org-settings', '--json'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - t0) / 1e9) : reject(new Error(`deploy exited ${String(code)}: ${err}`))));
  });

let n = 0;
const freshOrg = async (inProgressPolls: number) => {
  n += 1;
  const org = await startLoopbackOrg({ orgId: `00D0000000BENCH${String(n).padStart(2, '0')}A`.slice(0, 18), faults: { deployInProgressPolls: inProgressPolls } });
  await loginToLoopbackOrg(org, { alias: `bench${n}` });
  return { org, alias: `bench${n}`, output: join(home, `creds${n}.json`) };
};

/** CPU of preparing one deploy in-process (ComponentSet from the rendered files + the zip SDR submits), steady state. */
const deployPrepCpuMs = async (times: number): Promise<number> => {
  const { MetadataConverter } = await import('@salesforce/source-deploy-retrieve');
  const { componentSetFromFiles } = await import('../../src/salesforce/componentSetFromFiles.js');
  const { sharedRegistry } = await import('../../src/salesforce/sharedRegistry.js');
  const { renderRegistration } = await import('../../src/render/renderRegistration.js');
  const { loadRegistration } = await import('../../src/registration/loadRegistration.js');
  const files = renderRegistration(await loadRegistration({}), { apiVersion: '64.0' }).components;
  const prepare = async (): Promise<void> => {
    await new MetadataConverter(sharedRegistry()).convert(componentSetFromFiles(files, '64.0'), 'metadata', { type: 'zip' });
  };
  await prepare(); // module loading is paid once per process, not per deploy
  const before = process.cpuUsage();
  for (let i = 0; i < times; i++) await prepare();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / times;
};

const runs = Number(process.argv[2] ?? 3);
const result: { firstDeployCalls: Record<string, number>; rerunCalls: Record<string, number>; wall0: number[]; wall3: number[]; prepCpuMs: number } = {
  prepCpuMs: await deployPrepCpuMs(50),
  firstDeployCalls: {},
  rerunCalls: {},
  wall0: [],
  wall3: [],
};
{
  const { org, alias, output } = await freshOrg(0);
  org.resetLog();
  await deployOnce(alias, output);
  result.firstDeployCalls = org.counts();
  org.resetLog();
  await deployOnce(alias, output);
  result.rerunCalls = org.counts();
  await org.stop();
}
for (const [polls, into] of [[0, result.wall0], [3, result.wall3]] as const) {
  for (let i = 0; i < runs; i++) {
    const { org, alias, output } = await freshOrg(polls);
    into.push(await deployOnce(alias, output));
    await org.stop();
  }
}
process.stdout.write(`${JSON.stringify(result)}\n`);
