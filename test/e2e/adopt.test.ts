/**
 * Issue 11 on the loopback org, through the CLI a user runs: adopting a Ren made in Setup (whole or half made), the
 * org switch first in its own step, and the end-state check that fails a run when the org silently drops a field
 * (loopback fault `dropFieldOnDeploy`).
 */
import { join } from 'node:path';
import { expect } from 'chai';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { routeLibraryWarnings } from '../../src/salesforce/libraryWarnings.js';
import { KEY_FORMAT, loggedInOrgs, noSecretIn, runCliChild, runCliInProcess } from './deployHarness.js';

const FAST = ['--poll-interval', '10'];
const orgs = loggedInOrgs('ADOPTS');
const PART_TYPES = ['ExtlClntAppOauthSettings', 'ExtlClntAppGlobalOauthSettings', 'ExtlClntAppOauthConfigurablePolicies', 'ExtlClntAppConfigurablePolicies'] as const;
const SETUP_NAMES = { ExtlClntAppOauthSettings: ['ren_oauth'], ExtlClntAppGlobalOauthSettings: ['ren_glbloauth'], ExtlClntAppOauthConfigurablePolicies: ['ren_oauthPlcy'], ExtlClntAppConfigurablePolicies: ['ren_plcy'] };

/** fullNames of Ren's parts per type. */
const renParts = (org: LoopbackOrg): Record<string, string[]> =>
  Object.fromEntries(PART_TYPES.map((t) => [t, org.components().filter((c) => c.type === t && c.fields.externalClientApplication === 'ren').map((c) => c.fullName)]));
