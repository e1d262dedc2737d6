import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg, LoopbackOrgOptions } from '../../src/loopback-org/index.js';
import type { MdapiFile } from '../../src/loopback-org/mdapiDeploy.js';
import { mdapiDeploy, renPhaseOne, renPolicies, withFields } from '../../src/loopback-org/mdapiDeploy.js';
import { connectionFor } from './testSupport.js';

const NS = '{http://soap.sforce.com/2006/04/metadata}';
const APP = 'ExternalClientApplication';
const OAUTH = 'ExtlClntAppOauthSettings';
const GLOBAL = 'ExtlClntAppGlobalOauthSettings';
const OAUTH_POLICY = 'ExtlClntAppOauthConfigurablePolicies';
const APP_POLICY = 'ExtlClntAppConfigurablePolicies';

type RefusalCase = {
  name: string;
  files: () => MdapiFile[];
  version?: string;
  problem: string;
  failed: string;
  options?: LoopbackOrgOptions;
};

/** Each deploy is refused with a component failure carrying this problem, and nothing reaches the org. */
const REFUSALS: RefusalCase[] = [
  {
    name: 'an app API name over the documented 40 characters (Object Reference, ExternalClientApplication.DeveloperName)',
    files: () => [{ ...(renPhaseOne()[0] as MdapiFile), fullName: 'a'.repeat(41) }],
    problem: `${'a'.repeat(41)}: The API name must be 40 characters or fewer (it has 41).`,
    failed: `${APP}:${'a'.repeat(41)}`,
  },
  {
    name: 'a field Salesforce does not define (invented by LLM templates)',
    files: () => withFields(renPhaseOne(), OAUTH, { isAdminApproved: 'true' }),
    problem: `Error parsing file: Element ${NS}isAdminApproved invalid at this location in type ExtlClntAppOauthSettings`,
    failed: `${OAUTH}:renOauth`,
  },
  {
    name: 'a field newer than the package API version (startPage needs 63.0)',
    files: () => [...renPhaseOne(), ...renPolicies()],
    version: '62.0',
    problem: `Element ${NS}startPage invalid at this location in type ExtlClntAppConfigurablePolicies`,
    failed: `${APP_POLICY}:ren_defaultPolicy`,
  },
  {
    name: 'a retired field at a version where it is gone (isNamedUserJwtEnabled on OAuth policies after 63.0)',
    files: () => [...renPhaseOne(), ...withFields(renPolicies(), OAUTH_POLICY, { isNamedUserJwtEnabled: 'false' })],
    version: '64.0',
    problem: `Element ${NS}isNamedUserJwtEnabled invalid at this location in type ExtlClntAppOauthConfigurablePolicies`,
    failed: `${OAUTH_POLICY}:renOauth_defaultPolicy`,
  },
  {
    name: 'an enum value that does not exist (AdminApproved)',
    files: () => [...renPhaseOne(), ...withFields(renPolicies(), OAUTH_POLICY, { permittedUsersPolicyType: 'AdminApproved' })],
    problem: "'AdminApproved' is not a valid value for the enum 'PermittedUsersPolicyType'",
    failed: `${OAUTH_POLICY}:renOauth_defaultPolicy`,
  },
  {
    name: 'a documented string value that does not exist (ipRelaxationPolicyType)',
    files: () => [...renPhaseOne(), ...withFields(renPolicies(), OAUTH_POLICY, { ipRelaxationPolicyType: 'Relaxed' })],
    problem: "ipRelaxationPolicyType: 'Relaxed' is not a valid value",
    failed: `${OAUTH_POLICY}:renOauth_defaultPolicy`,
  },
  {
    name: 'a boolean that is not true/false',
    files: () => withFields(renPhaseOne(), GLOBAL, { isPkceRequired: 'yes' }),
    problem: "'yes' is not a valid value for the type boolean",
    failed: `${GLOBAL}:renGlblOauth`,
  },
  {
    name: 'a number that is not a number',
    files: () => [...renPhaseOne(), ...withFields(renPolicies(), OAUTH_POLICY, { refreshTokenValidityPeriod: 'forever' })],
    problem: "'forever' is not a valid value for the type int",
    failed: `${OAUTH_POLICY}:renOauth_defaultPolicy`,
  },
  {
    name: 'a missing required field (externalClientApplication)',
    files: () => withFields(renPhaseOne(), OAUTH, { externalClientApplication: undefined }),
    problem: 'Required field is missing: externalClientApplication',
    failed: `${OAUTH}:renOauth`,
  },
  {
    name: 'an app without contactEmail (required per the Help article)',
    files: () => withFields(renPhaseOne(), APP, { contactEmail: undefined }),
    problem: 'Required field is missing: contactEmail',
    failed: `${APP}:ren`,
  },
  {
    name: 'a file whose root element is another type',
    files: () => renPhaseOne().map((f) => (f.type === GLOBAL ? { ...f, root: 'ExtlClntAppGlobalOauthSetting' } : f)),
    problem: `Element ${NS}ExtlClntAppGlobalOauthSetting invalid at this location; expected ExtlClntAppGlobalOauthSettings`,
    failed: `${GLOBAL}:renGlblOauth`,
  },
  {
    name: 'XML that is not well-formed',
    files: () => renPhaseOne().map((f) => (f.type === APP ? { ...f, text: '<ExternalClientApplication xmlns="http://soap.sforce.com/2006/04/metadata"><label>Ren</label>' } : f)),
    problem: 'Error parsing file:',
    failed: `${APP}:ren`,
  },
  {
    name: 'a satellite naming an app that does not exist',
    files: () => withFields(renPhaseOne(), OAUTH, { externalClientApplication: 'renn' }),
    problem: 'In field: externalClientApplication - no ExternalClientApplication named renn found',
    failed: `${OAUTH}:renOauth`,
  },
  {
    name: 'an API name with two consecutive underscores',
    files: () => renPhaseOne().map((f) => (f.type === APP ? { ...f, fullName: 'ren__app' } : { ...f, fields: { ...f.fields, externalClientApplication: 'ren__app' } })),
    problem: 'ren__app: The API name can only contain underscores and alphanumeric characters.',
    failed: `${APP}:ren__app`,
  },
  {
    name: 'a plain-http callback URL (HTTPS or a custom scheme only)',
    files: () => withFields(renPhaseOne(), GLOBAL, { callbackUrl: 'https://app.rensystems.com/cb\nhttp://app.rensystems.com/cb' }),
    problem: 'Callback URL: http://app.rensystems.com/cb must use HTTPS or a custom scheme.',
    failed: `${GLOBAL}:renGlblOauth`,
  },
  {
    name: 'OAuth wire scope names instead of metadata scope tokens',
    files: () => withFields(renPhaseOne(), OAUTH, { commaSeparatedOauthScopes: 'Basic, api, refresh_token' }),
    problem: 'Invalid OAuth scope: api.',
    failed: `${OAUTH}:renOauth`,
  },
  {
    name: 'a profile that does not exist in the org',
    files: () => [...renPhaseOne(), ...withFields(renPolicies(), OAUTH_POLICY, { commaSeparatedProfile: 'Sales, Sales Ops' })],
    problem: 'In field: commaSeparatedProfile - no Profile named Sales Ops found',
    failed: `${OAUTH_POLICY}:renOauth_defaultPolicy`,
  },
  {
    name: 'a permission set that does not exist in the org',
    files: () => [...renPhaseOne(), ...withFields(renPolicies(), OAUTH_POLICY, { commaSeparatedPermissionSet: 'Ren_Admins' })],
    problem: 'In field: commaSeparatedPermissionSet - no PermissionSet named Ren_Admins found',
    failed: `${OAUTH_POLICY}:renOauth_defaultPolicy`,
  },
  {
    name: "an orgScopedExternalApp from another org",
    files: () => withFields(renPhaseOne(), APP, { orgScopedExternalApp: '00DQy00000ELR0T:ren' }),
    problem: "orgScopedExternalApp 00DQy00000ELR0T:ren doesn't belong to this org",
    failed: `${APP}:ren`,
  },
  {
    name: 'an oauthLink on a first deploy (it is generated)',
    files: () => withFields(renPhaseOne(), OAUTH, { oauthLink: '00DQy00000ELR0T:888Qy00000071Af' }),
    problem: "The oauthLink 00DQy00000ELR0T:888Qy00000071Af doesn't match an OAuth consumer of ren in this org",
    failed: `${OAUTH}:renOauth`,
  },
  {
    name: 'a pre-seeded consumer key that another org already uses',
    files: () => withFields(renPhaseOne(), GLOBAL, { consumerKey: '3MVG9k02hQhyUgQCBCKu9tzSJWMCttRfJhC2sDYizcMAGpQ1Ejg.DEl08HpyebjkBa0DiMI96wi.eRrRBTIkh' }),
    options: { consumerKeysInUseElsewhere: ['3MVG9k02hQhyUgQCBCKu9tzSJWMCttRfJhC2sDYizcMAGpQ1Ejg.DEl08HpyebjkBa0DiMI96wi.eRrRBTIkh'] },
    problem: 'This consumer key is already in use',
    failed: `${GLOBAL}:renGlblOauth`,
  },
  {
    name: 'Global OAuth settings for an app without OAuth settings',
    files: () => renPhaseOne().filter((f) => f.type !== OAUTH),
    problem: "The external client app configured in your global OAuth Settings doesn't have a valid OAuth settings configuration",
    failed: `${GLOBAL}:renGlblOauth`,
  },
  {
    name: 'policies for an app that is neither in the org nor in the deploy',
    files: () => renPolicies(),
    problem: 'no ExternalClientApplication named ren found. To update a policies file, you must first deploy the external client app.',
    failed: `${OAUTH_POLICY}:renOauth_defaultPolicy`,
  },
  {
    name: "policies in the same deploy as their app when the org refuses that (switch policiesWithAppInSameDeploy: 'refuse')",
    files: () => [...renPhaseOne(), ...renPolicies()],
    options: { switches: { policiesWithAppInSameDeploy: 'refuse' } },
    problem: 'To update a policies file, you must first deploy the external client app.',
    failed: `${APP_POLICY}:ren_defaultPolicy`,
  },
  {
    name: "isCodeCredFlowEnabled while the org's Authorization Code and Credentials Flow is off (switch codeCredFlowWithoutOrgSwitch: 'refuse')",
    files: () => withFields(renPhaseOne(), GLOBAL, { isCodeCredFlowEnabled: 'true' }),
    problem: 'The Authorization Code and Credentials Flow is not enabled for this org',
    failed: `${GLOBAL}:renGlblOauth`,
  },
  {
    name: 'a deploy by a user without the External Client App Developer permission',
    files: () => renPhaseOne(),
    options: { userPermissions: { ExternalClientAppDeveloper: false } },
    problem: 'requires the ExternalClientAppDeveloper user permission',
    failed: `${APP}:ren`,
  },
  {
    name: 'a rotation flag without ignoreWarnings',
    files: () => withFields(renPhaseOne(), GLOBAL, { shouldRotateConsumerSecret: 'true' }),
    problem: 'shouldRotateConsumerSecret replaces the consumer secret on deploy; deploy with ignoreWarnings to confirm.',
    failed: `${GLOBAL}:renGlblOauth`,
  },
];

