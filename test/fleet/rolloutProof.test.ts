/**
 * The proof after each rollout tenant's hand-off (issue 15 item 2): a tenant whose org does not know the new app at
 * its token endpoint within --verify-wait is `unverified` (succeeded, not proven), counted apart, and the fleet exits
 * 69 when nothing failed; a proven tenant's hand-off carries verifiedAt; --no-verify leaves both unproven-but-done.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli, startFleet, type Fleet } from './loopbackFleet.js';
import { workspace, type Workspace } from './helpers.js';

const TENANTS = ['proofknown', 'proofslow'];

type RolloutJson = { status: number; result: { summary: { unverified: number; succeeded: number; failed: number }; tenants: { tenant: string; status: string; exitCode: number; verified?: boolean; proofDetail?: string; reused: boolean }[] } };

describe('rollout proves each tenant after its hand-off (--verify-wait, unverified counted apart)', function () {
  this.timeout(60_000);
  let fleet: Fleet;
  let ws: Workspace;

  before(async () => {
    fleet = await startFleet(TENANTS, (t) => (t === 'proofslow' ? { switches: { tokenEndpointKnowsKeyAfterMs: 10 * 60_000 } } : {}));
  });
  after(() => fleet.stop());
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(() => ws.cleanup());

  const args = (tenants: string, extra: string[] = []): string[] =>
    ['rollout', '--tenants', tenants, '--state', ws.stateDir, '--output-dir', ws.outputDir, '--poll-interval', '20', '--verify-retry-interval', '100', '--json', ...extra];

  it('one tenant proven (verifiedAt in its file), one not known yet after --verify-wait: unverified, summary counts it apart, exit 69', async () => {
    const tenants = await ws.file('tenants.csv', ['tenant,org', 'proofknown,org-proofknown', 'proofslow,org-proofslow'].join('\n'));
    const run = await runCli(args(tenants, ['--verify-wait', '0.01']));
    expect(run.exitCode, run.stdout + run.stderr).to.equal(69);
    const doc = JSON.parse(run.stdout) as RolloutJson;
    const by = new Map(doc.result.tenants.map((t) => [t.tenant, t]));
    expect(by.get('proofknown')).to.include({ status: 'created', exitCode: 0, verified: true });
    expect(by.get('proofslow')).to.include({ status: 'unverified', exitCode: 69, verified: false });
    expect(by.get('proofslow')?.proofDetail).to.include('ren-eca verify');
    expect(doc.result.summary).to.include({ unverified: 1, succeeded: 1, failed: 0 });
    const known = JSON.parse(await readFile(join(ws.outputDir, 'proofknown.json'), 'utf8')) as Record<string, unknown>;
    const slow = JSON.parse(await readFile(join(ws.outputDir, 'proofslow.json'), 'utf8')) as Record<string, unknown>;
    expect(known.verifiedAt).to.be.a('string');
    expect(slow).not.to.have.property('verifiedAt');
    expect(slow.consumerKey).to.equal(fleet.orgs.get('proofslow')?.issuedKeyForTest('ren'));

    // The next run skips the proven tenant and proves the unverified one again, deploying nothing.
    const slowOrg = fleet.orgs.get('proofslow');
    slowOrg?.resetLog();
    const again = await runCli(args(tenants, ['--verify-wait', '0.01']));
    expect(again.exitCode).to.equal(69);
    const next = new Map((JSON.parse(again.stdout) as RolloutJson).result.tenants.map((t) => [t.tenant, t]));
    expect(next.get('proofknown')).to.include({ status: 'created', reused: true });
    expect(next.get('proofslow')).to.include({ status: 'unverified', reused: false });
    expect(slowOrg?.counts()['soap:deploy'] ?? 0, 'nothing redeployed').to.equal(0);
    expect(slowOrg?.requests.filter((r) => r.kind === 'oauth:token' && r.status === 400).length, 'proved again').to.be.at.least(1);
  });

  it('--no-verify: both tenants done without a proof (exit 0, verified false), no probe sent to either org', async () => {
    const tenants = await ws.file('tenants.csv', ['tenant,org', 'proofknown,org-proofknown', 'proofslow,org-proofslow'].join('\n'));
    for (const org of fleet.orgs.values()) org.resetLog();
    const run = await runCli(args(tenants, ['--no-verify']));
    expect(run.exitCode, run.stdout + run.stderr).to.equal(0);
    const doc = JSON.parse(run.stdout) as RolloutJson;
    for (const t of doc.result.tenants) expect(t.verified, t.tenant).to.equal(false);
    for (const org of fleet.orgs.values()) expect(org.requests.filter((r) => r.kind === 'oauth:token' && r.status === 400)).to.have.length(0);
  });
});
