import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { ComponentStatus } from '@salesforce/source-deploy-retrieve';
import type { RetrieveResult } from '@salesforce/source-deploy-retrieve';
import { parseComponentXml } from '../../src/loopback-org/metadata/componentXml.js';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { connectionFor, deploySource, fixturePath, retrieveComponents } from './testSupport.js';

const RENS = [
  { type: 'ExternalClientApplication', fullName: 'ren' },
  { type: 'ExtlClntAppOauthSettings', fullName: 'renOauth' },
  { type: 'ExtlClntAppGlobalOauthSettings', fullName: 'renGlblOauth' },
  { type: 'ExtlClntAppOauthConfigurablePolicies', fullName: 'renOauth_defaultPolicy' },
  { type: 'ExtlClntAppConfigurablePolicies', fullName: 'ren_defaultPolicy' },
];

/** Retrieved file text per `${type}:${fullName}`. */
const retrievedTexts = (result: RetrieveResult): Map<string, string> =>
  new Map(result.getFileResponses().flatMap((r) => (r.filePath === undefined || r.state === ComponentStatus.Failed ? [] : [[`${r.type}:${r.fullName}`, readFileSync(r.filePath, 'utf8')] as const])));

const elementNames = (text: string): string[] => [...text.matchAll(/^ {4}<(\w+)>/gm)].map((m) => m[1] ?? '');

