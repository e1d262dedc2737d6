/**
 * What the real `sf` CLI sends: `sf org login access-token` stores the instance URL with a trailing slash, so
 * later calls go to `//services/...` (real orgs answer them); `sf data query` first asks `query?q=…&columns=true`.
 */
import { expect } from 'chai';
import { AuthInfo, Connection, Org } from '@salesforce/core';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { deploySource, fixturePath, muteInsecureProtocolWarnings } from './testSupport.js';

describe('loopback org: the wire the sf CLI speaks', () => {
  let org: LoopbackOrg;
  before(() => muteInsecureProtocolWarnings());
  let serial = 0;
  beforeEach(async () => {
    serial += 1;
    // a user per test: access-token logins are saved in the test HOME, and core refuses to overwrite a saved auth
    org = await startLoopbackOrg({ username: `wire${serial}@loopback.example` });
  });
  afterEach(() => org.stop());

  it('answers //services/... as /services/...', async () => {
    const res = await fetch(`${org.instanceUrl}//services/data`);
    expect(res.status).to.equal(200);
    expect(((await res.json()) as { version: string }[]).at(-1)?.version).to.equal('66.0');
    expect(org.requests.at(-1)).to.include({ kind: 'data:versions', path: '/services/data' });
  });

  it('works through @salesforce/core with the login stored as `sf org login access-token` stores it (trailing slash)', async () => {
    const instanceUrl = `${org.instanceUrl}/`;
    const authInfo = await AuthInfo.create({ accessTokenOptions: { accessToken: org.accessToken, instanceUrl, loginUrl: instanceUrl } });
    expect(authInfo.getFields().instanceUrl).to.equal(instanceUrl);
    const conn = await Connection.create({ authInfo });
    const sfOrg = await Org.create({ connection: conn });
    expect(sfOrg.getOrgId()).to.equal(org.orgId);
    // sf org display: the Organization query; sf org list metadata: listMetadata over SOAP
    const orgRow = await conn.singleRecordQuery<{ Id: string }>('SELECT Id, Name, IsSandbox FROM Organization');
    expect(orgRow.Id).to.equal(org.orgId);
    const deployed = await deploySource(conn, [fixturePath('ren')]);
    expect(deployed.response.status).to.equal('Succeeded');
    const listed = await conn.metadata.list([{ type: 'ExternalClientApplication' }]);
    expect(listed.map((p) => p.fullName)).to.deep.equal(['ren']);
    expect(org.requests.some((r) => r.status === 404), 'no 404 on any call').to.equal(false);
  });

  it('works with the refresh-token login `npm run local-org` prints, stored with a trailing slash', async () => {
    const loginUrl = `${org.loginUrl}/`;
    const authInfo = await AuthInfo.create({ username: org.username, oauth2Options: { loginUrl, refreshToken: org.refreshToken, clientId: org.clientId } });
    const conn = await Connection.create({ authInfo });
    expect((await conn.query('SELECT Id FROM Organization')).totalSize).to.equal(1);
  });

  it('answers columns=true queries with the column metadata `sf data query` reads', async () => {
    const conn = await Connection.create({ authInfo: await AuthInfo.create({ username: org.accessToken, accessTokenOptions: { accessToken: org.accessToken, instanceUrl: org.instanceUrl } }) });
    const soql = 'SELECT Id, Name, IsSandbox FROM Organization';
    const columns = await conn.request<{ columnMetadata: { columnName: string; aggregate: boolean; joinColumns: unknown[]; apexType: string }[]; entityName: string }>(
      `/services/data/v${conn.getApiVersion()}/query?q=${encodeURIComponent(soql)}&columns=true`,
    );
    expect(columns.entityName).to.equal('Organization');
    expect(columns.columnMetadata.map((c) => [c.columnName, c.apexType, c.aggregate, c.joinColumns.length])).to.deep.equal([
      ['Id', 'Id', false, 0], ['Name', 'String', false, 0], ['IsSandbox', 'Boolean', false, 0],
    ]);
    const bad = await conn.request(`/services/data/v${conn.getApiVersion()}/query?q=${encodeURIComponent('SELECT Nope FROM Organization')}&columns=true`).then(() => undefined, (e: Error & { errorCode?: string }) => e);
    expect(bad?.errorCode).to.equal('INVALID_FIELD');
  });
});
