/**
 * Runs the real CLI in this process, as `buildParser(argv).parseAsync()`, with stdout and stderr captured:
 * fast, for tests that need many runs. Tests about exact bytes a user sees run the bundle as a child instead.
 */
import { buildParser } from '../../src/cli/parser.js';

export type CliRun = { exitCode: number; stdout: string; stderr: string };

export const runCliInProcess = async (argv: readonly string[]): Promise<CliRun> => {
  const out: string[] = [];
  const err: string[] = [];
  const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const capture = (sink: string[]) => (chunk: string | Uint8Array): boolean => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await buildParser(argv).parseAsync();
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { exitCode, stdout: out.join(''), stderr: err.join('') };
};
