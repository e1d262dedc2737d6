/**
 * Single-org deploy as users run it: the shipped bundle (`dist/cli/main.js`, package.json's bin) in a cold process
 * against loopback orgs that start as a real org does (REST access to secrets off) and whose asynchronous jobs take
 * wall time (0, 1 and 3 s per deploy or retrieve, faults.jobDurationMs), on the shipped poll schedule.
 *
 * Per job duration, medians of RUNS fresh orgs: the first registration, a no-change re-run, and — when a Salesforce
 * CLI is installed (SF_BIN, or `sf` on PATH) — `sf project deploy start` of the same five rendered files, interleaved
 * with ours, with the ratios ours / sf (targets: first run <= 1.0, re-run <= 0.5). Without sf it says it skipped.
 * Calls by kind (the org's request log, status polls included) for a first run and a re-run, and the first run at
 * 1 s split into stages by the calls' arrival times (start-up = process start to its first call). The first run of each
 * job duration starts with Node's compile cache empty, the others with it filled: start-up is reported for each.
 *
 * Calls group into stages by kind and by whether a deploy came before them (byStage below).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, type BenchLine } from './stats.js';

const RUNS = Number(process.env.BENCH_DEPLOY_RUNS ?? 3);
const WORKER = fileURLToPath(new URL('./deployWorker.js', import.meta.url));

type Sample = { jobMs: number; first: number; rerun: number; startupMs: number; cacheCold: boolean; sf?: number; firstCalls: Record<string, number>; rerunCalls: Record<string, number>; sfCalls?: Record<string, number> };
type Timeline = { jobMs: number; startedAt: number; endedAt: number; calls: { kind: string; at: number }[] };
type WorkerResult = { sf: string | null; samples: Sample[]; timelines: Timeline[] };

const total = (c: Record<string, number>): number => Object.values(c).reduce((a, b) => a + b, 0);

/**
 * The stage a call belongs to, by its kind and whether a deploy came before it (the pipeline's order: login and
 * preflight, the org switch, deploy(s), then the end-state check, secret access on, read-back, secret access off and
 * the proof at the token endpoint). A new stage starts whenever this changes; each soap:deploy starts its own.
 */
const STAGE_BEFORE_DEPLOY: Readonly<Record<string, string>> = {
  'oauth:token': 'login + preflight queries', 'data:versions': 'login + preflight queries', 'rest:query': 'login + preflight queries', 'tooling:query': 'login + preflight queries',
  'soap:retrieve': 'preflight retrieve', 'soap:checkRetrieveStatus': 'preflight retrieve',
  'soap:listMetadata': 'preflight reads (listMetadata, readMetadata)', 'soap:readMetadata': 'preflight reads (listMetadata, readMetadata)',
  'soap:updateMetadata': 'org switch: code-and-credentials flow (updateMetadata)',
};
const STAGE_AFTER_DEPLOY: Readonly<Record<string, string>> = {
  'soap:listMetadata': 'end-state check (listMetadata, readMetadata)', 'soap:readMetadata': 'end-state check (listMetadata, readMetadata)',
  'rest:query': 'end-state check (queries)', 'tooling:query': 'end-state check (queries)',
  'connect:credentials': 'read-back (credentials)',
  'oauth:token': 'credential proof (token endpoint)',
};
/** updateMetadata after a deploy: the secret-access switch, on then off. */
const SECRET_SWITCH = ['secret access on (updateMetadata)', 'secret access off (updateMetadata)'] as const;

export const byStage = (t: Timeline): { stage: string; ms: number }[] => {
  const stages: { stage: string; from: number }[] = [{ stage: 'start-up (process start to first call)', from: t.startedAt }];
  let deploys = 0;
  let switches = 0;
  const stageOf = (kind: string): string => {
    if (kind === 'soap:deploy') deploys += 1;
    if (kind === 'soap:deploy' || kind === 'soap:checkDeployStatus') return `deploy ${deploys} (deploy + status checks)`;
    if (deploys > 0 && kind === 'soap:updateMetadata') return SECRET_SWITCH[switches++] ?? 'updateMetadata';
    return (deploys === 0 ? STAGE_BEFORE_DEPLOY : STAGE_AFTER_DEPLOY)[kind] ?? kind;
  };
  for (const call of t.calls) {
    const stage = stageOf(call.kind);
    if (stages.at(-1)?.stage !== stage) stages.push({ stage, from: call.at });
  }
  stages.push({ stage: 'end', from: t.endedAt });
  const timed = stages.slice(0, -1).map((s, i) => ({ stage: s.stage, ms: (stages[i + 1]?.from ?? t.endedAt) - s.from }));
  // The last stage runs to the process's end: the hand-off file and exit are in it.
  return timed.map((s, i) => (i === timed.length - 1 ? { ...s, stage: `${s.stage}, then hand-off file and exit` } : s));
};

