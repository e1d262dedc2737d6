/**
 * `npm run bench`: every benchmark of the project, one module per concern under scripts/bench/.
 * Prints a table of medians and ratios; `--json` prints the same as JSON. `--only <name>` runs one suite.
 */
import type { BenchLine } from './bench/stats.js';

type Suite = { name: string; load: () => Promise<{ run: () => Promise<BenchLine[]> }> };

/** Add a suite here: its module exports `run(): Promise<BenchLine[]>`. */
const SUITES: readonly Suite[] = [
  { name: 'render', load: () => import('./bench/render.js') },
  { name: 'rollout', load: () => import('./bench/rollout.js') },
  { name: 'deploy', load: () => import('./bench/deploy.js') },
  { name: 'loopback-org', load: () => import('./bench/loopbackOrg.js') },
];

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const all: (BenchLine & { suite: string })[] = [];
for (const suite of SUITES.filter((s) => only === undefined || s.name === only)) {
  console.error(`» bench ${suite.name}`);
  const lines = await (await suite.load()).run();
  for (const l of lines) all.push({ suite: suite.name, ...l });
}
if (args.includes('--json')) console.log(JSON.stringify(all, undefined, 2));
else {
  for (const l of all) {
    console.log(`${`${l.suite}: ${l.name}`.padEnd(70)} ${String(Number(l.value.toFixed(3))).padStart(10)} ${l.unit}${l.note ? `  (${l.note})` : ''}`);
  }
}
