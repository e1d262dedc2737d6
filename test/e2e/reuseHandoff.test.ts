/**
 * A no-change re-run proves the hand-off file's pair instead of reading the secret again
 * (src/provision/stages/reuseHandoff.ts), and reads it from the org in every case where the file cannot stand for it.
 * Each case checks what the org received (updateMetadata calls of the secret-access switch, credentials reads), the
 * org's setting afterwards, the hand-off file, the exit code and the output (no secret).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { routeLibraryWarnings } from '../../src/salesforce/libraryWarnings.js';
import { defaultSecretAccessRecords, secretAccessLeftByEarlierRun } from '../../src/provision/secretReadback.js';
import type { LoopbackOrgOptions } from '../../src/loopback-org/index.js';
import { loggedInOrgs, noSecretIn, runCliInProcess, SECRET_FORMAT, type CliRun, type LoggedInOrg } from './deployHarness.js';

const FAST = ['--poll-interval', '10'];
const orgs = loggedInOrgs('REUSED');

type Result = { status: string; handoffReused?: boolean; verified: boolean; settingsToggled?: string[]; proof?: { verdict: string } };
const resultOf = (run: CliRun): Result => (JSON.parse(run.stdout) as { result: Result }).result;

/** A registered org and its hand-off file; the org's request log starts empty for the re-run. */
const registered = async (options: LoopbackOrgOptions = {}): Promise<LoggedInOrg & { out: string }> => {
  const ctx = await orgs.setup(options);
  const out = join(ctx.dir, 'creds.json');
  const first = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', out, '--allow-org-settings', '--json', ...FAST]);
  expect(first.exitCode, first.stdout).to.equal(0);
  ctx.org.resetLog();
  return { ...ctx, out };
};
const rerun = (ctx: LoggedInOrg & { out: string }, ...extra: string[]): Promise<CliRun> =>
  runCliInProcess(['deploy', '-o', ctx.alias, '--output', ctx.out, '--allow-org-settings', '--json', ...FAST, ...extra]);

/** The secret-access switch's calls and the credentials reads the re-run made. */
const secretTraffic = (ctx: LoggedInOrg): { switchCalls: number; credentialReads: number } => ({
  switchCalls: ctx.org.counts()['soap:updateMetadata'] ?? 0,
  credentialReads: ctx.org.counts()['connect:credentials'] ?? 0,
});
const fileSecretIsOrgs = (ctx: LoggedInOrg & { out: string }): boolean => {
  const secret = String((JSON.parse(readFileSync(ctx.out, 'utf8')) as { consumerSecret: string }).consumerSecret);
  return SECRET_FORMAT.test(secret) && secret === ctx.org.issuedSecretForTest('ren');
};