export const run = async (): Promise<BenchLine[]> => {
  const home = mkdtempSync(join(tmpdir(), 'ren-eca-bench-deploy-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: home, USERPROFILE: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', SF_DISABLE_LOG_FILE: 'true', SF_DISABLE_TELEMETRY: 'true',
    ...(process.env.SF_BIN === undefined ? {} : { SF_BIN: process.env.SF_BIN }),
  };
  try {
    const result = await new Promise<WorkerResult>((resolve, reject) => {
      const child = spawn(process.execPath, [WORKER, String(RUNS)], { env, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as WorkerResult) : reject(new Error(`deploy bench worker exited ${String(code)}: ${err}`))));
    });
    const lines: BenchLine[] = [];
    if (result.sf === null) lines.push({ name: 'sf project deploy start: SKIPPED (no SF_BIN, no sf on PATH)', value: Number.NaN, unit: '' });
    for (const jobMs of [...new Set(result.samples.map((s) => s.jobMs))]) {
      const at = result.samples.filter((s) => s.jobMs === jobMs);
      const job = `job ${jobMs / 1000} s`;
      const first = median(at.map((s) => s.first));
      const rerun = median(at.map((s) => s.rerun));
      const runs = `${at.length} runs, median`;
      lines.push(
        { name: `${job}: ours, first registration`, value: first, unit: 's', note: `${runs}; ${total(at[0]?.firstCalls ?? {})} calls` },
        { name: `${job}: ours, no-change re-run`, value: rerun, unit: 's', note: `${runs}; ${total(at[0]?.rerunCalls ?? {})} calls` },
      );
      const sfTimes = at.flatMap((s) => (s.sf === undefined ? [] : [s.sf]));
      if (sfTimes.length > 0) {
        const sf = median(sfTimes);
        lines.push(
          { name: `${job}: sf project deploy start`, value: sf, unit: 's', note: `${sfTimes.length} runs, median; ${total(at[0]?.sfCalls ?? {})} calls` },
          { name: `${job}: ratio first registration / sf`, value: first / sf, unit: 'x', note: `target <= 1.0${first / sf <= 1 ? '' : ' — MISSED'}` },
          { name: `${job}: ratio no-change re-run / sf`, value: rerun / sf, unit: 'x', note: `target <= 0.5${rerun / sf <= 0.5 ? '' : ' — MISSED'}` },
        );
      }
    }
    const startup = (cold: boolean): number[] => result.samples.filter((s) => s.cacheCold === cold).map((s) => s.startupMs);
    for (const [cold, label] of [[true, 'empty (an admin’s first run)'], [false, 'filled (every later run)']] as const) {
      const ms = startup(cold);
      if (ms.length > 0) lines.push({ name: `first registration, start-up (process start to first call), compile cache ${label}`, value: median(ms), unit: 'ms', note: `${ms.length} runs, median` });
    }
    for (const jobMs of [0, 1000, 3000]) {
      const s = result.samples.find((x) => x.jobMs === jobMs);
      if (s === undefined) continue;
      const job = `job ${jobMs / 1000} s`;
      lines.push(
        ...Object.entries(s.firstCalls).map(([kind, value]) => ({ name: `${job}: calls, first run: ${kind}`, value, unit: 'calls' })),
        ...Object.entries(s.rerunCalls).map(([kind, value]) => ({ name: `${job}: calls, re-run: ${kind}`, value, unit: 'calls' })),
        ...Object.entries(s.sfCalls ?? {}).map(([kind, value]) => ({ name: `${job}: calls, sf: ${kind}`, value, unit: 'calls' })),
      );
    }
    const oneSecond = result.timelines.find((t) => t.jobMs === 1000);
    if (oneSecond !== undefined) {
      for (const { stage, ms } of byStage(oneSecond)) lines.push({ name: `job 1 s, first registration by stage (last run, compile cache ${RUNS > 1 ? 'filled' : 'empty'}): ${stage}`, value: ms, unit: 'ms' });
    }
    return lines;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
};
