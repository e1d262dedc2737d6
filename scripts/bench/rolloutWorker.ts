/**
 * One measured rollout for scripts/bench/rollout.ts, in its own process so its peak RSS and CPU time are
 * the rollout's alone (the loopback orgs live in the parent). Prints one JSON line.
 * argv: <tenants.csv> <stateDir> <outputDir> <concurrency> [<pollIntervalMs>] (default: the shipped poll schedule)
 * Times are from this process's start (performance.now()), so node start-up and module loading count.
 */
import { performance } from 'node:perf_hooks';
import type { ProgressDisplay } from '../../src/fleet/progressDisplay.js';
import { runRollout } from '../../src/fleet/runRollout.js';
import { salesforceDependencies } from '../../src/fleet/salesforceDependencies.js';
import { DEFAULT_WAIT_MINUTES } from '../../src/cli/defaults.js';

const [tenantsPath, stateDir, outputDir, concurrency, pollMs] = process.argv.slice(2);
let firstStartedAt: number | undefined;
/** Records when the first tenant starts: everything before is start-up (modules, tenants file, auth store, state). */
const startWatch = (): ProgressDisplay => ({
  onEvent: (e) => {
    if (e.kind === 'started') firstStartedAt ??= performance.now();
  },
  stop: () => undefined,
});
const deps = salesforceDependencies();
const result = await runRollout(
  { tenantsPath: tenantsPath as string, stateDir: stateDir as string, outputDir: outputDir as string, concurrency: Number(concurrency), dryRun: false, waitMinutes: DEFAULT_WAIT_MINUTES, allowOrgSettings: true, ...(pollMs === undefined ? {} : { pollIntervalMs: Number(pollMs) }) },
  deps,
  startWatch,
);
const wallSeconds = performance.now() / 1000;
const usage = process.resourceUsage();
console.log(
  JSON.stringify({
    wallSeconds,
    startupSeconds: (firstStartedAt ?? performance.now()) / 1000,
    exitCode: result.summary.exitCode,
    succeeded: result.summary.succeeded,
    total: result.summary.total,
    tenantSeconds: result.tenants.map((t) => t.durationMs / 1000),
    maxRssMb: usage.maxRSS / 1024,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    errors: result.tenants.filter((t) => t.error).slice(0, 3).map((t) => t.error?.message),
  }),
);
