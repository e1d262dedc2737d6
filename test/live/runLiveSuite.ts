/**
 * `npm run test:org -- --target-org <alias>`: the end-to-end checks against a REAL sandbox or Developer Edition
 * org you are logged in to with the sf CLI (opt-in; never part of `npm test`). It runs the deploy command twice
 * as a user would, checks exit codes, the 0600 hand-off and that neither output carries the secret, and then
 * proves the new credentials with `ren-eca verify --wait 30` (the org's token endpoint, no login), reporting
 * whether the control probe (a deliberately wrong secret) got `invalid_client` as the proof needs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Plain writes: the console is reserved to the output layer and scripts (lint rule).
const say = (text: string): void => void process.stdout.write(`${text}\n`);
const args = process.argv.slice(2);
const target = args[args.indexOf('--target-org') + 1];
if (!args.includes('--target-org') || target === undefined) {
  say('Usage: npm run test:org -- --target-org <alias of a sandbox or Developer Edition org>');
  process.exit(2);
}
const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'ren-eca-live-'));
const output = join(dir, 'creds.json');
const failures: string[] = [];
const check = (ok: boolean, what: string): void => {
  say(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
const deploy = (): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, [main, 'deploy', '--target-org', target, '--output', output, '--json'], { encoding: 'utf8' });

const first = deploy();
check(first.status === 0, `first deploy exits 0 (got ${String(first.status)})`);
if (first.status === 0) {
  const handoff = JSON.parse(readFileSync(output, 'utf8')) as { consumerKey: string; consumerSecret: string; loginUrl: string };
  check((statSync(output).mode & 0o777) === 0o600, 'hand-off file has mode 0600');
  check(!first.stdout.includes(handoff.consumerSecret) && !first.stderr.includes(handoff.consumerSecret), 'no secret on stdout/stderr');
  const second = deploy();
  const doc = JSON.parse(second.stdout) as { result?: { consumerKey?: string; status?: string } };
  check(second.status === 0, 're-run exits 0');
  check(doc.result?.consumerKey === handoff.consumerKey, `re-run keeps the consumer key (status ${String(doc.result?.status)})`);
  const verify = spawnSync(process.execPath, [main, 'verify', output, '--wait', '30', '--json'], { encoding: 'utf8' });
  const proof = (JSON.parse(verify.stdout) as { result?: { files?: { verdict?: string; controlProbe?: string; attempts?: number }[] } }).result?.files?.[0];
  check(proof?.controlProbe === 'invalid_client', `control probe (wrong secret) answered ${String(proof?.controlProbe)}; invalid_client means the org authenticates the client before the grant, so the proof holds`);
  check(verify.status === 0 && proof?.verdict === 'accepted', `verify: ${String(proof?.verdict)} after ${String(proof?.attempts)} attempt(s), exit ${String(verify.status)}`);
  check(!verify.stdout.includes(handoff.consumerSecret) && !verify.stderr.includes(handoff.consumerSecret), 'verify prints no secret');
  check(typeof (JSON.parse(readFileSync(output, 'utf8')) as { verifiedAt?: string }).verifiedAt === 'string', 'verifiedAt written into the hand-off');
} else {
  say(`${first.stdout}\n${first.stderr}`);
}
say(failures.length === 0 ? '\nAll live checks passed.' : `\n${failures.length} live check(s) failed.`);
process.exitCode = failures.length === 0 ? 0 : 1;
