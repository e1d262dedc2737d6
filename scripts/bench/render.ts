/**
 * Cold-start wall time of `render` (checked-in spec into a temp package dir) and of `--help`, median of 5
 * runs each from a fresh node process. Target: under 0.4 s each (neither may load @salesforce/core).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timeColdNode, type BenchLine } from './stats.js';

const RUNS = 5;
const TARGET_SECONDS = 0.4;
const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export const run = async (): Promise<BenchLine[]> => {
  const out = mkdtempSync(join(tmpdir(), 'bench-render-'));
  try {
    const lines: [string, string[]][] = [
      ['render, cold process (median of 5)', [MAIN, 'render', '--output-dir', join(out, 'force-app')]],
      ['--help, cold process (median of 5)', [MAIN, '--help']],
    ];
    return await Promise.resolve(
      lines.map(([name, args]) => {
        const seconds = median(timeColdNode(args, RUNS));
        return { name, value: seconds, unit: 's', note: `target < ${TARGET_SECONDS} s${seconds < TARGET_SECONDS ? '' : ' — MISSED'}` };
      }),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
};
