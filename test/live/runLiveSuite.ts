/**
 * `npm run test:org -- --target-org <alias>`: the end-to-end checks against a REAL sandbox or Developer Edition
 * org you are logged in to with the sf CLI (opt-in; never part of `npm test`). It runs the deploy command twice
 * as a user would, checks exit codes, the 0600 hand-off and that neither output carries the secret, and then
 * asks the org's token endpoint about the new credentials: a refresh-token grant with a made-up refresh token
 * must fail with `invalid_grant` (client authenticated) rather than `invalid_client*` (key or secret wrong).
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
  const token = await fetch(`${handoff.loginUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'not-a-real-token', client_id: handoff.consumerKey, client_secret: handoff.consumerSecret }),
  });
  const body = (await token.json()) as { error?: string };
  check(body.error === 'invalid_grant', `token endpoint accepts the client (error ${String(body.error)}; invalid_client* would mean wrong key/secret or not yet propagated)`);
} else {
  say(`${first.stdout}\n${first.stderr}`);
}
say(failures.length === 0 ? '\nAll live checks passed.' : `\n${failures.length} live check(s) failed.`);
process.exitCode = failures.length === 0 ? 0 : 1;