const field = (org: LoopbackOrg, fullName: string, name: string): unknown => org.components().find((c) => c.fullName === fullName)?.fields[name];
const deployArgs = (ctx: { alias: string; dir: string }, ...more: string[]): string[] => ['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'h.json'), '--allow-org-settings', ...FAST, ...more];
const json = (stdout: string): { status: number; result: Record<string, unknown> } => JSON.parse(stdout) as { status: number; result: Record<string, unknown> };

describe('deploy adopts a Ren made in Setup, switches the org setting first and checks the end state (issue 11)', function () {
  this.timeout(90_000);
  before(() => routeLibraryWarnings(() => undefined));
  after(() => orgs.stopAll());

  it('a Setup-made Ren with seed settings missing: adopted under its own names (child process), fields fixed, key kept, re-run "No change"', async () => {
    const ctx = await orgs.setup();
    const made = ctx.org.createAppInSetup({ isPkceRequired: false, scopes: 'Basic, Api' });
    const first = await runCliChild(deployArgs(ctx));
    expect(first.exitCode, first.stderr).to.equal(0);
    expect(first.stdout).to.include('Adopted Ren made in Setup (ren_oauth, ren_glbloauth, ren_oauthPlcy, ren_plcy)');
    expect(first.stdout).to.match(/ExtlClntAppGlobalOauthSettings ren_glbloauth: isPkceRequired false → true/);
    expect(first.stdout).to.match(/ExtlClntAppOauthConfigurablePolicies ren_oauthPlcy: permittedUsersPolicyType AllSelfAuthorized → /);
    expect(first.stdout).not.to.include('Registered Ren');
    expect(renParts(ctx.org)).to.deep.equal(SETUP_NAMES);
    expect(field(ctx.org, 'ren_glbloauth', 'isPkceRequired')).to.equal('true');
    expect(String(field(ctx.org, 'ren_oauth', 'commaSeparatedOauthScopes'))).to.include('RefreshToken');
    expect(field(ctx.org, 'ren_oauthPlcy', 'permittedUsersPolicyType')).to.not.equal('AllSelfAuthorized');
    expect(ctx.org.issuedKeyForTest('ren') === made.consumerKey, 'consumer key kept').to.equal(true);
    expect(ctx.org.settings().oAuthCdCrdtFlowEnable).to.equal(true);
    expect(noSecretIn(ctx.org, first)).to.equal(true);

    // The read-back's secret-access switch deploys Settings on every run; Ren's components must stay untouched.
    const stamps = (): string[] => ctx.org.components().filter((c) => c.type !== 'Settings').map((c) => `${c.type} ${c.fullName} ${c.lastModifiedDate}`);
    const before = stamps();
    const again = await runCliChild(deployArgs(ctx));
    expect(again.exitCode, again.stderr).to.equal(0);
    expect(again.stdout).to.include('No change.');
    expect(stamps(), 'a re-run changes no component').to.deep.equal(before);
    expect(renParts(ctx.org)).to.deep.equal(SETUP_NAMES);
  });

  it('--json: status "adopted" with the adopted parts and the diff rows; the re-run says "unchanged"', async () => {
    const ctx = await orgs.setup();
    const made = ctx.org.createAppInSetup({ isPkceRequired: false });
    const run = await runCliInProcess(deployArgs(ctx, '--json'));
    expect(run.exitCode, run.stderr).to.equal(0);
    const { result } = json(run.stdout);
    expect(result.status).to.equal('adopted');
    expect(result.adoptedParts).to.deep.equal(['ren_oauth', 'ren_glbloauth', 'ren_oauthPlcy', 'ren_plcy']);
    expect(result.changes).to.deep.include({ component: 'ExtlClntAppGlobalOauthSettings ren_glbloauth', field: 'isPkceRequired', expected: true, actual: false });
    expect(result.consumerKey === made.consumerKey, 'consumer key kept').to.equal(true);
    expect(String(result.consumerKey)).to.match(KEY_FORMAT);
    const again = await runCliInProcess(deployArgs(ctx, '--json'));
    expect(again.exitCode, again.stderr).to.equal(0);
    expect(json(again.stdout).result.status).to.equal('unchanged');
  });

  it('--dry-run on a Setup-made Ren: validates the spec on the org names and changes nothing', async () => {
    const ctx = await orgs.setup();
    ctx.org.createAppInSetup({ isPkceRequired: false });
    const before = JSON.stringify(ctx.org.components().filter((c) => c.type !== 'Settings'));
    const run = await runCliInProcess(deployArgs(ctx, '--dry-run', '--json'));
    expect(run.exitCode, run.stderr).to.equal(0);
    const { result } = json(run.stdout);
    expect(result.status).to.equal('validated');
    expect(result.changes).to.deep.include({ component: 'ExtlClntAppGlobalOauthSettings ren_glbloauth', field: 'isPkceRequired', expected: true, actual: false });
    expect(JSON.stringify(ctx.org.components().filter((c) => c.type !== 'Settings'))).to.equal(before);
    expect(ctx.org.settings().oAuthCdCrdtFlowEnable).to.not.equal(true);
  });

  const halfMade = [
    { what: 'no OAuth yet (app and its app policy only)', options: { oauth: false }, names: { ExtlClntAppOauthSettings: ['renOauth'], ExtlClntAppGlobalOauthSettings: ['renGlblOauth'], ExtlClntAppOauthConfigurablePolicies: ['renOauth_defaultPolicy'], ExtlClntAppConfigurablePolicies: ['ren_plcy'] } },
    { what: 'no policies yet', options: { policies: false }, names: { ExtlClntAppOauthSettings: ['ren_oauth'], ExtlClntAppGlobalOauthSettings: ['ren_glbloauth'], ExtlClntAppOauthConfigurablePolicies: ['ren_oauth_defaultPolicy'], ExtlClntAppConfigurablePolicies: ['ren_defaultPolicy'] } },
    { what: 'OAuth settings without Global OAuth settings', options: { globalOauth: false }, names: { ExtlClntAppOauthSettings: ['ren_oauth'], ExtlClntAppGlobalOauthSettings: ['renGlblOauth'], ExtlClntAppOauthConfigurablePolicies: ['ren_oauthPlcy'], ExtlClntAppConfigurablePolicies: ['ren_plcy'] } },
  ] as const;
  for (const { what, options, names } of halfMade) {
    it(`a half-made Ren (${what}): completed, one of each part under the org's names, re-run "unchanged"`, async () => {
      const ctx = await orgs.setup();
      ctx.org.createAppInSetup(options);
      const run = await runCliInProcess(deployArgs(ctx, '--json'));
      expect(run.exitCode, run.stdout).to.equal(0);
      expect(json(run.stdout).result.status).to.equal('adopted');
      expect(renParts(ctx.org)).to.deep.equal(names);
      expect(String(json(run.stdout).result.consumerKey)).to.match(KEY_FORMAT);
      expect(noSecretIn(ctx.org, run)).to.equal(true);
      const again = await runCliInProcess(deployArgs(ctx, '--json'));
      expect(again.exitCode, again.stderr).to.equal(0);
      expect(json(again.stdout).result.status).to.equal('unchanged');
    });
  }

  for (const codeCredFlowWithoutOrgSwitch of ['refuse', 'store-false', 'accept'] as const) {
    it(`codeCredFlowWithoutOrgSwitch '${codeCredFlowWithoutOrgSwitch}': the switch goes on in its own step before the app, then the flow is on (exit 0)`, async () => {
      const ctx = await orgs.setup({ switches: { codeCredFlowWithoutOrgSwitch } });
      const seen: { switchOn: boolean; appExists: boolean }[] = [];
      const stop = ctx.org.onRequest(() => seen.push({ switchOn: ctx.org.settings().oAuthCdCrdtFlowEnable === true, appExists: ctx.org.components().some((c) => c.type === 'ExternalClientApplication') }));
      const run = await runCliInProcess(deployArgs(ctx, '--json'));
      stop();
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(json(run.stdout).result.status).to.equal('created');
      expect(seen.some((s) => s.switchOn && !s.appExists), 'the switch was on before the app existed').to.equal(true);
      expect(seen.some((s) => s.appExists && !s.switchOn), 'never the app without the switch').to.equal(false);
      expect(ctx.org.settings().oAuthCdCrdtFlowEnable).to.equal(true);
      expect(field(ctx.org, 'renGlblOauth', 'isCodeCredFlowEnabled')).to.equal('true');
    });
  }

  it('the org does not take the switch: exit 1 saying so, the app never deployed, never "Registered"', async () => {
    // An org that refuses updateMetadata for the settings type, so the switch goes through the Settings deploy,
    // which then succeeds without storing the field.
    const ctx = await orgs.setup({ switches: { codeCredFlowWithoutOrgSwitch: 'store-false', settingsUpdateMetadata: 'refuse' } });
    ctx.org.faults.dropFieldOnDeploy = { type: 'Settings', field: 'oAuthCdCrdtFlowEnable' };
    const run = await runCliInProcess(deployArgs(ctx));
    expect(run.exitCode, run.stderr).to.equal(1);
    expect(run.stderr).to.include('did not switch on OauthOidcSettings.oAuthCdCrdtFlowEnable');
    expect(run.stdout).not.to.include('Registered');
    expect(ctx.org.components().filter((c) => c.fields.externalClientApplication === 'ren' || c.type === 'ExternalClientApplication')).to.have.length(0);
  });

  it('the switch goes through updateMetadata where the org takes it: no Settings deploy, one deploy for the app and its policies', async () => {
    const ctx = await orgs.setup();
    const run = await runCliInProcess(deployArgs(ctx));
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(ctx.org.settings().oAuthCdCrdtFlowEnable).to.equal(true);
    expect(ctx.org.counts()['soap:deploy'], JSON.stringify(ctx.org.counts())).to.equal(1);
    expect(ctx.org.counts()['soap:updateMetadata'], 'org switch on + secret access on and off').to.equal(3);
  });

  it('without --allow-org-settings: refused before anything changes (exit 1), nothing deployed', async () => {
    const ctx = await orgs.setup();
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'h.json'), ...FAST]);
    expect(run.exitCode, run.stderr).to.equal(1);
    expect(run.stderr).to.include('--allow-org-settings');
    expect(ctx.org.counts()['soap:deploy'] ?? 0).to.equal(0);
    expect(ctx.org.settings().oAuthCdCrdtFlowEnable).to.not.equal(true);
  });

  const dropped = [
    { type: 'ExtlClntAppGlobalOauthSettings', field: 'isPkceRequired', row: /ExtlClntAppGlobalOauthSettings renGlblOauth: isPkceRequired false → true/ },
    { type: 'ExtlClntAppOauthSettings', field: 'commaSeparatedOauthScopes', row: /ExtlClntAppOauthSettings renOauth: commaSeparatedOauthScopes \(unset\) → / },
    { type: 'ExtlClntAppOauthConfigurablePolicies', field: 'permittedUsersPolicyType', row: /ExtlClntAppOauthConfigurablePolicies renOauth_defaultPolicy: permittedUsersPolicyType AllSelfAuthorized → / },
    { type: 'ExternalClientApplication', field: 'contactEmail', row: /ExternalClientApplication ren: contactEmail \(unset\) → / },
  ] as const;
  for (const { type, field: dropField, row } of dropped) {
    it(`the end-state check: the org silently drops ${type}.${dropField} → exit 68 with the diff row and the fix, never "Registered"`, async () => {
      const ctx = await orgs.setup();
      ctx.org.faults.dropFieldOnDeploy = { type, field: dropField };
      const run = await runCliInProcess(deployArgs(ctx));
      expect(run.exitCode, run.stderr).to.equal(68);
      expect(run.stderr).to.include('did not take every setting of the spec');
      expect(run.stderr).to.match(row);
      expect(run.stderr).to.include('This run left changed in the org:');
      expect(run.stdout).not.to.include('Registered');
      expect(noSecretIn(ctx.org, run)).to.equal(true);
    });
  }

  it('the end-state check under --json: exit 68, the diff rows as data', async () => {
    const ctx = await orgs.setup();
    ctx.org.faults.dropFieldOnDeploy = { type: 'ExtlClntAppGlobalOauthSettings', field: 'isPkceRequired' };
    const run = await runCliInProcess(deployArgs(ctx, '--json'));
    expect(run.exitCode, run.stderr).to.equal(68);
    const out = JSON.parse(run.stdout) as { status: number; data?: { diff?: unknown[]; leftChanged?: string[] } };
    expect(out.status).to.equal(68);
    expect(out.data?.diff).to.deep.equal([{ component: 'ExtlClntAppGlobalOauthSettings renGlblOauth', field: 'isPkceRequired', expected: true, actual: false }]);
    expect(out.data?.leftChanged?.length).to.be.greaterThan(0);
  });
});
