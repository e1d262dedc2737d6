/**
 * `ren-eca status` against loopback orgs (issue 15 item 4): in sync / drifted (a field changed behind the tool's
 * back by another deploy) / app missing / secret access left on / org unreachable, --handoff, and the fleet form
 * over several orgs through the fleet runner. Every status run is read-only: the org's request log shows no
 * deploy and no REST write.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { TEST_HOME } from '../helpers/isolation.js';
import { readHandoffFile } from '../../src/credentials/handoffFile.js';
import { writeHandoff } from '../../src/credentials/handoff.js';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { routeLibraryWarnings } from '../../src/salesforce/libraryWarnings.js';
import { connectionFor, deploySource, fixturePath } from '../loopback-org/testSupport.js';
import { loggedInOrgs, noSecretIn, runCliInProcess, type LoggedInOrg } from './deployHarness.js';

const FAST = ['--poll-interval', '10'];
const orgs = loggedInOrgs('STATUS');

type Row = { component: string; field: string };
type OrgJson = { status: number; result?: { status: string; present: boolean; parts: { type: string; fullName: string }[]; drift: Row[]; secretAccessOn: boolean; handoff?: { matches: boolean; form: string }; findings: { what: string; fix: string }[] }; name?: string };

/** SOAP calls that change an org (deploy, create/update/upsert/delete/rename metadata); status checks are reads. */
const SOAP_WRITE = /deploy|create|update|upsert|delete|rename/i;
/** Calls that change an org: a SOAP write, or any REST write (POST/PATCH/PUT/DELETE) except the login's token call. */
const writesIn = (org: LoopbackOrg): string[] =>
  org.requests
    .filter((r) => (r.kind.startsWith('soap:') ? SOAP_WRITE.test(r.kind) && r.kind !== 'soap:checkDeployStatus' : r.method !== 'GET' && r.kind !== 'oauth:token'))
    .map((r) => `${r.method} ${r.kind}`);

const deployed = async (options: Parameters<typeof orgs.setup>[0] = {}): Promise<LoggedInOrg & { handoff: string }> => {
  const ctx = await orgs.setup({ orgSettings: { oAuthCdCrdtFlowEnable: true }, ...options });
  const handoff = join(ctx.dir, 'h.json');
  const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', handoff, '--no-verify', '--json', ...FAST]);
  expect(run.exitCode, run.stdout + run.stderr).to.equal(0);
  ctx.org.resetLog();
  return { ...ctx, handoff };
};

const status = async (ctx: LoggedInOrg, extra: string[] = []): Promise<{ exitCode: number; doc: OrgJson; stdout: string; stderr: string }> => {
  const run = await runCliInProcess(['status', '-o', ctx.alias, '--json', ...extra, ...FAST]);
  return { ...run, doc: JSON.parse(run.stdout) as OrgJson };
};

