import { homedir } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { AuthInfo, ConfigAggregator, Org, StateAggregator } from '@salesforce/core';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { loginToLoopbackOrg } from '../../src/loopback-org/login.js';
import { deploySource, fixturePath, muteInsecureProtocolWarnings } from './testSupport.js';

describe('loopback org: logging in and sessions', () => {
  let org: LoopbackOrg;
  before(() => muteInsecureProtocolWarnings());
  beforeEach(async () => {
    org = await startLoopbackOrg({ orgId: '00D000000000777AAA'.slice(0, 15) + 'AAA', myDomain: 'acme' });
  });
  afterEach(async () => {
    await org.stop();
    StateAggregator.clearInstance();
    await ConfigAggregator.clearInstance();
  });

  it('leaves a saved auth in the test HOME that Org.create resolves by alias, like sf org login', async () => {
    const username = await loginToLoopbackOrg(org, { alias: 'acme', setDefault: true });
    expect(existsSync(join(homedir(), '.sfdx', `${username}.json`))).to.equal(true);
    expect(org.counts()['oauth:token']).to.equal(1);
    const sfOrg = await Org.create({ aliasOrUsername: 'acme' });
    expect(sfOrg.getOrgId()).to.equal(org.orgId);
    expect(sfOrg.getConnection().instanceUrl).to.equal(org.instanceUrl);
    const defaultOrg = await Org.create({});
    expect(defaultOrg.getUsername()).to.equal(username);
    const identity = await sfOrg.getConnection().identity();
    expect(identity).to.include({ user_id: org.userId, organization_id: org.orgId, username });
    const result = await sfOrg.getConnection().singleRecordQuery<{ Name: string; IsSandbox: boolean }>('SELECT Name, IsSandbox FROM Organization');
    expect(result.IsSandbox).to.equal(false);
  });

  it('refreshes an expired session for REST (401) and for SOAP (INVALID_SESSION_ID), then goes on', async () => {
    await loginToLoopbackOrg(org, { alias: 'acme' });
    const conn = (await Org.create({ aliasOrUsername: 'acme' })).getConnection();
    await conn.query('SELECT Id FROM Profile');
    org.expireSessions();
    org.resetLog();
    const profiles = await conn.query<{ Name: string }>('SELECT Name FROM Profile ORDER BY Name');
    expect(profiles.records.map((r) => r.Name)).to.deep.equal(['Sales', 'Standard User', 'System Administrator']);
    expect(org.requests.map((r) => `${r.kind} ${r.status}`)).to.include.ordered.members(['rest:query 401', 'oauth:token 200']);

    org.expireSessions();
    org.resetLog();
    const result = await deploySource(conn, [fixturePath('ren')]);
    expect(result.response.status).to.equal('Succeeded');
    expect(org.requests.map((r) => `${r.kind} ${r.status}`)).to.include.members(['soap:deploy 500', 'oauth:token 200', 'soap:deploy 200']);
  });

  it('supports an access-token login without a username (what `sf org login access-token` does): userinfo, User, dev-hub probe', async () => {
    const authInfo = await AuthInfo.create({ accessTokenOptions: { accessToken: org.accessToken, instanceUrl: org.instanceUrl, loginUrl: org.loginUrl } });
    expect(authInfo.getUsername()).to.equal(org.username);
    expect(authInfo.getFields().orgId).to.equal(org.orgId);
    expect(org.counts()).to.include({ 'oauth:userinfo': 1, 'data:user': 1 });
    expect(org.requests.some((r) => r.kind === 'rest:query' && r.path.includes('ScratchOrgInfo') && r.status === 400), 'not a Dev Hub').to.equal(true);
  });

  it('refuses a refresh token it did not issue, with the OAuth error body', async () => {
    const res = await fetch(`${org.loginUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'not-a-token', client_id: org.clientId }),
    });
    expect(res.status).to.equal(400);
    expect(await res.json()).to.deep.equal({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
  });
});
