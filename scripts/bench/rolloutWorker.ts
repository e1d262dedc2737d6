/**
 * One measured rollout for scripts/bench/rollout.ts, in its own process so its peak RSS and CPU time are
 * the rollout's alone (the loopback orgs live in the parent). Prints one JSON line.
 * argv: <tenants.csv> <stateDir> <outputDir> <concurrency> <pollIntervalMs>
 */
import { runRollout } from '../../src/rollout/runRollout.js';
import { salesforceDependencies } from '../../src/rollout/salesforceDependencies.js';

const [tenantsPath, stateDir, outputDir, concurrency, pollMs] = process.argv.slice(2);
const started = process.hrtime.bigint();
const deps = await salesforceDependencies({ pollIntervalMs: Number(pollMs) });
const result = await runRollout(
  { tenantsPath: tenantsPath as string, stateDir: stateDir as string, outputDir: outputDir as string, concurrency: Number(concurrency), dryRun: false },
  deps,
);
const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
const usage = process.resourceUsage();
console.log(
  JSON.stringify({
    wallSeconds,
    exitCode: result.summary.exitCode,
    succeeded: result.summary.succeeded,
    total: result.summary.total,
    tenantSeconds: result.tenants.map((t) => t.durationMs / 1000),
    maxRssMb: usage.maxRSS / 1024,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    errors: result.tenants.filter((t) => t.error).slice(0, 3).map((t) => t.error?.message),
  }),
);
