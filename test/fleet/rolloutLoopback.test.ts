import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { KEY_FORMAT, SECRET_FORMAT, runCli, startFleet, type Fleet } from './loopbackFleet.js';
import { workspace, type Workspace } from './helpers.js';

const TENANTS = ['alpha', 'beta', 'gamma', 'delta'];

describe('rollout end to end against loopback orgs (real core, SDR and jsforce over HTTP)', function () {
  this.timeout(60_000);
  let fleet: Fleet;
  let ws: Workspace;

  before(async () => {
    fleet = await startFleet(TENANTS, (t) => (t === 'delta' ? { faults: { latencyMs: 100, deployInProgressPolls: 3 } } : {}));
  });
  after(() => fleet.stop());
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(() => ws.cleanup());

  const csv = (betaProfile: string): string =>
    ['tenant,org,profiles', 'alpha,org-alpha,', `beta,org-beta,${betaProfile}`, 'gamma,org-gamma,', 'delta,org-delta,Sales;Standard User'].join('\n');

  const args = (tenants: string): string[] =>
    ['rollout', '--tenants', tenants, '--state', ws.stateDir, '--output-dir', ws.outputDir, '--concurrency', '4', '--poll-interval', '20', '--json'];

  it('reports each tenant (preflight failure, deploy failure, slow org), exits non-zero, and a re-run after the fix touches only the failed ones', async () => {
    const gamma = fleet.orgs.get('gamma');
    gamma?.faults.failCall('soap:deploy', 'soapFault');
    const tenants = await ws.file('tenants.csv', csv('Sales Reps'));
    const first = await runCli(args(tenants));
    const doc = JSON.parse(first.stdout) as { status: number; result: { tenants: { tenant: string; status: string; exitCode: number; error?: { name: string; actions: string[] }; apiCallsTotal: number }[] } };
    expect(first.exitCode, first.stdout + first.stderr).to.equal(68);
    expect(doc.status).to.equal(68);
    const byTenant = new Map(doc.result.tenants.map((t) => [t.tenant, t]));
    expect(byTenant.get('alpha')).to.include({ status: 'created', exitCode: 0 });
    expect(byTenant.get('delta')).to.include({ status: 'created', exitCode: 0 });
    expect(byTenant.get('beta')).to.include({ status: 'failed' });
    expect(byTenant.get('beta')?.error?.actions.length).to.be.greaterThan(0);
    expect(byTenant.get('gamma')).to.include({ status: 'failed', exitCode: 1 });
    expect(byTenant.get('gamma')?.error?.name).to.equal('OrgRequestFailedError');
    for (const t of ['alpha', 'beta', 'delta']) expect(byTenant.get(t)?.apiCallsTotal, `${t} API calls`).to.be.greaterThan(0);
    // The preflight failure changed nothing in beta's org.
    expect(fleet.orgs.get('beta')?.counts()['soap:deploy'] ?? 0).to.equal(0);

    const before = new Map(TENANTS.map((t) => [t, fleet.orgs.get(t)?.requests.length ?? 0]));
    await ws.file('tenants.csv', csv('Sales'));
    const second = await runCli(args(tenants));
    expect(second.exitCode, second.stdout).to.equal(0);
    expect(fleet.orgs.get('alpha')?.requests.length).to.equal(before.get('alpha'));
    expect(fleet.orgs.get('delta')?.requests.length).to.equal(before.get('delta'));
    expect(fleet.orgs.get('beta')?.requests.length).to.be.greaterThan(before.get('beta') ?? 0);

    for (const t of TENANTS) {
      const path = join(ws.outputDir, `${t}.json`);
      expect((await stat(path)).mode & 0o777, `${t} hand-off mode`).to.equal(0o600);
      const handoff = JSON.parse(await readFile(path, 'utf8')) as { consumerKey: string; consumerSecret: string; orgId: string };
      expect(KEY_FORMAT.test(handoff.consumerKey), `${t} consumer key format`).to.equal(true);
      expect(SECRET_FORMAT.test(handoff.consumerSecret), `${t} consumer secret format`).to.equal(true);
      expect(handoff.orgId).to.equal(fleet.orgs.get(t)?.orgId);
      expect(fleet.orgs.get(t)?.counts()['soap:deploy'] ?? 0, `${t} deploys`).to.be.greaterThan(0);
    }
    expect((await stat(ws.outputDir)).mode & 0o777).to.equal(0o700);
    const secrets = TENANTS.map((t) => fleet.orgs.get(t)?.issuedSecretForTest('ren') ?? '');
    const printed = first.stdout + first.stderr + second.stdout + second.stderr;
    expect(secrets.filter((s) => s.length > 0 && printed.includes(s)).length, 'secrets printed').to.equal(0);
  });

  it('splits the tenants over shards (as CI machines would) and merges their reports into one result', async () => {
    const tenants = await ws.file('tenants.csv', csv('Sales'));
    const reports: string[] = [];
    const seen: string[] = [];
    for (const shard of ['1/2', '2/2']) {
      const state = join(ws.dir, `state-${shard.replace('/', '-of-')}`);
      const run = await runCli(['rollout', '--tenants', tenants, '--shard', shard, '--state', state, '--output-dir', ws.outputDir, '--poll-interval', '20', '--json']);
      expect(run.exitCode, run.stdout).to.equal(0);
      const doc = JSON.parse(run.stdout) as { result: { shard: string; reportPath: string; tenants: { tenant: string; shard: string }[] } };
      expect(doc.result.reportPath.endsWith(`report.shard-${shard.replace('/', '-of-')}.jsonl`)).to.equal(true);
      expect(doc.result.tenants.every((t) => t.shard === shard)).to.equal(true);
      seen.push(...doc.result.tenants.map((t) => t.tenant));
      reports.push(doc.result.reportPath);
    }
    expect(seen.sort()).to.deep.equal([...TENANTS].sort());
    const merged = await runCli(['rollout', 'report', '--merge', ...reports, '--output', join(ws.dir, 'all.jsonl'), '--json']);
    expect(merged.exitCode, merged.stdout).to.equal(0);
    const doc = JSON.parse(merged.stdout) as { result: { summary: { total: number; succeeded: number } } };
    expect(doc.result.summary).to.include({ total: 4, succeeded: 4 });
    expect((await readFile(join(ws.dir, 'all.jsonl'), 'utf8')).trim().split('\n')).to.have.length(4);
  });

  it('a tenants CSV naming a column twice (org,Org) is refused: exit 2 naming both, no org touched, no state or hand-off written', async () => {
    const tenants = await ws.file('tenants.csv', ['tenant,org,Org', 'alpha,org-alpha,org-beta'].join('\n'));
    const before = [...fleet.orgs.values()].map((o) => o.counts()['soap:readMetadata'] ?? 0);
    const run = await runCli(args(tenants));
    expect(run.exitCode, run.stderr).to.equal(2);
    const doc = JSON.parse(run.stdout) as { name: string; message: string };
    expect(doc.name).to.equal('TenantsInvalidError');
    expect(doc.message).to.include('"org", "Org"');
    expect([...fleet.orgs.values()].map((o) => o.counts()['soap:readMetadata'] ?? 0)).to.deep.equal(before);
    for (const dir of [ws.stateDir, ws.outputDir]) expect(await stat(dir).then(() => 'exists', () => 'absent'), dir).to.equal('absent');
  });

  it('a done tenant whose hand-off was deleted is read again (no deploy); one whose file now holds another org is refused, that file kept', async () => {
    const tenants = await ws.file('tenants.csv', csv('Sales'));
    expect((await runCli(args(tenants))).exitCode).to.equal(0);
    await rm(join(ws.outputDir, 'alpha.json'));
    const betaFile = join(ws.outputDir, 'beta.json');
    await writeFile(betaFile, await readFile(join(ws.outputDir, 'gamma.json'), 'utf8'), { mode: 0o600 });
    const gammaCopy = await readFile(betaFile, 'utf8');
    const deploys = new Map(TENANTS.map((t) => [t, fleet.orgs.get(t)?.counts()['soap:deploy'] ?? 0]));
    const run = await runCli(args(tenants));
    const doc = JSON.parse(run.stdout) as { result: { tenants: { tenant: string; status: string; reused: boolean; exitCode: number; error?: { name: string } }[] } };
    const byTenant = new Map(doc.result.tenants.map((t) => [t.tenant, t]));
    expect(byTenant.get('alpha')).to.include({ status: 'unchanged', reused: false, exitCode: 0 });
    expect(byTenant.get('beta')).to.include({ status: 'failed', exitCode: 2 });
    expect(byTenant.get('beta')?.error?.name).to.equal('HandoffTargetRefusedError');
    expect(byTenant.get('gamma')).to.include({ reused: true });
    expect(run.exitCode).to.equal(68);
    const alpha = JSON.parse(await readFile(join(ws.outputDir, 'alpha.json'), 'utf8')) as { orgId: string; consumerSecret: string };
    expect(alpha.orgId).to.equal(fleet.orgs.get('alpha')?.orgId);
    expect(SECRET_FORMAT.test(alpha.consumerSecret), 'secret format').to.equal(true);
    expect((await readFile(betaFile, 'utf8')) === gammaCopy, "gamma's credentials in beta.json are not overwritten").to.equal(true);
    // Re-reading alpha's credentials deploys nothing but the two secret-access switch flips.
    expect((fleet.orgs.get('alpha')?.counts()['soap:deploy'] ?? 0) - (deploys.get('alpha') ?? 0)).to.be.at.most(2);
    expect(fleet.orgs.get('beta')?.counts()['soap:deploy'] ?? 0).to.equal(deploys.get('beta'));
  });
});