describe('ren-eca status (read-only, against loopback orgs)', function () {
  this.timeout(90_000);
  before(() => routeLibraryWarnings(() => undefined));
  after(() => orgs.stopAll());

  it('in sync right after a deploy: exit 0, Ren present under its part names, no drift rows, no writes to the org', async () => {
    const ctx = await deployed();
    const run = await status(ctx, ['--handoff', ctx.handoff]);
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(run.doc.result?.status).to.equal('in-sync');
    expect(run.doc.result?.present).to.equal(true);
    expect(run.doc.result?.parts.map((p) => `${p.type}:${p.fullName}`)).to.include.members(['ExtlClntAppGlobalOauthSettings:renGlblOauth', 'ExtlClntAppOauthSettings:renOauth']);
    expect(run.doc.result?.drift).to.deep.equal([]);
    expect(run.doc.result?.handoff).to.deep.include({ matches: true, form: 'plain' });
    expect(writesIn(ctx.org)).to.deep.equal([]);
    expect(ctx.org.requests.some((r) => r.kind === 'soap:readMetadata'), 'it did read the org').to.equal(true);
    const human = await runCliInProcess(['status', '-o', ctx.alias, ...FAST]);
    expect(human.stdout).to.match(/^In sync: Ren in org /m);
    expect(noSecretIn(ctx.org, human)).to.equal(true);
  });

  it('drifted: a policy changed by a deploy behind the tool\'s back → exit 3 with diff rows naming it; no writes by status', async () => {
    const ctx = await deployed();
    const changed = mkdtempSync(join(TEST_HOME, 'status-drift-'));
    cpSync(fixturePath('ren-policies'), changed, { recursive: true });
    const file = join(changed, 'extlClntAppOauthPolicies', 'renOauth_defaultPolicy.ecaOauthPlcy-meta.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>', '<ipRelaxationPolicyType>Bypass</ipRelaxationPolicyType>'));
    const result = await deploySource(await connectionFor(ctx.org), [changed]);
    expect(result.response.success, JSON.stringify(result.response.details)).to.equal(true);
    ctx.org.resetLog();
    const run = await status(ctx);
    expect(run.exitCode, run.stderr).to.equal(3);
    expect(run.doc.result?.status).to.equal('drift');
    const rows = run.doc.result?.drift ?? [];
    expect(rows.map((r) => `${r.component}.${r.field}`)).to.include('ExtlClntAppOauthConfigurablePolicies renOauth_defaultPolicy.ipRelaxationPolicyType');
    expect(writesIn(ctx.org)).to.deep.equal([]);
    const human = await runCliInProcess(['status', '-o', ctx.alias, ...FAST]);
    expect(human.exitCode).to.equal(3);
    expect(human.stdout).to.include('DRIFT').and.include('ipRelaxationPolicyType').and.include('ren-eca deploy');
  });

  it('a Ren made in Setup is compared under its own part names: drift before deploy adopts it, in sync after', async () => {
    const ctx = await orgs.setup({ orgSettings: { oAuthCdCrdtFlowEnable: true } });
    ctx.org.createAppInSetup({ isPkceRequired: false });
    const before = await status(ctx);
    expect(before.exitCode, before.stderr).to.equal(3);
    expect(before.doc.result?.parts.map((p) => p.fullName)).to.include.members(['ren_oauth', 'ren_glbloauth']);
    expect(before.doc.result?.drift.map((r) => `${r.component} ${r.field}`)).to.include('ExtlClntAppGlobalOauthSettings ren_glbloauth isPkceRequired');
    const adopt = await runCliInProcess(['deploy', '-o', ctx.alias, '--no-verify', '--output', join(ctx.dir, 'h.json'), '--json', ...FAST]);
    expect(adopt.exitCode, adopt.stdout + adopt.stderr).to.equal(0);
    ctx.org.resetLog();
    const after = await status(ctx);
    expect(after.exitCode, after.stderr).to.equal(0);
    expect(after.doc.result?.drift).to.deep.equal([]);
    expect(writesIn(ctx.org)).to.deep.equal([]);
  });

  it('app missing: exit 3, present false, the deploy command as the fix', async () => {
    const ctx = await orgs.setup({ orgSettings: { oAuthCdCrdtFlowEnable: true } });
    const run = await status(ctx);
    expect(run.exitCode, run.stderr).to.equal(3);
    expect(run.doc.result?.present).to.equal(false);
    expect(run.doc.result?.parts).to.deep.equal([]);
    expect(run.doc.result?.findings.map((f) => f.fix).join(' ')).to.include(`ren-eca deploy --target-org ${ctx.alias}`);
    expect(writesIn(ctx.org)).to.deep.equal([]);
  });

  it('secret access left on: exit 3, secretAccessOn true, the Setup path as the fix, and status does not switch it off', async () => {
    const ctx = await deployed({ orgSettings: { oAuthCdCrdtFlowEnable: true, enableClientSecretInRestApiAccess: true } });
    const run = await status(ctx);
    expect(run.exitCode, run.stderr).to.equal(3);
    expect(run.doc.result?.secretAccessOn).to.equal(true);
    expect(run.doc.result?.findings.map((f) => f.fix).join(' ')).to.include('External Client App Settings');
    expect(ctx.org.settings().enableClientSecretInRestApiAccess).to.equal(true);
    expect(writesIn(ctx.org)).to.deep.equal([]);
  });

  it('--handoff with a sealed file: read through its header, no identity needed (matches, form sealed)', async () => {
    const ctx = await deployed();
    const { handoff } = await readHandoffFile(ctx.handoff);
    const recipient = await identityToRecipient(await generateX25519Identity());
    const sealed = await writeHandoff(handoff, join(ctx.dir, 'sealed', 'h.json'), { recipients: [recipient] });
    expect(sealed.endsWith('.json.age')).to.equal(true);
    const run = await status(ctx, ['--handoff', sealed]);
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(run.doc.result?.handoff).to.deep.include({ matches: true, form: 'sealed' });
  });

  it("--handoff with another org's file: exit 3, matches false", async () => {
    const a = await deployed();
    const b = await deployed();
    const run = await status(a, ['--handoff', b.handoff]);
    expect(run.exitCode).to.equal(3);
    expect(run.doc.result?.handoff?.matches).to.equal(false);
  });

  it('org unreachable: exit 1 (could not check), no stack trace; a missing --handoff file: exit 2 before the org is asked', async () => {
    const ctx = await deployed();
    const missing = await runCliInProcess(['status', '-o', ctx.alias, '--handoff', join(ctx.dir, 'nope.json'), ...FAST]);
    expect(missing.exitCode).to.equal(2);
    expect(ctx.org.requests).to.have.length(0);
    await ctx.org.stop();
    const run = await runCliInProcess(['status', '-o', ctx.alias, ...FAST]);
    expect(run.exitCode, run.stderr).to.equal(1);
    expect(run.stderr).not.to.match(/\n\s+at .+:\d+:\d+/);
  });

  it('fleet: one JSON line per tenant and a summary table over several orgs; in sync, drift and unreachable counted apart (exit 68)', async () => {
    const good = await deployed();
    const missing = await orgs.setup({ orgSettings: { oAuthCdCrdtFlowEnable: true } });
    const gone = await deployed();
    await gone.org.stop();
    const dir = mkdtempSync(join(TEST_HOME, 'status-fleet-'));
    const tenants = join(dir, 'tenants.csv');
    writeFileSync(tenants, ['tenant,org', `good,${good.alias}`, `missing,${missing.alias}`, `gone,${gone.alias}`].join('\n'));
    const state = join(dir, 'state');
    const run = await runCliInProcess(['status', '--tenants', tenants, '--state', state, '--concurrency', '2', ...FAST]);
    expect(run.exitCode, run.stderr).to.equal(68);
    expect(run.stdout).to.match(/TENANT\s+ORG\s+STATUS/).and.include('3 tenants: 1 in sync, 1 drifted, 1 could not be checked.');
    const lines = readFileSync(join(state, 'status', 'report.all.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { tenant: string; status: string; exitCode: number });
    expect(lines.map((l) => `${l.tenant}:${l.status}:${l.exitCode}`)).to.deep.equal(['good:in-sync:0', 'missing:drift:3', 'gone:failed:1']);
    expect(writesIn(good.org)).to.deep.equal([]);
    expect(writesIn(missing.org)).to.deep.equal([]);

    const synced = join(dir, 'synced.csv');
    writeFileSync(synced, ['tenant,org', `good,${good.alias}`].join('\n'));
    const ok = await runCliInProcess(['status', '--tenants', synced, '--state', state, '--json', ...FAST]);
    expect(ok.exitCode, ok.stderr).to.equal(0);
    expect((JSON.parse(ok.stdout) as { result: { summary: { inSync: number } } }).result.summary.inSync).to.equal(1);
  });
});
