/**
 * `deploy` end to end against the loopback org over real HTTP with the real core/SDR/jsforce: what the admin
 * sees (exit code, stdout, stderr, JSON), what the org received, and the hand-off file on disk.
 * Secrets are compared by format or by boolean equality, never printed in an assertion.
 */
import { mkdirSync, writeFileSync, readFileSync, statSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { routeLibraryWarnings } from '../../src/salesforce/libraryWarnings.js';
import { KEY_FORMAT, SECRET_FORMAT, loggedInOrgs, noSecretIn, runCliChild, runCliInProcess } from './deployHarness.js';

const FAST = ['--poll-interval', '10'];
const orgs = loggedInOrgs('DEPLOY');
const setup = orgs.setup;
const ecaDeploys = (org: LoopbackOrg): number => org.counts()['soap:deploy'] ?? 0;

describe('deploy (end to end against the loopback org)', function () {
  this.timeout(60_000);
  // core's "insecure protocol" notice for http://127.0.0.1 logins made by the test itself
  before(() => routeLibraryWarnings(() => undefined));
  after(() => orgs.stopAll());

  it('registers Ren with every seed value, writes a 0600 hand-off with what the org issued, leaks no secret; a re-run changes nothing', async () => {
    const ctx = await setup();
    const out = join(ctx.dir, 'creds.json');
    const first = await runCliChild(['deploy', '--target-org', ctx.alias, '--output', out, '--allow-org-settings', ...FAST], { cwd: ctx.dir });
    expect(first.exitCode, first.stderr).to.equal(0);
    expect(first.stderr).to.include('Deploying the app, its OAuth settings and its policies').and.not.include('Deploying the app policies');
    expect(ecaDeploys(ctx.org), 'all five parts in one deploy').to.equal(1);
    expect(first.stdout).to.include(`Hand-off file: ${out}`);
    expect(noSecretIn(ctx.org, first), 'secret absent from stdout/stderr').to.equal(true);

    const held = ctx.org.components().filter((c) => c.type !== 'Settings');
    expect(held.map((c) => `${c.type}:${c.fullName}`)).to.have.members([
      'ExtlClntAppConfigurablePolicies:ren_defaultPolicy',
      'ExtlClntAppGlobalOauthSettings:renGlblOauth',
      'ExtlClntAppOauthConfigurablePolicies:renOauth_defaultPolicy',
      'ExtlClntAppOauthSettings:renOauth',
      'ExternalClientApplication:ren',
    ]);
    const fields = (type: string): Record<string, unknown> => held.find((c) => c.type === type)?.fields ?? {};
    expect(fields('ExternalClientApplication')).to.include({ label: 'Ren', contactEmail: 'support@rensystems.com', distributionState: 'Local', description: 'Sync Salesforce contacts to Ren' });
    expect(fields('ExtlClntAppGlobalOauthSettings')).to.include({ callbackUrl: 'https://app.rensystems.com/api/salesforce/auth_callback', isPkceRequired: 'true', isConsumerSecretOptional: 'false', isSecretRequiredForRefreshToken: 'true', isCodeCredFlowEnabled: 'true' });
    expect(fields('ExtlClntAppOauthConfigurablePolicies')).to.include({ commaSeparatedProfile: 'Sales', permittedUsersPolicyType: 'AdminApprovedPreAuthorized', refreshTokenPolicyType: 'Infinite' });
    expect(fields('ExtlClntAppConfigurablePolicies')).to.include({ startPage: 'None', isEnabled: 'true', isOauthPluginEnabled: 'true' });
    expect(ctx.org.settings().enableClientSecretInRestApiAccess, 'secret REST access restored').to.equal(false);

    expect(statSync(out).mode & 0o777).to.equal(0o600);
    const handoff = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(handoff)).to.deep.equal(['loginUrl', 'consumerKey', 'consumerSecret', 'orgId', 'instanceUrl', 'isSandbox', 'appApiName', 'apiVersion', 'issuedAt', 'verifiedAt']); // the proof after the hand-off accepted the pair
    expect(handoff.consumerKey === ctx.org.issuedKeyForTest('ren'), 'key is the one the org issued').to.equal(true);
    expect(handoff.consumerSecret === ctx.org.issuedSecretForTest('ren'), 'secret is the one the org issued').to.equal(true);
    expect(SECRET_FORMAT.test(String(handoff.consumerSecret)), 'secret format').to.equal(true);
    // Only the non-secret fields are compared, so a failure diff cannot print the secret.
    const { orgId, loginUrl, appApiName, isSandbox } = handoff;
    expect({ orgId, loginUrl, appApiName, isSandbox }).to.deep.equal({ orgId: ctx.org.orgId, loginUrl: ctx.org.instanceUrl, appApiName: 'ren', isSandbox: false });

    const deploysBefore = ecaDeploys(ctx.org);
    const updatesBefore = ctx.org.counts()['soap:updateMetadata'] ?? 0;
    const second = await runCliChild(['deploy', '--target-org', ctx.alias, '--output', out, '--allow-org-settings', '--json', ...FAST], { cwd: ctx.dir });
    expect(second.exitCode, second.stdout).to.equal(0);
    const doc = JSON.parse(second.stdout) as { status: number; result: { status: string; consumerKey: string; changes: unknown[]; consumerSecret?: string; handoffReused?: boolean; verified: boolean } };
    expect(doc.result.status).to.equal('unchanged');
    expect(doc.result.changes).to.deep.equal([]);
    expect(doc.result.consumerKey === handoff.consumerKey, 'same consumer key').to.equal(true);
    expect(doc.result).to.not.have.property('consumerSecret');
    expect(noSecretIn(ctx.org, second), 'secret absent from --json output').to.equal(true);
    // no change: nothing deployed, and the hand-off file's pair, proven at the token endpoint, stands for the org's:
    // the secret is not read again, so the org-wide secret-access switch is not touched (src/provision/stages/reuseHandoff.ts)
    expect(ecaDeploys(ctx.org) - deploysBefore).to.equal(0);
    expect((ctx.org.counts()['soap:updateMetadata'] ?? 0) - updatesBefore, 'no secret-access switch').to.equal(0);
    expect(doc.result.handoffReused).to.equal(true);
    expect(doc.result.verified).to.equal(true);
    expect(ctx.org.settings().enableClientSecretInRestApiAccess).to.equal(false);
  });

  it('warns about each org-wide switch at the moment it applies (before the action), and lists each once under --json', async () => {
    const ctx = await setup();
    const human = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'w.json'), '--allow-org-settings', ...FAST]);
    expect(human.exitCode, human.stderr).to.equal(0);
    const at = (text: string): number => {
      const i = human.stderr.indexOf(text);
      expect(i, `"${text}" on stderr`).to.be.greaterThan(-1);
      return i;
    };
    const flowWarning = at('Switching on the Authorization Code and Credentials Flow');
    const secretWarning = at('REST access to consumer secrets is off in this org');
    expect(flowWarning).to.be.lessThan(at('Deploying the app, its OAuth settings and its policies'));
    expect(secretWarning).to.be.greaterThan(at('Reading the consumer key and secret'));
    expect(secretWarning).to.be.lessThan(at('Writing the hand-off'));
    expect(human.stdout.indexOf('Hand-off file:'), 'the summary still comes last').to.be.greaterThan(-1);

    const other = await setup();
    const json = await runCliInProcess(['deploy', '-o', other.alias, '--output', join(other.dir, 'w.json'), '--allow-org-settings', '--json', ...FAST]);
    expect(json.exitCode, json.stdout).to.equal(0);
    const warnings = (JSON.parse(json.stdout) as { warnings: string[] }).warnings;
    expect(warnings.filter((w) => w.includes('Switching on the Authorization Code and Credentials Flow'))).to.have.length(1);
    expect(warnings.filter((w) => w.includes('REST access to consumer secrets is off'))).to.have.length(1);
    expect(json.stderr, 'nothing on stderr under --json').to.equal('');
  });

  it('says what changed on a re-run with different profiles, and keeps the consumer key', async () => {
    const ctx = await setup();
    const first = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'a.json'), '--allow-org-settings', ...FAST]);
    expect(first.exitCode, first.stderr).to.equal(0);
    const key = ctx.org.issuedKeyForTest('ren');
    const overrides = join(ctx.dir, 'overrides.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(overrides, JSON.stringify({ profiles: ['Sales', 'Standard User'] })));
    const second = await runCliInProcess(['deploy', '-o', ctx.alias, '--overrides', overrides, '--output', join(ctx.dir, 'a.json'), '--allow-org-settings', ...FAST]);
    expect(second.exitCode, second.stderr).to.equal(0);
    expect(second.stdout).to.include('Updated Ren').and.include('commaSeparatedProfile').and.include('Standard User');
    expect(ctx.org.issuedKeyForTest('ren') === key, 'consumer key unchanged').to.equal(true);
  });

  it('--output - prints only the hand-off JSON on stdout', async () => {
    const ctx = await setup({ orgSettings: { enableClientSecretInRestApiAccess: true, oAuthCdCrdtFlowEnable: true } });
    const run = await runCliChild(['deploy', '-o', ctx.alias, '--output', '-', ...FAST], { cwd: ctx.dir });
    expect(run.exitCode, run.stderr).to.equal(0);
    const parsed = JSON.parse(run.stdout) as { consumerKey: string; consumerSecret: string };
    expect(KEY_FORMAT.test(parsed.consumerKey), 'key format').to.equal(true);
    expect(SECRET_FORMAT.test(parsed.consumerSecret), 'secret format').to.equal(true);
    expect(existsSync(join(ctx.dir, 'ren-credentials')), 'no file written').to.equal(false);
  });

  it('unknown alias: exit 2 naming the sf org login command', async () => {
    const run = await runCliInProcess(['deploy', '-o', 'nosuchalias', ...FAST]);
    expect(run.exitCode).to.equal(2);
    expect(run.stderr).to.include('UnknownOrgError').and.include('sf org login web --alias nosuchalias');
    expect(run.stderr).to.not.include('    at ');
  });

  it('a profile that does not exist: exit 1 before anything changes, with the fix', async () => {
    const ctx = await setup({ profiles: ['System Administrator'], orgSettings: { oAuthCdCrdtFlowEnable: false } });
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--json', ...FAST]);
    expect(run.exitCode).to.equal(1);
    const doc = JSON.parse(run.stdout) as { name: string; message: string; actions: string[] };
    expect(doc.name).to.equal('PreflightFailedError');
    expect(doc.message).to.include('"Sales" does not exist').and.include('Authorization Code and Credentials Flow');
    expect(doc.actions.join(' ')).to.include('--overrides').and.include('--allow-org-settings');
    expect(ecaDeploys(ctx.org)).to.equal(0);
    expect(ctx.org.components().filter((c) => c.type !== 'Settings')).to.deep.equal([]);
  });

  it('a deploy the org rejects: exit 1, the problem text, nothing left in the org, no hand-off file', async () => {
    const ctx = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true } });
    ctx.org.faults.failCall('soap:deploy', 'soapFault', 1);
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'x.json'), ...FAST]);
    expect(run.exitCode).to.equal(1);
    expect(run.stderr).to.include('UNKNOWN_EXCEPTION');
    expect(ctx.org.components().filter((c) => c.type !== 'Settings')).to.deep.equal([]);
    expect(existsSync(join(ctx.dir, 'x.json'))).to.equal(false);
  });

  it('the session expiring mid-deploy is refreshed and the run carries on', async () => {
    const ctx = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true, enableClientSecretInRestApiAccess: true } });
    let expired = false;
    ctx.org.faults.failCall((c) => {
      if (!expired && c.kind === 'soap:checkDeployStatus') {
        expired = true;
        ctx.org.expireSessions();
      }
      return false;
    }, 'drop');
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'c.json'), ...FAST]);
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(expired).to.equal(true);
    expect(ctx.org.counts()['oauth:token'] ?? 0).to.be.greaterThan(1);
  });

  it('a dropped connection while polling is retried', async () => {
    const ctx = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true, enableClientSecretInRestApiAccess: true } });
    ctx.org.faults.failCall('soap:checkDeployStatus', 'drop', 1);
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'd.json'), ...FAST]);
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(existsSync(join(ctx.dir, 'd.json'))).to.equal(true);
  });

  it('the org never finishing within --wait: exit 69 with the deploy id, no hand-off', async () => {
    const ctx = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true }, faults: { neverFinishDeploys: true } });
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--wait', '0.02', '--json', '--output', join(ctx.dir, 'e.json'), ...FAST]);
    expect(run.exitCode).to.equal(69);
    const doc = JSON.parse(run.stdout) as { name: string; data: { deployId: string; phase: string } };
    expect(doc.name).to.equal('DeployStillRunningError');
    expect(doc.data.deployId).to.match(/^0Af/);
    expect(doc.data.phase).to.equal('app+policies');
    expect(existsSync(join(ctx.dir, 'e.json'))).to.equal(false);
  });

  it('--no-secret-toggle with secret access off: exit 1, the key and where in Setup the secret is, setting untouched', async () => {
    const ctx = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true } });
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--no-secret-toggle', '--output', join(ctx.dir, 'f.json'), ...FAST]);
    expect(run.exitCode).to.equal(1);
    expect(run.stderr).to.include('SecretNotReadableError').and.include(String(ctx.org.issuedKeyForTest('ren')));
    expect(run.stderr).to.include('External Client App Manager → ren → Settings → OAuth Settings');
    expect(ctx.org.settings().enableClientSecretInRestApiAccess).to.equal(false);
    expect(existsSync(join(ctx.dir, 'f.json'))).to.equal(false);
    expect(noSecretIn(ctx.org, run), 'no secret').to.equal(true);
  });

  it('credentials that appear later than the deploy are waited for', async () => {
    const ctx = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true, enableClientSecretInRestApiAccess: true }, switches: { credentialsAvailableAfterMs: 1200 } });
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'g.json'), ...FAST]);
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(ctx.org.counts()['connect:credentials'] ?? 0).to.be.greaterThan(1);
  });

  it('a hand-off path that cannot be created: refused before the org is touched (exit 2) with the fix, no partial file', async () => {
    const ctx = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true, enableClientSecretInRestApiAccess: true } });
    // A folder path that runs through a regular file cannot be created, not even by root (CI often runs as root).
    const locked = join(ctx.dir, 'locked');
    mkdirSync(locked);
    writeFileSync(join(locked, 'plain-file'), 'x');
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(locked, 'plain-file', 'h.json'), ...FAST]);
    expect(run.exitCode).to.equal(2);
    expect(run.stderr).to.include('HandoffTargetRefusedError').and.include('--output');
    expect(ecaDeploys(ctx.org)).to.equal(0);
    expect(readdirSync(locked)).to.deep.equal(['plain-file']);
    expect(noSecretIn(ctx.org, run), 'no secret').to.equal(true);
  });

  it('refuses to overwrite another org\'s hand-off file before touching the org (exit 2)', async () => {
    const a = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true, enableClientSecretInRestApiAccess: true } });
    const b = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true, enableClientSecretInRestApiAccess: true } });
    const file = join(a.dir, 'shared.json');
    expect((await runCliInProcess(['deploy', '-o', a.alias, '--output', file, ...FAST])).exitCode).to.equal(0);
    const before = readFileSync(file, 'utf8');
    const run = await runCliInProcess(['deploy', '-o', b.alias, '--output', file, ...FAST]);
    expect(run.exitCode).to.equal(2);
    expect(run.stderr).to.include('HandoffTargetRefusedError').and.include(a.org.orgId);
    expect(ecaDeploys(b.org)).to.equal(0);
    expect(readFileSync(file, 'utf8') === before, 'file untouched').to.equal(true);
  });

  it('--dry-run validates without changing the org and says what it could not validate', async () => {
    const ctx = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true } });
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--dry-run', '--json', ...FAST]);
    expect(run.exitCode, run.stdout).to.equal(0);
    const doc = JSON.parse(run.stdout) as { result: { status: string; notValidated: string[] } };
    expect(doc.result.status).to.equal('validated');
    expect(doc.result.notValidated.join(' '), 'the policies were validated with the app').not.to.include('policies');
    expect(doc.result.notValidated.join(' ')).to.include('credentials');
    expect(ecaDeploys(ctx.org), 'one check-only deploy of all five parts').to.equal(1);
    expect(ctx.org.components().filter((c) => c.type !== 'Settings')).to.deep.equal([]);
  });

  describe("an org that takes policies only once their app exists (switch policiesWithAppInSameDeploy: 'refuse')", () => {
    const refusing = { orgSettings: { oAuthCdCrdtFlowEnable: true }, switches: { policiesWithAppInSameDeploy: 'refuse' } } as const;

    it('a first registration deploys in two steps after the refused single deploy (which changed nothing), says so, exit 0', async () => {
      const ctx = await setup(refusing);
      const seen: number[] = [];
      const stop = ctx.org.onRequest((req) => {
        if (req.kind === 'soap:deploy') seen.push(ctx.org.components().filter((c) => c.type !== 'Settings').length);
      });
      const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'two.json'), ...FAST]);
      stop();
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(run.stderr).to.include('the org takes the policies only once their app exists').and.include('deploying the app first, then its policies');
      expect(run.stderr).to.include('Deploying the app and its OAuth settings').and.include('Deploying the app policies');
      expect(ecaDeploys(ctx.org), 'the refused single deploy, then app, then policies').to.equal(3);
      expect(seen.slice(0, 2), 'the refused deploy left the org empty').to.deep.equal([0, 0]);
      expect(ctx.org.components().filter((c) => c.type !== 'Settings').map((c) => c.type)).to.have.members([
        'ExternalClientApplication', 'ExtlClntAppOauthSettings', 'ExtlClntAppGlobalOauthSettings', 'ExtlClntAppOauthConfigurablePolicies', 'ExtlClntAppConfigurablePolicies',
      ]);
      expect(run.stdout).to.include('Registered Ren in');
      expect(noSecretIn(ctx.org, run), 'no secret').to.equal(true);
    });

    it('--dry-run validates the app alone and says the policies could not be validated', async () => {
      const ctx = await setup(refusing);
      const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--dry-run', '--json', ...FAST]);
      expect(run.exitCode, run.stdout).to.equal(0);
      const doc = JSON.parse(run.stdout) as { result: { status: string; notValidated: string[] } };
      expect(doc.result.status).to.equal('validated');
      expect(doc.result.notValidated.join(' ')).to.include('policies');
      expect(ecaDeploys(ctx.org), 'the refused check-only deploy, then the app alone').to.equal(2);
      expect(ctx.org.components().filter((c) => c.type !== 'Settings')).to.deep.equal([]);
    });
  });
});
