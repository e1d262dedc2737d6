/**
 * One OAuth settings, one Global OAuth settings and one of each policy per app (Help "OAuth Plugin Enablement
 * with Metadata API"), checked against the org and against the other components of the same deploy; Setup-made
 * apps; the code-and-credentials switch; and how deploys report component states.
 */
import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg, LoopbackOrgOptions } from '../../src/loopback-org/index.js';
import type { MdapiFile } from '../../src/loopback-org/mdapiDeploy.js';
import { mdapiDeploy, renPhaseOne, renPolicies, withFields } from '../../src/loopback-org/mdapiDeploy.js';
import { connectionFor } from './testSupport.js';

const APP = 'ExternalClientApplication';
const OAUTH = 'ExtlClntAppOauthSettings';
const GLOBAL = 'ExtlClntAppGlobalOauthSettings';
const OAUTH_POLICY = 'ExtlClntAppOauthConfigurablePolicies';
const APP_POLICY = 'ExtlClntAppConfigurablePolicies';
const PARTS = [OAUTH, GLOBAL, OAUTH_POLICY, APP_POLICY];

describe('loopback org: one of each OAuth plugin part per app, Setup-made apps, deploy states', () => {
  let org: LoopbackOrg;
  let conn: Connection;
  const start = async (options: LoopbackOrgOptions = {}): Promise<void> => {
    org = await startLoopbackOrg(options);
    conn = await connectionFor(org);
  };
  afterEach(() => org.stop());

  /** fullNames of the app's parts per type. */
  const partsOf = (app: string): Record<string, string[]> =>
    Object.fromEntries(PARTS.map((t) => [t, org.components().filter((c) => c.type === t && c.fields.externalClientApplication === app).map((c) => c.fullName).sort()]));

  describe('Setup-made apps', () => {
    it('names the parts as Setup does, issues a consumer, and links it in the real oauthLink form', async () => {
      await start();
      const made = org.createAppInSetup();
      expect(made.names).to.deep.equal({ app: 'ren', oauthSettings: 'ren_oauth', globalOauth: 'ren_glbloauth', oauthPolicies: 'ren_oauthPlcy', appPolicies: 'ren_plcy' });
      expect(made.appId).to.match(/^0xI\w{15}$/);
      expect(made.consumerId).to.match(/^888\w{15}$/);
      expect(made.consumerKey === org.issuedKeyForTest('ren'), 'consumer key is the issued one').to.equal(true);
      const oauth = org.components().find((c) => c.fullName === 'ren_oauth');
      expect(oauth?.fields.oauthLink).to.equal(`${org.orgId.slice(0, 15)}:${(made.consumerId ?? '').slice(0, 15)}`);
      expect(org.components().find((c) => c.fullName === 'ren_oauthPlcy')?.fields).to.include({ permittedUsersPolicyType: 'AllSelfAuthorized', refreshTokenPolicyType: 'SpecificLifetime' });
      const listed = await conn.metadata.list([{ type: OAUTH }, { type: GLOBAL }, { type: OAUTH_POLICY }, { type: APP_POLICY }]);
      expect(listed.map((p) => p.fullName).sort()).to.deep.equal(['ren_glbloauth', 'ren_oauth', 'ren_oauthPlcy', 'ren_plcy']);
      const apps = await conn.query<{ Id: string }>("SELECT Id FROM ExternalClientApplication WHERE DeveloperName = 'ren'");
      expect(apps.records[0]?.Id).to.equal(made.appId);
    });

    it('leaves settings out where asked: PKCE off, a scope missing', async () => {
      await start();
      org.createAppInSetup({ isPkceRequired: false, scopes: 'Basic, Api' });
      expect(org.components().find((c) => c.fullName === 'ren_glbloauth')?.fields.isPkceRequired).to.equal('false');
      expect(org.components().find((c) => c.fullName === 'ren_oauth')?.fields.commaSeparatedOauthScopes).to.equal('Basic, Api');
    });

    it('makes half-made apps: no OAuth at all, or OAuth settings without Global settings and consumer, or no policies yet', async () => {
      await start();
      const bare = org.createAppInSetup({ name: 'bare', oauth: false });
      expect(bare.names).to.deep.equal({ app: 'bare', appPolicies: 'bare_plcy' });
      expect(bare.consumerId).to.equal(undefined);
      expect(org.components().find((c) => c.fullName === 'bare_plcy')?.fields.isOauthPluginEnabled).to.equal('false');
      const noGlobal = org.createAppInSetup({ name: 'noGlobal', globalOauth: false });
      expect(noGlobal.names).to.deep.equal({ app: 'noGlobal', oauthSettings: 'noGlobal_oauth', oauthPolicies: 'noGlobal_oauthPlcy', appPolicies: 'noGlobal_plcy' });
      expect(org.issuedKeyForTest('noGlobal')).to.equal(undefined);
      org.createAppInSetup({ name: 'noPolicies', policies: false });
      expect(partsOf('noPolicies')).to.deep.include({ [OAUTH_POLICY]: [], [APP_POLICY]: [] });
    });

    it("accepts the org's own oauthLink back, in the real 15-character form and in the 18-character form", async () => {
      await start();
      const made = org.createAppInSetup();
      const consumerId = made.consumerId ?? '';
      for (const link of [`${org.orgId.slice(0, 15)}:${consumerId.slice(0, 15)}`, `${org.orgId.slice(0, 15)}:${consumerId}`]) {
        const files: MdapiFile[] = [{ type: OAUTH, fullName: 'ren_oauth', fields: { commaSeparatedOauthScopes: 'Basic, Api, RefreshToken', externalClientApplication: 'ren', label: 'ren_oauth', oauthLink: link } }];
        const result = await mdapiDeploy(conn, files);
        expect(result.problems, link).to.deep.equal([]);
      }
      const foreign = await mdapiDeploy(conn, [{ type: OAUTH, fullName: 'ren_oauth', fields: { externalClientApplication: 'ren', oauthLink: `${org.orgId.slice(0, 15)}:888000000000001` } }]);
      expect(foreign.problems.join('\n')).to.include("doesn't match an OAuth consumer of ren");
    });
  });

  describe("a second part under another name (switch secondPluginPart)", () => {
    it("refuses, by default, Ren's own names beside a Setup-made app's parts, and changes nothing", async () => {
      await start();
      org.createAppInSetup();
      const before = org.components();
      const result = await mdapiDeploy(conn, [...renPhaseOne(), ...renPolicies()]);
      expect(result.status).to.equal('Failed');
      const text = result.problems.join('\n');
      expect(text).to.include('The external client app ren can have only one ExtlClntAppOauthSettings component: it already has ren_oauth.');
      expect(text).to.include('can have only one ExtlClntAppGlobalOauthSettings component: it already has ren_glbloauth.');
      expect(text).to.include('can have only one ExtlClntAppOauthConfigurablePolicies component: it already has ren_oauthPlcy.');
      expect(text).to.include('can have only one ExtlClntAppConfigurablePolicies component: it already has ren_plcy.');
      expect(org.components()).to.deep.equal(before);
    });

    it("under 'replace', the new parts take the old ones' places: one of each, the consumer key kept", async () => {
      await start({ switches: { secondPluginPart: 'replace' } });
      const made = org.createAppInSetup();
      const result = await mdapiDeploy(conn, [...renPhaseOne(), ...renPolicies()]);
      expect(result.problems).to.deep.equal([]);
      expect(partsOf('ren')).to.deep.equal({ [OAUTH]: ['renOauth'], [GLOBAL]: ['renGlblOauth'], [OAUTH_POLICY]: ['renOauth_defaultPolicy'], [APP_POLICY]: ['ren_defaultPolicy'] });
      expect(org.issuedKeyForTest('ren') === made.consumerKey, 'consumer key kept').to.equal(true);
    });

    for (const secondPluginPart of ['refuse', 'replace'] as const) {
      it(`refuses two OAuth settings for one app in one deploy (secondPluginPart '${secondPluginPart}')`, async () => {
        await start({ switches: { secondPluginPart } });
        const second: MdapiFile = { type: OAUTH, fullName: 'renOauth2', fields: { commaSeparatedOauthScopes: 'Basic', externalClientApplication: 'ren', label: 'renOauth2' } };
        const result = await mdapiDeploy(conn, [...renPhaseOne(), second]);
        expect(result.status).to.equal('Failed');
        expect(result.problems.join('\n')).to.include('The external client app ren can have only one ExtlClntAppOauthSettings component, but this deploy has renOauth and renOauth2.');
        expect(org.components()).to.deep.equal([]);
      });
    }

    it('checks a policy against the one the same deploy generates: another name is a second policy (refused by default)', async () => {
      await start();
      const renamed = renPolicies().map((f) => (f.type === OAUTH_POLICY ? { ...f, fullName: 'renPolicy', fields: { ...f.fields, label: 'renPolicy' } } : f));
      const result = await mdapiDeploy(conn, [...renPhaseOne(), ...renamed]);
      expect(result.status).to.equal('Failed');
      expect(result.problems.join('\n')).to.include('can have only one ExtlClntAppOauthConfigurablePolicies component: it already has renOauth_defaultPolicy.');
      expect(org.components()).to.deep.equal([]);
    });

    it('generates only the policy an app lacks: an app holding its app policy takes OAuth + both policies in one deploy under the held name', async () => {
      await start();
      org.createAppInSetup({ oauth: false });
      const policies = renPolicies().map((f) => (f.type === APP_POLICY ? { ...f, fullName: 'ren_plcy', fields: { ...f.fields, label: 'ren_plcy' } } : f));
      const result = await mdapiDeploy(conn, [...renPhaseOne().filter((f) => f.type !== APP), ...policies]);
      expect(result.problems).to.deep.equal([]);
      expect(partsOf('ren')).to.deep.equal({ [OAUTH]: ['renOauth'], [GLOBAL]: ['renGlblOauth'], [OAUTH_POLICY]: ['renOauth_defaultPolicy'], [APP_POLICY]: ['ren_plcy'] });
    });

    it("under 'replace', that policy replaces the generated one: one OAuth policy, with the sent values", async () => {
      await start({ switches: { secondPluginPart: 'replace' } });
      const renamed = renPolicies().map((f) => (f.type === OAUTH_POLICY ? { ...f, fullName: 'renPolicy', fields: { ...f.fields, label: 'renPolicy' } } : f));
      const result = await mdapiDeploy(conn, [...renPhaseOne(), ...renamed]);
      expect(result.problems).to.deep.equal([]);
      expect(partsOf('ren')[OAUTH_POLICY]).to.deep.equal(['renPolicy']);
      expect(org.components().find((c) => c.fullName === 'renPolicy')?.fields.permittedUsersPolicyType).to.equal('AdminApprovedPreAuthorized');
    });

    it('lets another app have its own parts under any names', async () => {
      await start();
      org.createAppInSetup({ name: 'other' });
      const result = await mdapiDeploy(conn, [...renPhaseOne(), ...renPolicies()]);
      expect(result.problems).to.deep.equal([]);
    });
  });

  describe('isCodeCredFlowEnabled while the org switch is off (switch codeCredFlowWithoutOrgSwitch)', () => {
    const CASES = [
      { value: 'refuse', status: 'Failed', stored: undefined },
      { value: 'store-false', status: 'Succeeded', stored: 'false' },
      { value: 'accept', status: 'Succeeded', stored: 'true' },
    ] as const;
    for (const c of CASES) {
      it(`'${c.value}': ${c.status}${c.stored === undefined ? '' : `, stores ${c.stored}`}`, async () => {
        await start({ switches: { codeCredFlowWithoutOrgSwitch: c.value } });
        const result = await mdapiDeploy(conn, withFields(renPhaseOne(), GLOBAL, { isCodeCredFlowEnabled: 'true' }));
        expect(result.status).to.equal(c.status);
        expect(org.components().find((x) => x.type === GLOBAL)?.fields.isCodeCredFlowEnabled).to.equal(c.stored);
      });
    }
  });

  describe('component states a deploy reports', () => {
    const ALL_CREATED_OR_CHANGED = [
      `${APP}:ren:Created`, `${OAUTH}:renOauth:Created`, `${GLOBAL}:renGlblOauth:Created`,
      // generated by the OAuth settings earlier in the same deploy, then changed by the sent values
      `${OAUTH_POLICY}:renOauth_defaultPolicy:Changed`, `${APP_POLICY}:ren_defaultPolicy:Changed`,
    ];

    it('reports the same states for a checkOnly deploy as for the real deploy, and the checkOnly one changes nothing', async () => {
      await start();
      const check = await mdapiDeploy(conn, [...renPhaseOne(), ...renPolicies()], { checkOnly: true });
      expect(check.states).to.have.members(ALL_CREATED_OR_CHANGED);
      expect(org.components()).to.deep.equal([]);
      expect(org.issuedKeyForTest('ren')).to.equal(undefined);
      const real = await mdapiDeploy(conn, [...renPhaseOne(), ...renPolicies()]);
      expect(real.states).to.have.members(ALL_CREATED_OR_CHANGED);
    });

    it('never reports Settings as created: Changed when a value changes, Unchanged when not', async () => {
      await start();
      const settings: MdapiFile = { type: 'Settings', fullName: 'ExternalClientApp', fields: { enableClientSecretInRestApiAccess: 'true' } };
      expect((await mdapiDeploy(conn, [settings])).states).to.deep.equal(['Settings:ExternalClientApp:Changed']);
      expect((await mdapiDeploy(conn, [settings])).states).to.deep.equal(['Settings:ExternalClientApp:Unchanged']);
    });

    it('reports an identical redeploy Unchanged (default) and a changed field Changed', async () => {
      await start();
      const files = [...renPhaseOne(), ...renPolicies()];
      await mdapiDeploy(conn, files);
      const again = await mdapiDeploy(conn, files);
      expect(again.states).to.have.members(files.map((f) => `${f.type}:${f.fullName}:Unchanged`));
      const edited = await mdapiDeploy(conn, withFields(files, APP, { description: 'Another description' }));
      expect(edited.states).to.include(`${APP}:ren:Changed`).and.include(`${OAUTH}:renOauth:Unchanged`);
    });

    it("reports an identical redeploy Changed under identicalRedeploy 'changed'", async () => {
      await start({ switches: { identicalRedeploy: 'changed' } });
      const files = renPhaseOne();
      await mdapiDeploy(conn, files);
      expect((await mdapiDeploy(conn, files)).states).to.have.members(files.map((f) => `${f.type}:${f.fullName}:Changed`));
    });

    it('reports a rotation as Changed although the sent fields are the same as before', async () => {
      await start();
      await mdapiDeploy(conn, renPhaseOne());
      const rotated = await mdapiDeploy(conn, withFields(renPhaseOne(), GLOBAL, { shouldRotateConsumerSecret: 'true' }), { ignoreWarnings: true });
      expect(rotated.states).to.include(`${GLOBAL}:renGlblOauth:Changed`);
    });
  });

  describe('field lengths', () => {
    it('refuses an API name over 40 characters (documented)', async () => {
      await start();
      const name = `ren${'x'.repeat(38)}`;
      const files = renPhaseOne().map((f) => (f.type === APP ? { ...f, fullName: name } : { ...f, fields: { ...f.fields, externalClientApplication: name } }));
      const result = await mdapiDeploy(conn, files);
      expect(result.problems.join('\n')).to.include(`${name}: The API name must be 40 characters or fewer (it has 41).`);
    });

    it("accepts long label/description/contact by default (no limit documented) and refuses them under textFieldLimits 'setupLimits'", async () => {
      const long = withFields(renPhaseOne(), APP, { label: 'R'.repeat(256), description: 'd'.repeat(257), contactEmail: `${'a'.repeat(80)}@rensystems.com` });
      await start();
      expect((await mdapiDeploy(conn, long)).problems).to.deep.equal([]);
      await org.stop();
      await start({ switches: { textFieldLimits: 'setupLimits' } });
      const refused = await mdapiDeploy(conn, long);
      expect(refused.status).to.equal('Failed');
      expect(refused.problems).to.include.members([
        'label: data value too large: max length = 255 (it has 256 characters)',
        'description: data value too large: max length = 256 (it has 257 characters)',
        'contactEmail: data value too large: max length = 80 (it has 95 characters)',
      ]);
    });
  });
});
