/**
 * `ren-eca rotate` and `rotate --finish` as an admin runs them: the shipped bundle in a child process against a
 * loopback org that holds Ren (deployed by `ren-eca deploy`). What is checked is what the user and Ren see: exit
 * codes, the hand-off file (fields, mode, rotation state), the token endpoint's answer for the old and the new pair,
 * the org's staged-credential calls, and the secret-access setting put back.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import type { LoopbackOrgOptions } from '../../src/loopback-org/index.js';
import { readHandoffFile } from '../../src/credentials/handoffFile.js';
import { defaultSpecPath } from '../../src/files/packageRoot.js';
import { TEST_HOME } from '../helpers/isolation.js';
import { KEY_FORMAT, SECRET_FORMAT, loggedInOrgs, noSecretIn, runCliChild, spawnCliChild, type LoggedInOrg } from './deployHarness.js';

const FAST = ['--poll-interval', '10'];
type HandoffJson = { consumerKey: string; consumerSecret: string; verifiedAt?: string; rotation?: { state: string; at: string } };
const readHandoff = (path: string): HandoffJson => JSON.parse(readFileSync(path, 'utf8')) as HandoffJson;

describe('ren-eca rotate (the shipped CLI, loopback org)', function () {
  this.timeout(120_000);
  const { setup, stopAll } = loggedInOrgs('ROTATE');
  after(stopAll);

  /** A logged-in org holding Ren, deployed by the CLI, and the pair deploy handed off. */
  const withRen = async (options: LoopbackOrgOptions = {}): Promise<LoggedInOrg & { out: string; key: string; secret: string }> => {
    const ctx = await setup(options);
    const out = join(ctx.dir, 'ren.json');
    // --no-verify: the org under test may keep new keys unknown at its token endpoint; rotate's proof is what is tested.
    const deployed = await runCliChild(['deploy', '-o', ctx.alias, '--output', out, '--allow-org-settings', '--no-verify', ...FAST], { cwd: ctx.dir });
    expect(deployed.exitCode, deployed.stderr).to.equal(0);
    const first = readHandoff(out);
    ctx.org.resetLog();
    return { ...ctx, out, key: first.consumerKey, secret: first.consumerSecret };
  };
  const stagedCalls = (ctx: LoggedInOrg): string[] => ctx.org.requests.filter((r) => r.kind === 'connect:stagedCredentials').map((r) => r.method);

  it('rotate: exit 0, a proven new pair in the hand-off (0600, rotation "rotated"), the old and the new pair both authenticate; --finish revokes the old one', async () => {
    const ctx = await withRen();
    const run = await runCliChild(['rotate', '-o', ctx.alias, '--output', ctx.out, ...FAST], { cwd: ctx.dir });
    expect(run.exitCode, run.stderr).to.equal(0);
    const rotated = readHandoff(ctx.out);
    expect(KEY_FORMAT.test(rotated.consumerKey) && SECRET_FORMAT.test(rotated.consumerSecret), 'new pair format').to.equal(true);
    expect(rotated.consumerKey).to.not.equal(ctx.key);
    expect(rotated.consumerKey).to.equal(ctx.org.issuedKeyForTest('ren'));
    expect(rotated.rotation?.state).to.equal('rotated');
    expect(Date.parse(rotated.verifiedAt ?? '')).to.be.closeTo(Date.now(), 120_000);
    expect(statSync(ctx.out).mode & 0o777).to.equal(0o600);
    expect(ctx.org.authenticateClient(rotated.consumerKey, rotated.consumerSecret)).to.equal('ok');
    expect(ctx.org.authenticateClient(ctx.key, ctx.secret)).to.equal('ok');
    expect(stagedCalls(ctx).filter((m) => m === 'POST')).to.have.length(1);
    expect(ctx.org.settings().enableClientSecretInRestApiAccess, 'secret access switched off again').to.equal(false);
    expect(run.stdout).to.include('Proven: the token endpoint accepted the new pair');
    expect(noSecretIn(ctx.org, run), 'secret printed').to.equal(true);
    expect(run.stdout.includes(ctx.secret) || run.stderr.includes(ctx.secret), 'old secret printed').to.equal(false);

    const finish = await runCliChild(['rotate', '-o', ctx.alias, '--output', ctx.out, '--finish', ...FAST], { cwd: ctx.dir });
    expect(finish.exitCode, finish.stderr).to.equal(0);
    expect(ctx.org.authenticateClient(ctx.key, ctx.secret), 'old pair after --finish').to.equal('unknown-client');
    expect(ctx.org.authenticateClient(rotated.consumerKey, rotated.consumerSecret), 'new pair after --finish').to.equal('ok');
    const finished = readHandoff(ctx.out);
    expect(finished.rotation?.state).to.equal('finished');
    expect(finished.consumerKey).to.equal(rotated.consumerKey);
    expect(finish.stdout).to.include('Finished the rotation');

    const again = await runCliChild(['rotate', '-o', ctx.alias, '--output', ctx.out, '--finish', '--json', ...FAST], { cwd: ctx.dir });
    expect(again.exitCode, again.stderr).to.equal(0);
    const doc = JSON.parse(again.stdout) as { result: { outcome: string; slot: string } };
    expect(doc.result).to.include({ outcome: 'nothing-to-finish', slot: 'empty' });
  });

  it('refuses a second rotate while the previous pair is not revoked (exit 1, nothing staged), and says to --finish', async () => {
    const ctx = await withRen();
    expect((await runCliChild(['rotate', '-o', ctx.alias, '--output', ctx.out, ...FAST], { cwd: ctx.dir })).exitCode).to.equal(0);
    const before = readFileSync(ctx.out, 'utf8');
    ctx.org.resetLog();
    const run = await runCliChild(['rotate', '-o', ctx.alias, '--output', ctx.out, '--json', ...FAST], { cwd: ctx.dir });
    expect(run.exitCode).to.equal(1);
    const doc = JSON.parse(run.stdout) as { name: string; actions: string[] };
    expect(doc.name).to.equal('RotationNotFinishedError');
    expect(doc.actions.join(' ')).to.include('--finish');
    expect(stagedCalls(ctx).filter((m) => m !== 'GET'), 'no staged change').to.deep.equal([]);
    expect(readFileSync(ctx.out, 'utf8') === before, 'hand-off unchanged').to.equal(true);
  });

  it('the token endpoint does not know the new key yet: exit 69, the hand-off written without verifiedAt, the verify command named', async () => {
    const ctx = await withRen({ switches: { tokenEndpointKnowsKeyAfterMs: 600_000 } });
    const run = await runCliChild(['rotate', '-o', ctx.alias, '--output', ctx.out, '--verify-wait', '0', '--json', ...FAST], { cwd: ctx.dir });
    expect(run.exitCode, run.stderr).to.equal(69);
    const doc = JSON.parse(run.stdout) as { result: { verified: boolean; verifyCommand: string; proof: { verdict: string } } };
    expect(doc.result.verified).to.equal(false);
    expect(doc.result.proof.verdict).to.equal('not-known-yet');
    expect(doc.result.verifyCommand).to.equal(`ren-eca verify ${ctx.out} --wait 30`);
    const handoff = readHandoff(ctx.out);
    expect(handoff.verifiedAt).to.equal(undefined);
    expect(handoff.rotation?.state).to.equal('rotated');
    expect(handoff.consumerKey).to.equal(ctx.org.issuedKeyForTest('ren'));
    expect(noSecretIn(ctx.org, run), 'secret printed').to.equal(true);
  });

  for (const killAt of ['POST', 'PATCH'] as const) {
    it(`killed (SIGKILL) right after the org applied its ${killAt}: the rerun finishes with one staged pair at most, the hand-off holds the org's current pair, both pairs work`, async () => {
      const ctx = await withRen();
      const { child, done } = spawnCliChild(['rotate', '-o', ctx.alias, '--output', ctx.out, ...FAST], { cwd: ctx.dir });
      const stop = ctx.org.onRequest((e) => {
        if (e.kind === 'connect:stagedCredentials' && e.method === killAt && e.status < 300) child.kill('SIGKILL');
      });
      const killed = await done;
      stop();
      expect(killed.signal).to.equal('SIGKILL');
      expect(readHandoff(ctx.out).consumerKey, 'hand-off not yet rewritten').to.equal(ctx.key);

      ctx.org.resetLog();
      const rerun = await runCliChild(['rotate', '-o', ctx.alias, '--output', ctx.out, '--json', ...FAST], { cwd: ctx.dir });
      expect(rerun.exitCode, rerun.stderr).to.equal(0);
      const doc = JSON.parse(rerun.stdout) as { result: { resumed: string; previousConsumerKey: string } };
      expect(doc.result.resumed).to.equal(killAt === 'POST' ? 'staged' : 'promoted');
      expect(doc.result.previousConsumerKey).to.equal(ctx.key);
      expect(stagedCalls(ctx).filter((m) => m === 'POST'), 'the rerun stages no second pair').to.deep.equal([]);
      const handoff = readHandoff(ctx.out);
      expect(handoff.consumerKey).to.equal(ctx.org.issuedKeyForTest('ren'));
      expect(ctx.org.authenticateClient(handoff.consumerKey, handoff.consumerSecret)).to.equal('ok');
      expect(ctx.org.authenticateClient(ctx.key, ctx.secret)).to.equal('ok');
      expect(ctx.org.settings().enableClientSecretInRestApiAccess, 'the rerun switched secret access off').to.equal(false);

      const finish = await runCliChild(['rotate', '-o', ctx.alias, '--output', ctx.out, '--finish', ...FAST], { cwd: ctx.dir });
      expect(finish.exitCode, finish.stderr).to.equal(0);
      expect(ctx.org.authenticateClient(ctx.key, ctx.secret)).to.equal('unknown-client');
    });
  }

  it('--no-secret-toggle with REST access to consumer secrets off: exit 1 StagedNeedsSecretAccess, no staged call, the setting stays off', async () => {
    const ctx = await withRen();
    expect(ctx.org.settings().enableClientSecretInRestApiAccess).to.equal(false);
    const before = readFileSync(ctx.out, 'utf8');
    const run = await runCliChild(['rotate', '-o', ctx.alias, '--output', ctx.out, '--no-secret-toggle', '--json', ...FAST], { cwd: ctx.dir });
    expect(run.exitCode).to.equal(1);
    expect((JSON.parse(run.stdout) as { name: string }).name).to.equal('StagedNeedsSecretAccessError');
    expect(stagedCalls(ctx), 'no staged-credentials call').to.deep.equal([]);
    expect(ctx.org.counts()['soap:deploy'] ?? 0, 'no settings deploy').to.equal(0);
    expect(ctx.org.settings().enableClientSecretInRestApiAccess).to.equal(false);
    expect(readFileSync(ctx.out, 'utf8') === before, 'hand-off unchanged').to.equal(true);
  });

  it('an org without Ren: exit 1 (RenNotInOrg), nothing written', async () => {
    const ctx = await setup();
    const out = join(ctx.dir, 'none.json');
    const run = await runCliChild(['rotate', '-o', ctx.alias, '--output', out, '--json', ...FAST], { cwd: ctx.dir });
    expect(run.exitCode).to.equal(1);
    expect((JSON.parse(run.stdout) as { name: string }).name).to.equal('RenNotInOrgError');
    expect(() => statSync(out)).to.throw();
  });

  it('a sealed hand-off (spec recipients): rotate writes only the sealed file with the new pair; --finish with --identity marks it finished', async () => {
    const ctx = await setup();
    const identity = await generateX25519Identity();
    const recipient = await identityToRecipient(identity);
    const spec = JSON.parse(readFileSync(defaultSpecPath(), 'utf8')) as Record<string, unknown>;
    const specPath = join(ctx.dir, 'spec.json');
    writeFileSync(specPath, JSON.stringify({ ...spec, $schema: undefined, handoff: { recipients: [recipient] } }));
    const identityPath = join(mkdtempSync(join(TEST_HOME, 'ren-key-')), 'ren.agekey');
    writeFileSync(identityPath, `# public key: ${recipient}\n${identity}\n`, { mode: 0o600 });
    const out = join(ctx.dir, 'out');
    const deployed = await runCliChild(['deploy', '-o', ctx.alias, '--spec', specPath, '--output', join(out, 'ren.json'), '--allow-org-settings', '--no-verify', ...FAST], { cwd: ctx.dir });
    expect(deployed.exitCode, deployed.stderr).to.equal(0);
    const sealed = join(out, 'ren.json.age');
    const old = (await readHandoffFile(sealed, { identityText: readFileSync(identityPath, 'utf8') })).handoff;

    // No --identity: the sealed header names the key Ren holds, which is all rotate needs.
    const run = await runCliChild(['rotate', '-o', ctx.alias, '--spec', specPath, '--output', join(out, 'ren.json'), ...FAST], { cwd: ctx.dir });
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(readdirSync(out)).to.deep.equal(['ren.json.age']);
    const text = readFileSync(sealed, 'utf8');
    const opened = (await readHandoffFile(sealed, { identityText: readFileSync(identityPath, 'utf8') })).handoff;
    expect(opened.consumerKey).to.equal(ctx.org.issuedKeyForTest('ren'));
    expect(opened.consumerKey).to.not.equal(old.consumerKey);
    expect(opened.rotation?.state).to.equal('rotated');
    expect(text.includes(opened.consumerSecret.reveal()), 'plaintext secret in the sealed file').to.equal(false);
    expect(statSync(sealed).mode & 0o777).to.equal(0o600);
    expect(ctx.org.authenticateClient(opened.consumerKey, opened.consumerSecret.reveal())).to.equal('ok');
    expect(ctx.org.authenticateClient(old.consumerKey, old.consumerSecret.reveal())).to.equal('ok');

    const finish = await runCliChild(['rotate', '-o', ctx.alias, '--spec', specPath, '--output', join(out, 'ren.json'), '--identity', identityPath, '--finish', ...FAST], { cwd: ctx.dir });
    expect(finish.exitCode, finish.stderr).to.equal(0);
    const after = (await readHandoffFile(sealed, { identityText: readFileSync(identityPath, 'utf8') })).handoff;
    expect(after.rotation?.state).to.equal('finished');
    expect(after.consumerKey).to.equal(opened.consumerKey);
    expect(ctx.org.authenticateClient(old.consumerKey, old.consumerSecret.reveal())).to.equal('unknown-client');
  });
});