describe('loopback org: retrieve returns what the org holds, shaped like real retrieved files', () => {
  let org: LoopbackOrg;
  let conn: Connection;
  const out = (): string => mkdtempSync(join(tmpdir(), 'loopback-retrieve-'));
  beforeEach(async () => {
    org = await startLoopbackOrg();
    conn = await connectionFor(org);
    await deploySource(conn, [fixturePath('ren'), fixturePath('ren-policies')]);
  });
  afterEach(() => org.stop());

  it('retrieves all five components with the real SDR: generated fields in, defaults explicit, alphabetical, never the secret', async () => {
    const result = await retrieveComponents(conn, RENS, out());
    expect(result.response.success).to.equal(true);
    const texts = retrievedTexts(result);
    expect([...texts.keys()].sort()).to.deep.equal(RENS.map((r) => `${r.type}:${r.fullName}`).sort());
    for (const [name, text] of texts) {
      expect(elementNames(text), `${name} elements alphabetical`).to.deep.equal([...elementNames(text)].sort());
      expect(text.includes(org.issuedSecretForTest('ren') ?? 'no secret issued'), `${name} has no secret`).to.equal(false);
      expect(text).to.not.include('consumerSecret');
    }
    const global = parseComponentXml(texts.get('ExtlClntAppGlobalOauthSettings:renGlblOauth') ?? '');
    expect(global.ok && global.fields.consumerKey).to.equal(org.issuedKeyForTest('ren'));
    expect(global.ok && global.fields).to.include({ isCodeCredFlowEnabled: 'false', isDeviceFlowEnabled: 'false', shouldRotateConsumerSecret: 'false' });
    const app = parseComponentXml(texts.get('ExternalClientApplication:ren') ?? '');
    expect(app.ok && app.fields.orgScopedExternalApp).to.equal(`${org.orgId.slice(0, 15)}:ren`);
    const oauth = parseComponentXml(texts.get('ExtlClntAppOauthSettings:renOauth') ?? '');
    expect(oauth.ok && oauth.fields).to.include({ isFirstPartyAppEnabled: 'false', commaSeparatedOauthScopes: 'Basic, Api, RefreshToken' });
    expect(oauth.ok && oauth.fields.oauthLink, 'real form: <orgId15>:<consumer id 15>').to.match(/^00D\w{12}:888\w{12}$/);
    const policy = parseComponentXml(texts.get('ExtlClntAppOauthConfigurablePolicies:renOauth_defaultPolicy') ?? '');
    expect(policy.ok && policy.fields).to.include({ commaSeparatedProfile: 'Sales', refreshTokenPolicyType: 'Infinite', isGuestCodeCredFlowEnabled: 'false' });
  });

  it('reports components the org does not have as failed file responses', async () => {
    const result = await retrieveComponents(conn, [{ type: 'ExternalClientApplication', fullName: 'notRen' }], out());
    const failed = result.getFileResponses().filter((r) => r.state === ComponentStatus.Failed);
    expect(failed.map((r) => `${r.type}:${r.fullName}`)).to.deep.equal(['ExternalClientApplication:notRen']);
    expect(result.response.messages).to.deep.include({ fileName: 'unpackaged/package.xml', problem: "Entity of type 'ExternalClientApplication' named 'notRen' cannot be found" });
  });

  it('retrieves Settings with the live switch values', async () => {
    await deploySource(conn, [fixturePath('settings-on')]);
    const result = await retrieveComponents(conn, [{ type: 'Settings', fullName: 'ExternalClientApp' }], out());
    const text = [...retrievedTexts(result).values()][0] ?? '';
    expect(text).to.include('<ExternalClientAppSettings xmlns="http://soap.sforce.com/2006/04/metadata">');
    expect(text).to.include('<enableClientSecretInRestApiAccess>true</enableClientSecretInRestApiAccess>');
  });

  it('answers listMetadata and readMetadata (jsforce) with the same names and fields', async () => {
    const listed = await conn.metadata.list([{ type: 'ExtlClntAppOauthConfigurablePolicies' }, { type: 'ExternalClientApplication' }]);
    expect(listed.map((p) => `${p.type}:${p.fullName}:${p.fileName}`).sort()).to.deep.equal([
      'ExternalClientApplication:ren:externalClientApps/ren.eca',
      'ExtlClntAppOauthConfigurablePolicies:renOauth_defaultPolicy:extlClntAppOauthPolicies/renOauth_defaultPolicy.ecaOauthPlcy',
    ]);
    expect(listed.find((p) => p.type === 'ExternalClientApplication')?.id).to.match(/^0xI/);
    const read = (await conn.metadata.read('ExtlClntAppGlobalOauthSettings' as 'CustomObject', ['renGlblOauth'])) as unknown as Record<string, unknown>[];
    expect(read[0]).to.include({ fullName: 'renGlblOauth', consumerKey: org.issuedKeyForTest('ren'), isPkceRequired: 'true' });
    expect(read[0]).to.not.have.property('consumerSecret');
  });

  it('reads org settings by their own type outside the manifest (readMetadata ExternalClientAppSettings)', async () => {
    const read = async (type: string, name: string) => (await conn.metadata.read(type as 'CustomObject', [name])) as unknown as Record<string, unknown>[];
    expect((await read('ExternalClientAppSettings', 'ExternalClientApp'))[0]).to.include({ fullName: 'ExternalClientApp', enableClientSecretInRestApiAccess: 'false' });
    await deploySource(conn, [fixturePath('settings-on')]);
    expect((await read('ExternalClientAppSettings', 'ExternalClientApp'))[0]).to.include({ enableClientSecretInRestApiAccess: 'true' });
    expect((await read('OauthOidcSettings', 'OauthOidc'))[0]).to.include({ fullName: 'OauthOidc', oAuthCdCrdtFlowEnable: 'true' });
    expect((await read('OauthOidcSettings', 'ExternalClientApp'))[0]?.fullName, 'a member of another settings type is not found').to.equal(undefined);
  });

  it('updateMetadata of ExternalClientAppSettings: applied at once by default; refused (SaveResult) or faulted under the switch, org unchanged', async () => {
    type Saved = { success: string | boolean; errors?: { statusCode?: string }[] };
    const flip = async (c: Connection, on: boolean, fields: Record<string, unknown> = { enableClientSecretInRestApiAccess: on }): Promise<Saved | undefined> => {
      const metadata = c.metadata as unknown as { update(t: string, m: Record<string, unknown>[]): Promise<Saved | Saved[]> };
      return [await metadata.update('ExternalClientAppSettings', [{ fullName: 'ExternalClientApp', ...fields }])].flat()[0];
    };
    expect(String((await flip(conn, true))?.success)).to.equal('true');
    expect(org.settings().enableClientSecretInRestApiAccess).to.equal(true);
    const unknownField = await flip(conn, false, { noSuchField: true }).then(() => undefined, (e: Error) => e);
    expect(unknownField?.message).to.include('noSuchField');

    const refusing = await startLoopbackOrg({ switches: { settingsUpdateMetadata: 'refuse' } });
    const faulting = await startLoopbackOrg({ switches: { settingsUpdateMetadata: 'fault' } });
    try {
      const refused = await flip(await connectionFor(refusing), true);
      expect(String(refused?.success)).to.equal('false');
      expect(refused?.errors?.[0]?.statusCode, JSON.stringify(refused)).to.equal('INVALID_TYPE');
      expect(refusing.settings().enableClientSecretInRestApiAccess, 'unchanged').to.equal(false);
      const fault = await flip(await connectionFor(faulting), true).then(() => undefined, (e: Error & { errorCode?: string }) => e);
      expect(`${fault?.name ?? ''} ${fault?.errorCode ?? ''} ${fault?.message ?? ''}`).to.include('INVALID_TYPE');
      expect(faulting.settings().enableClientSecretInRestApiAccess, 'unchanged').to.equal(false);
    } finally {
      await Promise.all([refusing.stop(), faulting.stop()]);
    }
  });

  it('drops fields unknown at the requested API version (retrieve at 62.0 has no startPage)', async () => {
    const cs = (await import('@salesforce/source-deploy-retrieve')).ComponentSet;
    const set = new cs([{ type: 'ExtlClntAppConfigurablePolicies', fullName: 'ren_defaultPolicy' }]);
    set.sourceApiVersion = '62.0';
    const retrieve = await set.retrieve({ usernameOrConnection: conn, output: out(), merge: false });
    const result = await retrieve.pollStatus(10, 15);
    const text = [...retrievedTexts(result).values()][0] ?? '';
    expect(text).to.include('<isEnabled>true</isEnabled>');
    expect(text).to.not.include('startPage');
  });
});
