/**
 * Things that happen to a real org behind a tool's back: a revoked OAuth grant, a deleted profile.
 */
import { expect } from 'chai';
import { AuthInfo, Connection } from '@salesforce/core';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import { loginToLoopbackOrg } from '../../src/loopback-org/login.js';
import { routeLibraryWarnings } from '../../src/salesforce/libraryWarnings.js';

describe('loopback org: admin actions', function () {
  this.timeout(20_000);
  before(() => routeLibraryWarnings(() => undefined)); // core's insecure-protocol notice for http://127.0.0.1

  it('revokeRefreshToken: the token endpoint answers invalid_grant for the saved refresh token, and sessions end', async () => {
    const org = await startLoopbackOrg({ orgId: '00D000000ADMIN1AAA' });
    try {
      const oldRefresh = org.refreshToken;
      const oldAccess = org.accessToken;
      org.revokeRefreshToken();
      expect(org.refreshToken).to.not.equal(oldRefresh);
      const token = await fetch(`${org.loginUrl}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: oldRefresh, client_id: org.clientId }),
      });
      expect(token.status).to.equal(400);
      expect(((await token.json()) as { error: string }).error).to.equal('invalid_grant');
      const data = await fetch(`${org.instanceUrl}/services/data/v64.0/query?q=${encodeURIComponent('SELECT Id FROM Organization')}`, { headers: { authorization: `Bearer ${oldAccess}` } });
      expect(data.status).to.equal(401);
    } finally {
      await org.stop();
    }
  });

  it('deleteProfile: the profile is gone from SOQL, once', async () => {
    const org = await startLoopbackOrg({ orgId: '00D000000ADMIN2AAA' });
    try {
      const username = await loginToLoopbackOrg(org, { alias: 'admin-actions' });
      const conn = await Connection.create({ authInfo: await AuthInfo.create({ username }) });
      const names = async (): Promise<string[]> => (await conn.query<{ Name: string }>("SELECT Name FROM Profile WHERE Name IN ('Sales', 'Standard User')")).records.map((r) => r.Name);
      expect(await names()).to.have.members(['Sales', 'Standard User']);
      expect(org.deleteProfile('Sales')).to.equal(true);
      expect(org.deleteProfile('Sales')).to.equal(false);
      expect(await names()).to.deep.equal(['Standard User']);
    } finally {
      await org.stop();
    }
  });
});
