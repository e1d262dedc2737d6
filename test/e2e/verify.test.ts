/**
 * `ren-eca verify` as Ren runs it: the shipped bundle in a child process, hand-off files on disk, a loopback org's
 * token endpoint. Exit codes per cli-contract.md; verifiedAt written into plain files it proved; no secret printed.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { TEST_HOME } from '../helpers/isolation.js';
import { startLoopbackOrg, type LoopbackOrg, type LoopbackOrgOptions } from '../../src/loopback-org/index.js';
import { writeHandoff, type Handoff } from '../../src/credentials/handoff.js';
import { Secret } from '../../src/credentials/secret.js';
import { connectionFor, deploySource, fixturePath } from '../loopback-org/testSupport.js';
import { runCliChild, type CliRun } from './deployHarness.js';

type VerifyJson = { status: number; result?: { verified: boolean; files: { verdict: string; verified: boolean; verifiedAt?: string; recorded?: string; controlProbe: string; path: string }[] }; name?: string; message?: string };

const opened: LoopbackOrg[] = [];
let serial = 0;

/** A loopback org holding Ren, and a plain hand-off file for it in a fresh folder. */
export const orgWithHandoff = async (options: LoopbackOrgOptions = {}, secret?: string): Promise<{ org: LoopbackOrg; path: string; dir: string; handoff: Handoff }> => {
  serial += 1;
  const org = await startLoopbackOrg({ orgId: `00DVERIFY${String(serial).padStart(6, '0')}AAA`, ...options });
  opened.push(org);
  await deploySource(await connectionFor(org), [fixturePath('ren')]);
  org.resetLog();
  const handoff: Handoff = {
    loginUrl: org.loginUrl,
    consumerKey: org.issuedKeyForTest('ren') ?? '',
    consumerSecret: new Secret(secret ?? org.issuedSecretForTest('ren') ?? ''),
    orgId: org.orgId,
    instanceUrl: org.instanceUrl,
    isSandbox: false,
    appApiName: 'ren',
    apiVersion: '66.0',
    issuedAt: new Date().toISOString(),
  };
  const dir = mkdtempSync(join(TEST_HOME, 'verify-'));
  const path = await writeHandoff(handoff, join(dir, `${org.orgId}.json`));
  return { org, path, dir, handoff };
};

const noSecretPrinted = (run: CliRun, secret: string): boolean => !run.stdout.includes(secret) && !run.stderr.includes(secret);
const json = (run: CliRun): VerifyJson => JSON.parse(run.stdout) as VerifyJson;

