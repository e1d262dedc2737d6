/**
 * Cold-start wall time of `render` (checked-in spec into a temp package dir) and of `--help`, from a fresh node
 * process: the shipped bundle and the unbundled tsc output timed in interleaved pairs after a warm-up round,
 * median of 9 each. Target: under 0.4 s each (neither may load @salesforce/core).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timeInterleaved, type BenchLine } from './stats.js';

const RUNS = 9;
const TARGET_SECONDS = 0.4;
/** What `npm run render` runs: the esbuild bundle of the CLI (zod, yargs, fast-xml-parser inlined). */
const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
/** The same CLI as tsc emits it, one ES module per file: the baseline the bundle is compared with. */
const UNBUNDLED = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export const run = async (): Promise<BenchLine[]> => {
  const out = mkdtempSync(join(tmpdir(), 'bench-render-'));
  try {
    const commands: [string, string[]][] = [
      ['render', ['render', '--output-dir', join(out, 'force-app')]],
      ['--help', ['--help']],
    ];
    const lines: BenchLine[] = [];
    for (const [name, args] of commands) {
      const [bundleTimes = [], unbundledTimes = []] = timeInterleaved([[MAIN, ...args], [UNBUNDLED, ...args]], RUNS);
      const seconds = median(bundleTimes);
      const unbundled = median(unbundledTimes);
      lines.push(
        { name: `${name}, cold process (median of ${RUNS}, interleaved with unbundled)`, value: seconds, unit: 's', note: `target < ${TARGET_SECONDS} s${seconds < TARGET_SECONDS ? '' : ' — MISSED'}` },
        { name: `${name}, unbundled tsc output / bundle`, value: unbundled / seconds, unit: 'x', note: `unbundled median ${unbundled.toFixed(3)} s` },
      );
    }
    return await Promise.resolve(lines);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
};
