/**
 * Fleet rollout throughput: 200 tenants, one loopback org each (200 HTTP servers in this process), rolled out by a
 * separate worker process at concurrency 8, 32 and 64 (fresh orgs for each run, so every tenant really creates its
 * app). The orgs start as real orgs do (REST access to secrets and the code-and-credentials flow off, so the rollout
 * turns them on itself), each asynchronous job takes 1 s of org time (faults.jobDurationMs), and every org answers
 * with its own latency (60-140 ms, spread evenly over the fleet) so tenants do not move in lock-step. The worker
 * polls on the shipped schedule (no --poll-interval).
 *
 * Layout: the orgs run in this process, the rollout in a worker process, both on the same cores. The
 * orgs' CPU (reported per level) is a bench artifact real Salesforce orgs do not add; it is small next to
 * the rollout's. The worker's wall time counts from its process start: node start-up, loading core and SDR,
 * the tenants file, the auth store and the state directory are part of it (reported as "start-up").
 *
 * Per level: wall time; efficiency = ideal / wall, where ideal = ceil(200 / concurrency) x one tenant's time.
 * One tenant's time is the median tenant duration of a 5-tenant run at concurrency 1 in the same layout
 * (worker process, orgs in this process, same latency and polls), i.e. the same conditions without
 * contention; it excludes start-up, which the wall time includes, so the ratio charges start-up to the
 * rollout. Also reported: the median tenant time at that concurrency (how much contention stretches one
 * tenant), peak RSS and CPU seconds per tenant of the rollout process. Targets: efficiency >= 0.85 at
 * concurrency 32, RSS < 500 MB. RUNS runs per level (BENCH_ROLLOUT_RUNS, default 3), medians; BENCH_ROLLOUT_TENANTS
 * (default 200) shrinks the fleet for a quick look.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, type BenchLine } from './stats.js';

const TENANTS = Number(process.env.BENCH_ROLLOUT_TENANTS ?? 200);
const RUNS = Number(process.env.BENCH_ROLLOUT_RUNS ?? 3);
const LEVELS = [8, 32, 64];
/** Each org's latency: spread evenly over LATENCY_MS ± LATENCY_SPREAD_MS by its place in the fleet. */
const LATENCY_MS = 100;
const LATENCY_SPREAD_MS = 40;
const JOB_DURATION_MS = 1000;
const WORKER = fileURLToPath(new URL('./rolloutWorker.js', import.meta.url));

type WorkerResult = { wallSeconds: number; startupSeconds: number; exitCode: number; succeeded: number; total: number; tenantSeconds: number[]; maxRssMb: number; cpuSeconds: number; errors: string[] };

