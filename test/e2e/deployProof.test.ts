/**
 * The proof after the hand-off (issue 15 item 2): `deploy` writes the hand-off, then proves the pair at the org's
 * token endpoint, retrying while the loopback org's switch tokenEndpointKnowsKeyAfterMs keeps the new app unknown.
 * Accepted → verifiedAt in the file, exit 0; still unknown after --verify-wait → exit 69, verified false, the verify
 * command named; refused (an admin regenerated the secret right after the read-back) → exit 68; --no-verify → no
 * token call with the app's key, verified false.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { routeLibraryWarnings } from '../../src/salesforce/libraryWarnings.js';
import { loggedInOrgs, noSecretIn, runCliInProcess } from './deployHarness.js';

const FAST = ['--poll-interval', '10', '--allow-org-settings', '--verify-retry-interval', '100'];
const orgs = loggedInOrgs('PROOF1');

type DeployJson = { status: number; result?: { verified: boolean; exitCode: number; proof?: { verdict: string; attempts: number; detail: string; verifiedAt?: string } }; name?: string };

const tokenCalls = (org: LoopbackOrg): number => org.requests.filter((r) => r.kind === 'oauth:token').length;
const probes = (org: LoopbackOrg): number => org.requests.filter((r) => r.kind === 'oauth:token' && r.status === 400).length;

describe('deploy proves the pair after the hand-off (--verify-wait, --no-verify)', function () {
  this.timeout(60_000);
  before(() => routeLibraryWarnings(() => undefined));
  after(() => orgs.stopAll());

  it('accepted at once: exit 0, verified true in --json, verifiedAt written into the 0600 file; two token calls (control + pair)', async () => {
    const ctx = await orgs.setup();
    const out = join(ctx.dir, 'h.json');
    ctx.org.resetLog();
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', out, '--json', ...FAST]);
    expect(run.exitCode, run.stderr).to.equal(0);
    const doc = JSON.parse(run.stdout) as DeployJson;
    expect(doc.result?.verified).to.equal(true);
    expect(doc.result?.proof?.verdict).to.equal('accepted');
    const file = JSON.parse(readFileSync(out, 'utf8')) as { verifiedAt?: string };
    expect(file.verifiedAt).to.equal(doc.result?.proof?.verifiedAt);
    expect(Date.parse(String(file.verifiedAt))).to.be.closeTo(Date.now(), 60_000);
    expect(tokenCalls(ctx.org)).to.be.at.least(2);
    expect(noSecretIn(ctx.org, run)).to.equal(true);
  });

  it('not known for 1.5 s, --verify-wait 0.2 min: retried until accepted (more than one try), exit 0', async () => {
    const ctx = await orgs.setup({ switches: { tokenEndpointKnowsKeyAfterMs: 1500 } });
    const out = join(ctx.dir, 'h.json');
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', out, '--json', '--verify-wait', '0.2', ...FAST]);
    expect(run.exitCode, run.stderr).to.equal(0);
    const doc = JSON.parse(run.stdout) as DeployJson;
    expect(doc.result?.proof?.verdict).to.equal('accepted');
    expect(doc.result?.proof?.attempts).to.be.greaterThan(1);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { verifiedAt?: string }).verifiedAt).to.be.a('string');
  });

  it('still unknown after --verify-wait: exit 69, verified false, the hand-off written without verifiedAt, the verify command named', async () => {
    const ctx = await orgs.setup({ switches: { tokenEndpointKnowsKeyAfterMs: 10 * 60_000 } });
    const out = join(ctx.dir, 'h.json');
    const json = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', out, '--json', '--verify-wait', '0.01', ...FAST]);
    expect(json.exitCode, json.stderr).to.equal(69);
    const doc = JSON.parse(json.stdout) as DeployJson;
    expect(doc.result?.verified).to.equal(false);
    expect(doc.result?.proof?.verdict).to.equal('not-known-yet');
    const file = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(file.consumerKey).to.equal(ctx.org.issuedKeyForTest('ren'));
    expect(file).not.to.have.property('verifiedAt');

    const human = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', out, '--verify-wait', '0', ...FAST]);
    expect(human.exitCode).to.equal(69);
    expect(human.stdout).to.include('Registration done; Salesforce does not know the new app at its token endpoint yet').and.include(`ren-eca verify ${out}`);
    expect(noSecretIn(ctx.org, human)).to.equal(true);
  });

  it('refused (the secret was regenerated in Setup right after the read-back): exit 68, verified false, never presented as good', async () => {
    const ctx = await orgs.setup();
    const out = join(ctx.dir, 'h.json');
    let readBack = false;
    const stop = ctx.org.onRequest((e) => {
      if (e.kind === 'connect:credentials') readBack = true;
      else if (e.kind === 'oauth:token' && readBack) {
        readBack = false;
        ctx.org.regenerateSecretInSetup('ren');
      }
    });
    try {
      const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', out, '--json', ...FAST]);
      expect(run.exitCode, run.stderr).to.equal(68);
      const doc = JSON.parse(run.stdout) as DeployJson;
      expect(doc.result?.verified).to.equal(false);
      expect(doc.result?.proof?.verdict).to.equal('refused');
      expect(JSON.parse(readFileSync(out, 'utf8'))).not.to.have.property('verifiedAt');
      const human = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'h2.json'), '--no-verify', ...FAST]);
      expect(human.exitCode).to.equal(0); // the re-run reads the regenerated pair; --no-verify proves nothing
    } finally {
      stop();
    }
  });

  it('--no-verify: exit 0, verified false, no token call carries the app key (only logins), no verifiedAt', async () => {
    const ctx = await orgs.setup({ switches: { tokenEndpointKnowsKeyAfterMs: 10 * 60_000 } });
    const out = join(ctx.dir, 'h.json');
    ctx.org.resetLog();
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', out, '--json', '--no-verify', ...FAST]);
    expect(run.exitCode, run.stderr).to.equal(0);
    const doc = JSON.parse(run.stdout) as DeployJson;
    expect(doc.result?.verified).to.equal(false);
    expect(doc.result?.proof?.verdict).to.equal('skipped');
    expect(JSON.parse(readFileSync(out, 'utf8'))).not.to.have.property('verifiedAt');
    const withProof = await orgs.setup({ switches: { tokenEndpointKnowsKeyAfterMs: 10 * 60_000 } });
    withProof.org.resetLog();
    await runCliInProcess(['deploy', '-o', withProof.alias, '--output', join(withProof.dir, 'h.json'), '--json', '--verify-wait', '0', ...FAST]);
    // Probes answer 400 (here invalid_client_id: the key is not known yet, so the control probe already says so); logins answer 200.
    expect(probes(ctx.org), '--no-verify sends no probe').to.equal(0);
    expect(probes(withProof.org), 'a proving run sends the control probe once (--verify-wait 0)').to.equal(1);
  });
});
