/**
 * Single-org deploy: HTTP calls per first deploy and per no-change re-run, by kind (the loopback org's own
 * request log), and the median wall time of one `ren-eca deploy` (a cold CLI process, first deploy into a fresh
 * org, the sf CLI's 1 s poll interval) with 0 and with 3 in-progress polls per deploy.
 *
 * What each call is for (first deploy, REST access to secrets off, as in a default org):
 *   oauth:token            the saved login's access token (refresh-token grant; once per process)
 *   data:versions          GET /services/data: the org's max API version (core; SDR reuses it)
 *   rest:query             Organization (core's Org.create, unless cached in the auth file), UserPermissionAccess
 *                          (may the user create ECAs / view secrets), Profile (do the named profiles exist);
 *                          PermissionSet only when permission sets are named
 *   soap:retrieve + soap:checkRetrieveStatus   what the org holds: the five components + two org settings
 *   soap:deploy + soap:checkDeployStatus  x4   app phase, policies phase, secret-access on, secret-access off
 *   connect:credentials    list the app's consumer, then key+secret (a re-run knows both ids: one call)
 * A no-change re-run deploys no ECA component: only the two secret-access flips remain (none when the org
 * already allows REST access to secrets).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, type BenchLine } from './stats.js';

const RUNS = 3;
const WORKER = fileURLToPath(new URL('./deployWorker.js', import.meta.url));

type WorkerResult = { firstDeployCalls: Record<string, number>; rerunCalls: Record<string, number>; wall0: number[]; wall3: number[]; prepCpuMs: number };

export const run = async (): Promise<BenchLine[]> => {
  const home = mkdtempSync(join(tmpdir(), 'ren-eca-bench-deploy-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, USERPROFILE: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', SF_DISABLE_LOG_FILE: 'true', SF_DISABLE_TELEMETRY: 'true' };
  try {
    const result = await new Promise<WorkerResult>((resolve, reject) => {
      const child = spawn(process.execPath, [WORKER, String(RUNS)], { env, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as WorkerResult) : reject(new Error(`deploy bench worker exited ${String(code)}: ${err}`))));
    });
    const total = (c: Record<string, number>): number => Object.values(c).reduce((a, b) => a + b, 0);
    const lines: BenchLine[] = [
      { name: 'HTTP calls, first deploy (total)', value: total(result.firstDeployCalls), unit: 'calls' },
      ...Object.entries(result.firstDeployCalls).map(([kind, value]) => ({ name: `first deploy: ${kind}`, value, unit: 'calls' })),
      { name: 'HTTP calls, no-change re-run (total)', value: total(result.rerunCalls), unit: 'calls' },
      ...Object.entries(result.rerunCalls).map(([kind, value]) => ({ name: `re-run: ${kind}`, value, unit: 'calls' })),
      { name: 'one deploy, 0 in-progress polls (median)', value: median(result.wall0), unit: 's', note: `${RUNS} runs, cold CLI process` },
      { name: 'one deploy, 3 in-progress polls (median)', value: median(result.wall3), unit: 's', note: `${RUNS} runs, 1 s poll interval` },
      { name: 'CPU to prepare one deploy (ComponentSet + zip)', value: result.prepCpuMs, unit: 'ms', note: 'in-process, mean of 50, one shared SDR registry' },
    ];
    return lines;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
};