const runWorker = (args: string[], env: NodeJS.ProcessEnv): Promise<WorkerResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`rollout worker exited ${String(code)}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as WorkerResult);
    });
  });

/** The bench gets its own HOME (sf auth store) and none of the developer's SF_* settings, like the tests. */
const isolate = (): { env: NodeJS.ProcessEnv; home: string; restore: () => void } => {
  const saved = { ...process.env };
  const home = mkdtempSync(join(tmpdir(), 'bench-rollout-home-'));
  for (const k of Object.keys(process.env)) if (/^(SF|SFDX)_/.test(k) || /^(https?|no|all)_proxy$/i.test(k)) delete process.env[k];
  Object.assign(process.env, { HOME: home, USERPROFILE: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', SF_DISABLE_LOG_FILE: 'true', SF_DISABLE_TELEMETRY: 'true', SF_SKIP_NEW_VERSION_CHECK: 'true', SF_DISABLE_AUTOUPDATE: 'true' });
  return {
    env: { ...process.env },
    home,
    restore: () => {
      for (const k of Object.keys(process.env)) delete process.env[k];
      Object.assign(process.env, saved);
    },
  };
};

export const run = async (): Promise<BenchLine[]> => {
  const iso = isolate();
  const work = mkdtempSync(join(tmpdir(), 'bench-rollout-'));
  // Loaded only now, after HOME points at the temp auth store.
  const { startLoopbackOrg } = await import('../../src/loopback-org/index.js');
  const { loginToLoopbackOrg } = await import('../../src/loopback-org/login.js');
  const { Lifecycle } = await import('@salesforce/core');
  Lifecycle.getInstance().onWarning(() => Promise.resolve()); // core's "insecure protocol" notice for http://127.0.0.1
  let orgSerial = 0;
  const fleet = async (label: string, n: number) => {
    const orgs: { tenant: string; org: Awaited<ReturnType<typeof startLoopbackOrg>> }[] = [];
    for (let i = 1; i <= n; i++) {
      const tenant = `${label}-t${String(i).padStart(3, '0')}`;
      const org = await startLoopbackOrg({
        orgId: `00D${String(900000 + ++orgSerial).padStart(12, '0')}AAA`,
        username: `admin@${tenant}.bench`,
        faults: { latencyMs: 0, jobDurationMs: JOB_DURATION_MS },
      });
      await loginToLoopbackOrg(org, { alias: `org-${tenant}` }); // set-up, not measured: no latency yet
      org.faults.latencyMs = Math.round(LATENCY_MS - LATENCY_SPREAD_MS + (2 * LATENCY_SPREAD_MS * ((i * 37) % n)) / Math.max(1, n - 1));
      orgs.push({ tenant, org });
    }
    const csv = join(work, `${label}.csv`);
    writeFileSync(csv, ['tenant,org', ...orgs.map((o) => `${o.tenant},org-${o.tenant}`)].join('\n'));
    return { csv, stop: () => Promise.all(orgs.map((o) => o.org.stop())) };
  };
  const rollout = (label: string, csv: string, concurrency: number) =>
    runWorker([csv, join(work, `${label}-state`), join(work, `${label}-out`), String(concurrency)], iso.env);

  try {
    const single = await fleet('one', 5);
    const baseline = await rollout('one', single.csv, 1);
    await single.stop();
    const oneTenant = median(baseline.tenantSeconds);
    const lines: BenchLine[] = [{ name: 'one tenant alone (median of 5, concurrency 1)', value: oneTenant, unit: 's' }];
    for (const c of LEVELS) {
      const results: (WorkerResult & { hostCpuSeconds: number })[] = [];
      for (let i = 1; i <= RUNS; i++) {
        const f = await fleet(`c${c}r${i}`, TENANTS);
        const hostCpu = process.cpuUsage();
        const one = await rollout(`c${c}r${i}`, f.csv, c);
        const used = process.cpuUsage(hostCpu);
        await f.stop();
        results.push({ ...one, hostCpuSeconds: (used.user + used.system) / 1e6 });
      }
      const med = (pick: (x: WorkerResult & { hostCpuSeconds: number }) => number): number => median(results.map(pick));
      const r = {
        wallSeconds: med((x) => x.wallSeconds), startupSeconds: med((x) => x.startupSeconds), maxRssMb: med((x) => x.maxRssMb), cpuSeconds: med((x) => x.cpuSeconds),
        succeeded: Math.min(...results.map((x) => x.succeeded)), errors: results.flatMap((x) => x.errors), tenantSeconds: results.flatMap((x) => x.tenantSeconds),
      };
      const hostCpuSeconds = med((x) => x.hostCpuSeconds);
      const ideal = Math.ceil(TENANTS / c) * oneTenant;
      const efficiency = ideal / r.wallSeconds;
      const ok = r.succeeded === TENANTS ? '' : ` — ${TENANTS - r.succeeded} FAILED: ${r.errors.join('; ')}`;
      lines.push(
        { name: `${TENANTS} tenants, concurrency ${c}: wall time`, value: r.wallSeconds, unit: 's', note: `median of ${RUNS} runs (${results.map((x) => x.wallSeconds.toFixed(1)).join(', ')}); ideal ${ideal.toFixed(1)} s${ok}` },
        { name: `${TENANTS} tenants, concurrency ${c}: ideal / wall`, value: efficiency, unit: 'ratio', note: c === 32 ? `target >= 0.85${efficiency >= 0.85 ? '' : ' — MISSED'}` : undefined },
        { name: `${TENANTS} tenants, concurrency ${c}: start-up (process start to first tenant)`, value: r.startupSeconds, unit: 's' },
        { name: `${TENANTS} tenants, concurrency ${c}: median tenant time`, value: median(r.tenantSeconds), unit: 's', note: `alone: ${oneTenant.toFixed(2)} s` },
        { name: `${TENANTS} tenants, concurrency ${c}: peak RSS`, value: r.maxRssMb, unit: 'MB', note: `target < 500${r.maxRssMb < 500 ? '' : ' — MISSED'}` },
        { name: `${TENANTS} tenants, concurrency ${c}: CPU per tenant`, value: r.cpuSeconds / TENANTS, unit: 's' },
        // The 200 loopback orgs share the machine's 2 cores with the rollout; their CPU explains the gap to ideal.
        { name: `${TENANTS} tenants, concurrency ${c}: loopback orgs' CPU (same machine)`, value: hostCpuSeconds, unit: 's' },
      );
    }
    return lines;
  } finally {
    iso.restore();
    rmSync(work, { recursive: true, force: true });
    rmSync(iso.home, { recursive: true, force: true });
  }
};