describe('rollout over orgs that take policies only once their app exists (switch policiesWithAppInSameDeploy: refuse)', function () {
  this.timeout(60_000);
  const TWO_STEP = ['one', 'two', 'three'];
  let fleet: Fleet;
  let ws: Workspace;
  before(async () => {
    fleet = await startFleet(TWO_STEP, () => ({ switches: { policiesWithAppInSameDeploy: 'refuse' } }));
    ws = await workspace();
  });
  after(async () => {
    await fleet.stop();
    await ws.cleanup();
  });

  it('only the first tenant pays for the refused single deploy; the rest deploy in two steps from the start, all registered', async () => {
    const tenants = await ws.file('tenants.csv', ['tenant,org', ...TWO_STEP.map((t) => `${t},org-${t}`)].join('\n'));
    const run = await runCli(['rollout', '--tenants', tenants, '--state', ws.stateDir, '--output-dir', ws.outputDir, '--concurrency', '1', '--poll-interval', '20', '--json']);
    expect(run.exitCode, run.stdout + run.stderr).to.equal(0);
    const doc = JSON.parse(run.stdout) as { result: { tenants: { tenant: string; status: string }[] } };
    expect(doc.result.tenants.map((t) => t.status)).to.deep.equal(['created', 'created', 'created']);
    const deploys = TWO_STEP.map((t) => fleet.orgs.get(t)?.counts()['soap:deploy'] ?? 0);
    expect(deploys, 'deploys per org, in rollout order').to.deep.equal([3, 2, 2]);
    for (const t of TWO_STEP) {
      expect(fleet.orgs.get(t)?.components().filter((c) => c.type !== 'Settings'), `${t}: all five parts`).to.have.length(5);
      const handoff = JSON.parse(await readFile(join(ws.outputDir, `${t}.json`), 'utf8')) as { consumerKey: string; consumerSecret: string };
      expect(KEY_FORMAT.test(handoff.consumerKey) && SECRET_FORMAT.test(handoff.consumerSecret), `${t} hand-off`).to.equal(true);
    }
  });
});