describe('loopback org: deploy validation refuses what Salesforce refuses, and rolls back', () => {
  let org: LoopbackOrg;
  let conn: Connection;
  const start = async (options: LoopbackOrgOptions = {}): Promise<void> => {
    org = await startLoopbackOrg(options);
    conn = await connectionFor(org);
  };
  afterEach(() => org.stop());

  for (const c of REFUSALS) {
    it(`refuses ${c.name}`, async () => {
      await start(c.options);
      const result = await mdapiDeploy(conn, c.files(), c.version === undefined ? {} : { version: c.version });
      expect(result.status).to.equal('Failed');
      expect(result.failed).to.include(c.failed);
      expect(result.problems.some((p) => p.includes(c.problem)), `problems: ${result.problems.join(' | ')}`).to.equal(true);
      expect(org.components(), 'nothing is applied').to.deep.equal([]);
    });
  }

  it('accepts the whole Ren set in one deploy by default (policies with their app), and the same files at 63.0', async () => {
    await start();
    const result = await mdapiDeploy(conn, [...renPhaseOne(), ...renPolicies()], { version: '63.0' });
    expect(result.problems).to.deep.equal([]);
    expect(result.status).to.equal('Succeeded');
    const policy = org.components().find((c) => c.type === OAUTH_POLICY);
    expect(policy?.fields).to.include({ commaSeparatedProfile: 'Sales', permittedUsersPolicyType: 'AdminApprovedPreAuthorized', refreshTokenPolicyType: 'Infinite' });
    expect(org.components().filter((c) => c.type === OAUTH_POLICY)).to.have.length(1);
  });

  it('accepts a retired field at a version where it existed (isNamedUserJwtEnabled at 62.0)', async () => {
    await start();
    const policies = withFields(renPolicies(), OAUTH_POLICY, { isNamedUserJwtEnabled: 'false' }).filter((f) => f.type === OAUTH_POLICY);
    const result = await mdapiDeploy(conn, [...renPhaseOne(), ...policies], { version: '62.0' });
    expect(result.problems).to.deep.equal([]);
  });

  it("stores isCodeCredFlowEnabled=false silently when the switch says the org stores false ('store-false')", async () => {
    await start({ switches: { codeCredFlowWithoutOrgSwitch: 'store-false' } });
    const result = await mdapiDeploy(conn, withFields(renPhaseOne(), GLOBAL, { isCodeCredFlowEnabled: 'true' }));
    expect(result.status).to.equal('Succeeded');
    expect(org.components().find((c) => c.type === GLOBAL)?.fields.isCodeCredFlowEnabled).to.equal('false');
  });

  it('accepts isCodeCredFlowEnabled when the same deploy turns the org switch on', async () => {
    await start();
    const settings: MdapiFile = { type: 'Settings', fullName: 'OauthOidc', fields: { oAuthCdCrdtFlowEnable: 'true' } };
    const result = await mdapiDeploy(conn, [settings, ...withFields(renPhaseOne(), GLOBAL, { isCodeCredFlowEnabled: 'true' })]);
    expect(result.status).to.equal('Succeeded');
    expect(org.settings().oAuthCdCrdtFlowEnable).to.equal(true);
    expect(org.components().find((c) => c.type === GLOBAL)?.fields.isCodeCredFlowEnabled).to.equal('true');
  });

  it('validates a checkOnly deploy without changing anything, settings included', async () => {
    await start();
    const settings: MdapiFile = { type: 'Settings', fullName: 'ExternalClientApp', fields: { enableClientSecretInRestApiAccess: 'true' } };
    const result = await mdapiDeploy(conn, [settings, ...renPhaseOne()], { checkOnly: true });
    expect(result.status).to.equal('Succeeded');
    expect(result.succeeded).to.include.members([`${APP}:ren`, 'Settings:ExternalClientApp']);
    expect(org.components()).to.deep.equal([]);
    expect(org.settings().enableClientSecretInRestApiAccess).to.equal(false);
  });

  it('applies the good components and reports SucceededPartial when rollbackOnError is off', async () => {
    await start();
    const result = await mdapiDeploy(conn, withFields(renPhaseOne(), GLOBAL, { isPkceRequired: 'yes' }), { rollbackOnError: false });
    expect(result.status).to.equal('SucceededPartial');
    expect(org.components().map((c) => c.type)).to.include(APP).and.not.include(GLOBAL);
  });

  it('refuses a consumer key that differs from the one the app already has, and keeps the issued one', async () => {
    await start();
    await mdapiDeploy(conn, renPhaseOne());
    const issued = org.issuedKeyForTest('ren');
    const result = await mdapiDeploy(conn, withFields(renPhaseOne(), GLOBAL, { consumerKey: `3MVG9${'x'.repeat(80)}` }));
    expect(result.status).to.equal('Failed');
    expect(result.problems.join('\n')).to.include("The consumer key of ren can't be changed");
    expect(org.issuedKeyForTest('ren')).to.equal(issued);
  });

  it('accepts a pre-seeded consumer key nobody uses, and redeploying the issued oauthLink/orgScopedExternalApp/consumerKey changes nothing', async () => {
    await start();
    const key = `3MVG9${'k'.repeat(80)}`;
    expect((await mdapiDeploy(conn, withFields(renPhaseOne(), GLOBAL, { consumerKey: key }))).status).to.equal('Succeeded');
    expect(org.issuedKeyForTest('ren')).to.equal(key);
    const oauthLink = org.components().find((c) => c.type === OAUTH)?.fields.oauthLink;
    if (typeof oauthLink !== 'string') throw new Error('oauthLink was not generated');
    const again = withFields(withFields(withFields(renPhaseOne(), GLOBAL, { consumerKey: key }), OAUTH, { oauthLink }), APP, { orgScopedExternalApp: `${org.orgId.slice(0, 15)}:ren` });
    const result = await mdapiDeploy(conn, again);
    expect(result.problems).to.deep.equal([]);
    expect(result.status).to.equal('Succeeded');
  });

  it('rotates the consumer secret with shouldRotateConsumerSecret and ignoreWarnings', async () => {
    await start();
    await mdapiDeploy(conn, renPhaseOne());
    const before = org.issuedSecretForTest('ren');
    const result = await mdapiDeploy(conn, withFields(renPhaseOne(), GLOBAL, { shouldRotateConsumerSecret: 'true' }), { ignoreWarnings: true });
    expect(result.status).to.equal('Succeeded');
    expect(org.issuedSecretForTest('ren') !== before, 'secret rotated').to.equal(true);
    expect(org.components().find((c) => c.type === GLOBAL)?.fields.shouldRotateConsumerSecret).to.equal('false');
  });

  it('refuses a second, differently named OAuth policy for the same app', async () => {
    await start();
    await mdapiDeploy(conn, renPhaseOne());
    const renamed = renPolicies().filter((f) => f.type === OAUTH_POLICY).map((f) => ({ ...f, fullName: 'renOauthPolicy' }));
    const result = await mdapiDeploy(conn, renamed);
    expect(result.problems.join('\n')).to.include('The external client app ren can have only one ExtlClntAppOauthConfigurablePolicies component: it already has renOauth_defaultPolicy.');
  });

  it('refuses package.xml problems: a version above the org maximum, an unknown type, a member without a file', async () => {
    await start();
    const tooNew = await mdapiDeploy(conn, renPhaseOne(), { version: '67.0' });
    expect(tooNew.problems.join('\n')).to.include('Invalid API version 67.0 in package.xml');
    const unknown = await mdapiDeploy(conn, renPhaseOne(), { extraManifestTypes: [{ name: 'ExtlClntAppPolicies', members: ['ren'] }] });
    expect(unknown.problems).to.include("Unknown type name 'ExtlClntAppPolicies' specified in package.xml");
    const missing = await mdapiDeploy(conn, renPhaseOne(), { extraManifestTypes: [{ name: APP_POLICY, members: ['ren_defaultPolicy'] }] });
    expect(missing.problems).to.include("An object 'ren_defaultPolicy' of type ExtlClntAppConfigurablePolicies was named in package.xml, but was not found in zipped directory");
    expect(org.components()).to.deep.equal([]);
  });

  it('accepts callback URLs with a custom scheme, one per line', async () => {
    await start();
    const result = await mdapiDeploy(conn, withFields(renPhaseOne(), GLOBAL, { callbackUrl: 'https://app.rensystems.com/cb\nren://oauth/callback' }));
    expect(result.problems).to.deep.equal([]);
  });

  it('refuses API versions above its maximum on the wire: SOAP UNSUPPORTED_API_VERSION fault, REST 404', async () => {
    await start({ maxApiVersion: '64.0' });
    const versions = await conn.request<{ version: string }[]>('/services/data');
    expect(versions.at(-1)?.version).to.equal('64.0');
    conn.setApiVersion('65.0');
    const soap = await Promise.resolve(conn.metadata.deploy(Buffer.from('zip'), {})).then(() => undefined, (e: Error) => e);
    expect(soap?.name).to.equal('sf:UNSUPPORTED_API_VERSION');
    const rest = await conn.query('SELECT Id FROM Organization').then(() => undefined, (e: Error & { errorCode?: string }) => e);
    expect(rest?.errorCode).to.equal('NOT_FOUND');
  });

  it('refuses every Metadata API call to a user with neither Customize Application nor Modify All Data', async () => {
    await start({ userPermissions: { CustomizeApplication: false, ModifyAllData: false } });
    const error = await mdapiDeploy(conn, renPhaseOne()).then(() => undefined, (e: Error) => e);
    expect(error?.name).to.equal('sf:INSUFFICIENT_ACCESS');
  });
});
