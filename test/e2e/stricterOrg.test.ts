/**
 * The CLI's `deploy` under each side of the loopback org's switches added for issue 10: an org holding a Ren made
 * in Setup (secondPluginPart refuse | replace), and the three answers an org may give to isCodeCredFlowEnabled
 * while its org switch is off. Issue 11 (adoption, the switch first, the end-state check): test/e2e/adopt.test.ts.
 */
import { join } from 'node:path';
import { expect } from 'chai';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { routeLibraryWarnings } from '../../src/salesforce/libraryWarnings.js';
import { loggedInOrgs, noSecretIn, runCliInProcess } from './deployHarness.js';

const FAST = ['--poll-interval', '10'];
const orgs = loggedInOrgs('STRICT');
const PART_TYPES = ['ExtlClntAppOauthSettings', 'ExtlClntAppGlobalOauthSettings', 'ExtlClntAppOauthConfigurablePolicies', 'ExtlClntAppConfigurablePolicies'];

/** fullNames of Ren's parts per type. */
const renParts = (org: LoopbackOrg): Record<string, string[]> =>
  Object.fromEntries(PART_TYPES.map((t) => [t, org.components().filter((c) => c.type === t && c.fields.externalClientApplication === 'ren').map((c) => c.fullName)]));

describe('deploy against the stricter loopback org (issue 10 switches)', function () {
  this.timeout(60_000);
  before(() => routeLibraryWarnings(() => undefined));
  after(() => orgs.stopAll());

  it("an org with a Ren made in Setup that refuses second parts (default): adopted under its own names, one of each part, consumer key kept (issue 11)", async () => {
    const ctx = await orgs.setup();
    const made = ctx.org.createAppInSetup({ isPkceRequired: false });
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'h.json'), '--allow-org-settings', ...FAST]);
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(renParts(ctx.org)).to.deep.equal({
      ExtlClntAppOauthSettings: ['ren_oauth'], ExtlClntAppGlobalOauthSettings: ['ren_glbloauth'],
      ExtlClntAppOauthConfigurablePolicies: ['ren_oauthPlcy'], ExtlClntAppConfigurablePolicies: ['ren_plcy'],
    });
    expect(ctx.org.components().find((c) => c.fullName === 'ren_glbloauth')?.fields.isPkceRequired).to.equal('true');
    expect(ctx.org.issuedKeyForTest('ren') === made.consumerKey, 'consumer key kept').to.equal(true);
    expect(run.stdout).to.include('Adopted Ren made in Setup (ren_oauth, ren_glbloauth, ren_oauthPlcy, ren_plcy)');
    expect(noSecretIn(ctx.org, run)).to.equal(true);
  });

  it("an org with a Ren made in Setup that lets new parts replace old ones ('replace'): exit 0, one of each part, consumer key kept", async () => {
    const ctx = await orgs.setup({ switches: { secondPluginPart: 'replace' } });
    const made = ctx.org.createAppInSetup();
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'h.json'), '--allow-org-settings', ...FAST]);
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(Object.values(renParts(ctx.org)).map((names) => names.length)).to.deep.equal([1, 1, 1, 1]);
    expect(ctx.org.issuedKeyForTest('ren') === made.consumerKey, 'consumer key kept').to.equal(true);
    expect(noSecretIn(ctx.org, run)).to.equal(true);
  });

  for (const codeCredFlowWithoutOrgSwitch of ['refuse', 'store-false', 'accept'] as const) {
    it(`codeCredFlowWithoutOrgSwitch '${codeCredFlowWithoutOrgSwitch}': with --allow-org-settings the flow ends on, exit 0`, async () => {
      const ctx = await orgs.setup({ switches: { codeCredFlowWithoutOrgSwitch } });
      const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'h.json'), '--allow-org-settings', ...FAST]);
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(ctx.org.settings().oAuthCdCrdtFlowEnable).to.equal(true);
      expect(ctx.org.components().find((c) => c.type === 'ExtlClntAppGlobalOauthSettings')?.fields.isCodeCredFlowEnabled).to.equal('true');
    });
  }
});