describe('a no-change re-run and the hand-off already on disk', function () {
  this.timeout(60_000);
  before(() => routeLibraryWarnings(() => undefined));
  after(() => orgs.stopAll());

  it('proves the file’s pair and reads no secret: no switch call, no credentials read, the setting stays off, verifiedAt renewed', async () => {
    const ctx = await registered();
    const before = (JSON.parse(readFileSync(ctx.out, 'utf8')) as { verifiedAt: string }).verifiedAt;
    await new Promise((r) => setTimeout(r, 5));
    const run = await rerun(ctx);
    expect(run.exitCode, run.stdout).to.equal(0);
    const result = resultOf(run);
    expect(result).to.include({ status: 'unchanged', handoffReused: true, verified: true });
    expect(result.settingsToggled).to.equal(undefined);
    expect(secretTraffic(ctx)).to.deep.equal({ switchCalls: 0, credentialReads: 0 });
    expect(ctx.org.counts()['oauth:token'], 'control probe and the pair').to.equal(2);
    expect(ctx.org.settings().enableClientSecretInRestApiAccess).to.equal(false);
    expect(fileSecretIsOrgs(ctx), 'the file still holds the org’s pair').to.equal(true);
    const after = (JSON.parse(readFileSync(ctx.out, 'utf8')) as { verifiedAt: string }).verifiedAt;
    expect(Date.parse(after)).to.be.greaterThan(Date.parse(before));
    expect(noSecretIn(ctx.org, run)).to.equal(true);

    const human = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', ctx.out, '--allow-org-settings', ...FAST]);
    expect(human.exitCode, human.stderr).to.equal(0);
    expect(human.stdout).to.include('already held the key and secret the org issued').and.include('Proven:');
  });

  it('a secret regenerated in Setup: the file’s pair is refused, the run says so and reads the new pair from the org (switch on and off)', async () => {
    const ctx = await registered();
    ctx.org.regenerateSecretInSetup('ren');
    const run = await rerun(ctx);
    expect(run.exitCode, run.stdout).to.equal(0);
    const doc = JSON.parse(run.stdout) as { result: Result; warnings: string[] };
    expect(doc.result.handoffReused).to.equal(undefined);
    expect(doc.result.verified).to.equal(true);
    expect(doc.warnings.some((w) => w.includes('refused the key and secret in') && w.includes(ctx.out))).to.equal(true);
    expect(secretTraffic(ctx).switchCalls, 'switch on, switch off').to.equal(2);
    expect(fileSecretIsOrgs(ctx), 'the file now holds the regenerated secret').to.equal(true);
    expect(ctx.org.settings().enableClientSecretInRestApiAccess).to.equal(false);
    expect(noSecretIn(ctx.org, run)).to.equal(true);
  });

  const readsFromOrg = (ctx: LoggedInOrg & { out: string }, run: CliRun): void => {
    expect(run.exitCode, run.stdout).to.equal(0);
    expect(resultOf(run).handoffReused).to.equal(undefined);
    expect(secretTraffic(ctx).switchCalls, 'switch on, switch off').to.equal(2);
    expect(secretTraffic(ctx).credentialReads).to.be.greaterThan(0);
    expect(fileSecretIsOrgs(ctx)).to.equal(true);
    expect(ctx.org.settings().enableClientSecretInRestApiAccess).to.equal(false);
    expect(noSecretIn(ctx.org, run)).to.equal(true);
  };

  it('an org whose Global OAuth settings do not show the consumer key (loopback switch): reads from the org', async () => {
    const ctx = await registered({ switches: { globalOauthShowsConsumerKey: false } });
    readsFromOrg(ctx, await rerun(ctx));
  });

  it('no hand-off file: reads from the org and writes one', async () => {
    const ctx = await registered();
    rmSync(ctx.out);
    readsFromOrg(ctx, await rerun(ctx));
  });

  it('a file in the middle of a rotation (rotation.state "rotated"): reads from the org', async () => {
    const ctx = await registered();
    const held = JSON.parse(readFileSync(ctx.out, 'utf8')) as Record<string, unknown>;
    writeFileSync(ctx.out, JSON.stringify({ ...held, rotation: { state: 'rotated', at: new Date().toISOString() } }), { mode: 0o600 });
    readsFromOrg(ctx, await rerun(ctx));
  });

  it('a file written for another API version (the org was upgraded since): reads from the org and writes the current one', async () => {
    const ctx = await registered();
    const held = JSON.parse(readFileSync(ctx.out, 'utf8')) as { apiVersion: string };
    const current = held.apiVersion;
    writeFileSync(ctx.out, JSON.stringify({ ...held, apiVersion: '60.0' }), { mode: 0o600 });
    readsFromOrg(ctx, await rerun(ctx));
    expect((JSON.parse(readFileSync(ctx.out, 'utf8')) as { apiVersion: string }).apiVersion).to.equal(current);
  });

  it('--no-verify: nothing would prove the file, so it reads from the org', async () => {
    const ctx = await registered();
    const run = await rerun(ctx, '--no-verify');
    readsFromOrg(ctx, run);
    expect(resultOf(run).proof?.verdict).to.equal('skipped');
  });

  it('secret access left on by an interrupted earlier run: reads from the org, which switches it off and clears the record', async () => {
    const ctx = await registered({ orgSettings: { enableClientSecretInRestApiAccess: true } });
    defaultSecretAccessRecords().hold(ctx.org.orgId);
    const run = await rerun(ctx);
    expect(run.exitCode, run.stdout).to.equal(0);
    expect(resultOf(run).handoffReused).to.equal(undefined);
    expect(ctx.org.settings().enableClientSecretInRestApiAccess, 'switched back off').to.equal(false);
    expect(await secretAccessLeftByEarlierRun(ctx.org.orgId)).to.equal(false);
    expect(fileSecretIsOrgs(ctx)).to.equal(true);
  });
});