describe('ren-eca verify (the shipped CLI)', function () {
  this.timeout(60_000);
  after(async () => void (await Promise.all(opened.map((o) => o.stop()))));

  it('a good file: exit 0, one "accepted" line, verifiedAt written into the file (0600), the secret nowhere in the output', async () => {
    const { org, path } = await orgWithHandoff();
    const before = readFileSync(path, 'utf8');
    const run = await runCliChild(['verify', path]);
    expect(run.exitCode, run.stderr).to.equal(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^accepted\s+\S+ \(org 00DVERIFY\w+, key 3MVG9\w+…\): verifiedAt \S+ written to the file$/);
    const after = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(Date.parse(String(after.verifiedAt))).to.be.closeTo(Date.now(), 60_000);
    expect(Object.keys(after).at(-1)).to.equal('verifiedAt');
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    const secret = String(after.consumerSecret);
    expect(secret === String((JSON.parse(before) as Record<string, unknown>).consumerSecret), 'secret kept').to.equal(true);
    expect(noSecretPrinted(run, secret), 'secret printed').to.equal(true);
    expect(org.requests.filter((r) => r.kind === 'oauth:token')).to.have.length(2);
  });

  it('--json: verified true, the control probe answer, and nothing else on stdout', async () => {
    const { path, handoff } = await orgWithHandoff();
    const run = await runCliChild(['verify', path, '--json']);
    expect(run.exitCode).to.equal(0);
    const doc = json(run);
    expect(doc.result?.verified).to.equal(true);
    expect(doc.result?.files[0]).to.include({ verdict: 'accepted', verified: true, recorded: 'file', controlProbe: 'invalid_client', path });
    expect(noSecretPrinted(run, handoff.consumerSecret.reveal()), 'secret printed').to.equal(true);
  });

  it('a wrong-secret file: exit 1, "refused", the file left without verifiedAt', async () => {
    const { path } = await orgWithHandoff({}, 'B'.repeat(64));
    const before = readFileSync(path, 'utf8');
    const run = await runCliChild(['verify', path]);
    expect(run.exitCode).to.equal(1);
    expect(run.stdout).to.match(/^refused\s/);
    expect(readFileSync(path, 'utf8')).to.equal(before);
    expect(noSecretPrinted(run, 'B'.repeat(64)), 'secret printed').to.equal(true);
  });

  it('a missing file or a malformed file: exit 2 with a clear message, nothing sent to any org', async () => {
    const { org, path, dir } = await orgWithHandoff();
    const missing = await runCliChild(['verify', join(dir, 'nope.json')]);
    expect(missing.exitCode).to.equal(2);
    expect(missing.stderr).to.match(/Error \(HandoffFileInvalidError\): Cannot use the hand-off file \S+nope\.json: the file does not exist\./);
    const malformed = join(dir, 'bad.json');
    const secretLike = 'C'.repeat(64);
    writeFileSync(malformed, `{ "consumerSecret": "${secretLike}", "orgId": `);
    const bad = await runCliChild(['verify', malformed, '--json']);
    expect(bad.exitCode).to.equal(2);
    expect(json(bad)).to.include({ name: 'HandoffFileInvalidError' });
    expect(json(bad).message).to.match(/is not valid JSON/);
    expect(bad.stdout.includes(secretLike), 'file content quoted').to.equal(false);
    const incomplete = join(dir, 'incomplete.json');
    writeFileSync(incomplete, JSON.stringify({ orgId: org.orgId, consumerKey: '3MVG9x', extra: 1 }));
    const both = await runCliChild(['verify', path, incomplete, join(dir, 'nope.json')]);
    expect(both.exitCode).to.equal(2);
    expect(both.stderr).to.match(/2 of 3 hand-off file\(s\) cannot be used; nothing was sent to any org/);
    expect(both.stderr).to.match(/incomplete\.json: the file is not a Ren hand-off: .*extra \(not a hand-off field\)/);
    expect(org.counts()['oauth:token'] ?? 0).to.equal(0);
  });

  it('refuses to send a secret over plain http to another host: exit 2 before any request', async () => {
    const { dir, handoff } = await orgWithHandoff();
    const path = join(dir, 'http.json');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(join(dir, `${handoff.orgId}.json`), 'utf8')), loginUrl: 'http://acme.my.salesforce.com' }));
    const run = await runCliChild(['verify', path]);
    expect(run.exitCode).to.equal(2);
    expect(run.stderr).to.match(/loginUrl \(must be an https:\/\/ URL/);
    expect(noSecretPrinted(run, handoff.consumerSecret.reveal()), 'secret printed').to.equal(true);
  });

  it('a new app not known yet: exit 69 without --wait; with --wait it asks again across the delay and proves', async () => {
    // 6 s: long enough that two child-process starts on a loaded machine stay inside the delay (1.6 s did not).
    const { org, path } = await orgWithHandoff({ switches: { tokenEndpointKnowsKeyAfterMs: 6000 } });
    const now = await runCliChild(['verify', path]);
    expect(now.exitCode).to.equal(69);
    expect(now.stdout).to.match(/^not known yet\s/);
    expect(now.stderr).to.match(/Run later: ren-eca verify .* --wait 30/);
    expect((JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>).verifiedAt).to.equal(undefined);
    const waited = await runCliChild(['verify', path, '--wait', '1', '--retry-interval', '200', '--json']);
    expect(waited.exitCode, waited.stdout).to.equal(0);
    expect(json(waited).result?.files[0]?.verdict).to.equal('accepted');
    expect(org.requests.filter((r) => r.kind === 'oauth:token' && r.status === 400).length).to.be.greaterThan(3);
  });

  it('inconclusive when the org checks the grant first: exit 1, no verifiedAt', async () => {
    const { path } = await orgWithHandoff({ switches: { tokenEndpointOrder: 'grantFirst' } });
    const run = await runCliChild(['verify', path, '--json']);
    expect(run.exitCode).to.equal(1);
    expect(json(run).result?.files[0]).to.include({ verdict: 'inconclusive', verified: false, controlProbe: 'invalid_grant' });
    expect((JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>).verifiedAt).to.equal(undefined);
  });

  it('several files: the worst verdict decides (accepted + refused → 1)', async () => {
    const good = await orgWithHandoff();
    const wrong = await orgWithHandoff({}, 'D'.repeat(64));
    const run = await runCliChild(['verify', good.path, wrong.path]);
    expect(run.exitCode).to.equal(1);
    expect(run.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0])).to.deep.equal(['accepted', 'refused']);
  });
});
