/**
 * Destructive deploys (destructiveChanges.xml): removing an app removes its parts and its OAuth consumer and
 * revokes the consumer's tokens; single parts go the way the org keeps them (see destructiveChanges.ts).
 */
import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { writeManifest } from '../../src/loopback-org/metadata/packageZip.js';
import { mdapiDeploy, renPhaseOne, renPolicies } from '../../src/loopback-org/mdapiDeploy.js';
import { connectionFor } from './testSupport.js';

const destructive = (types: { name: string; members: string[] }[], file = 'destructiveChanges.xml'): Record<string, string> => ({
  [file]: writeManifest({ types, version: undefined }),
});

describe('loopback org: destructive deploys', () => {
  let org: LoopbackOrg;
  let conn: Connection;
  let appId: string;
  let consumerId: string;
  beforeEach(async () => {
    org = await startLoopbackOrg({ orgSettings: { enableClientSecretInRestApiAccess: true } });
    conn = await connectionFor(org);
    await mdapiDeploy(conn, [...renPhaseOne(), ...renPolicies()]);
    appId = org.components().find((c) => c.type === 'ExternalClientApplication')?.id ?? '';
    const listed = await conn.request<{ consumers: { id: string }[] }>(`/apps/oauth/credentials/${appId}`);
    consumerId = listed.consumers[0]?.id ?? '';
    expect(consumerId).to.match(/^888/);
  });
  afterEach(() => org.stop());

  const deleting = (types: { name: string; members: string[] }[], options: { checkOnly?: boolean; ignoreWarnings?: boolean; file?: string } = {}) =>
    mdapiDeploy(conn, [], { extraZipFiles: destructive(types, options.file), ...(options.checkOnly === undefined ? {} : { checkOnly: options.checkOnly }), ...(options.ignoreWarnings === undefined ? {} : { ignoreWarnings: options.ignoreWarnings }) });

  it('removes the app with all five parts and its consumer; the credentials API no longer knows it; its tokens are revoked', async () => {
    const result = await deleting([{ name: 'ExternalClientApplication', members: ['ren'] }]);
    expect(result.problems).to.deep.equal([]);
    expect(result.status).to.equal('Succeeded');
    expect(result.states).to.deep.equal(['ExternalClientApplication:ren:Deleted']);
    expect(org.components()).to.deep.equal([]);
    expect(org.issuedKeyForTest('ren')).to.equal(undefined);
    expect(org.isConsumerLive(consumerId)).to.equal(false);
    const error = await conn.request(`/apps/oauth/credentials/${appId}/${consumerId}?part=key`).then(() => undefined, (e: Error & { errorCode?: string }) => e);
    expect(error?.errorCode).to.equal('NOT_FOUND');
    expect((await conn.query("SELECT Id FROM ExternalClientApplication WHERE DeveloperName = 'ren'")).totalSize).to.equal(0);
  });

  it('lets the app be deployed again afterwards, with a new consumer', async () => {
    await deleting([{ name: 'ExternalClientApplication', members: ['ren'] }], { file: 'destructiveChangesPost.xml' });
    const again = await mdapiDeploy(conn, renPhaseOne());
    expect(again.problems).to.deep.equal([]);
    expect(again.states).to.include('ExternalClientApplication:ren:Created');
    const listed = await conn.request<{ consumers: { id: string }[] }>(`/apps/oauth/credentials/${org.components().find((c) => c.type === 'ExternalClientApplication')?.id ?? ''}`);
    expect(listed.consumers[0]?.id).to.match(/^888/).and.not.equal(consumerId);
  });

  it('removes the OAuth plugin with the OAuth settings: Global settings, OAuth policies and consumer go, the app and its plugin policy stay', async () => {
    const result = await deleting([{ name: 'ExtlClntAppOauthSettings', members: ['renOauth'] }]);
    expect(result.problems).to.deep.equal([]);
    expect(org.components().map((c) => `${c.type}:${c.fullName}`).sort()).to.deep.equal(['ExternalClientApplication:ren', 'ExtlClntAppConfigurablePolicies:ren_defaultPolicy']);
    expect(org.isConsumerLive(consumerId)).to.equal(false);
  });

  it("refuses to delete the Global settings or a policy on its own, and changes nothing", async () => {
    const before = org.components();
    const result = await deleting([{ name: 'ExtlClntAppGlobalOauthSettings', members: ['renGlblOauth'] }, { name: 'ExtlClntAppConfigurablePolicies', members: ['ren_defaultPolicy'] }]);
    expect(result.status).to.equal('Failed');
    expect(result.problems.join('\n')).to.include("ExtlClntAppGlobalOauthSettings renGlblOauth can't be deleted on its own").and.include("ExtlClntAppConfigurablePolicies ren_defaultPolicy can't be deleted on its own");
    expect(org.components()).to.deep.equal(before);
    expect(org.isConsumerLive(consumerId)).to.equal(true);
  });

  it('accepts parts deleted together with their app', async () => {
    const result = await deleting([{ name: 'ExternalClientApplication', members: ['ren'] }, { name: 'ExtlClntAppGlobalOauthSettings', members: ['renGlblOauth'] }]);
    expect(result.problems).to.deep.equal([]);
    expect(result.states).to.have.members(['ExternalClientApplication:ren:Deleted', 'ExtlClntAppGlobalOauthSettings:renGlblOauth:Deleted']);
  });

  it('fails on a member the org lacks (a Warning) unless ignoreWarnings is set', async () => {
    const strict = await deleting([{ name: 'ExternalClientApplication', members: ['notRen'] }]);
    expect(strict.status).to.equal('Failed');
    expect(strict.problems).to.deep.equal(['No ExternalClientApplication named: notRen found']);
    const lenient = await deleting([{ name: 'ExternalClientApplication', members: ['notRen'] }], { ignoreWarnings: true });
    expect(lenient.status).to.equal('Succeeded');
    expect(org.components()).to.have.length(5);
  });

  it('reports a checkOnly deletion as Deleted and leaves the app, consumer and all in place', async () => {
    const result = await deleting([{ name: 'ExternalClientApplication', members: ['ren'] }], { checkOnly: true });
    expect(result.states).to.deep.equal(['ExternalClientApplication:ren:Deleted']);
    expect(org.components()).to.have.length(5);
    expect(org.isConsumerLive(consumerId)).to.equal(true);
  });

  it('refuses an unknown type in destructiveChanges.xml', async () => {
    const result = await deleting([{ name: 'ExtlClntAppPolicies', members: ['ren'] }]);
    expect(result.problems).to.deep.equal(["Unknown type name 'ExtlClntAppPolicies' specified in destructiveChanges.xml"]);
  });
});
