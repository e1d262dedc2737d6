/** Small helpers shared by the benchmarks: medians, timing a child process from cold. */
import { spawnSync } from 'node:child_process';

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Wall time in seconds of `node args...` run `runs` times from a cold process; throws on a non-zero exit. */
export const timeColdNode = (args: readonly string[], runs: number, env: NodeJS.ProcessEnv = process.env): number[] =>
  Array.from({ length: runs }, () => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [...args], { env, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${String(r.status)}: ${r.stderr}`);
    return seconds;
  });

export type BenchLine = { name: string; value: number; unit: string; note?: string };

/**
 * Wall times of several commands run in interleaved rounds (A B A B …) after one warm-up round that is not counted,
 * so drift in the machine's load (page cache, another process) falls on every command alike.
 */
export const timeInterleaved = (commands: readonly (readonly string[])[], rounds: number, env: NodeJS.ProcessEnv = process.env): number[][] => {
  const times = commands.map((): number[] => []);
  for (let round = -1; round < rounds; round++) {
    commands.forEach((args, i) => {
      const [seconds] = timeColdNode(args, 1, env);
      if (round >= 0) times[i]?.push(seconds as number);
    });
  }
  return times;
};
