import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg, LoopbackOrgOptions } from '../../src/loopback-org/index.js';
import { mdapiDeploy, renPhaseOne, withFields } from '../../src/loopback-org/mdapiDeploy.js';
import { connectionFor, deploySource, fixturePath, problems } from './testSupport.js';

type Staged = { stagedCredentials: { id: string; key: string; secret: string; state: string; url: string }[]; url: string };
type ApiError = Error & { errorCode?: string };
const rejection = async (p: Promise<unknown>): Promise<ApiError> => p.then(() => { throw new Error('expected a rejection'); }, (e: ApiError) => e);

describe('loopback org: REST deploys, Connect usage and staged credentials, SOQL', () => {
  let org: LoopbackOrg;
  let conn: Connection;
  const start = async (options: LoopbackOrgOptions = {}): Promise<void> => {
    org = await startLoopbackOrg(options);
    conn = await connectionFor(org);
  };
  afterEach(() => org.stop());

  describe('REST deployRequest', () => {
    it('deploys through metadata/deployRequest with the real SDR (rest: true), booleans as JSON booleans', async () => {
      await start({ faults: { deployInProgressPolls: 1 } });
      const result = await deploySource(conn, [fixturePath('ren')], { apiOptions: { rest: true } });
      expect(result.response.status).to.equal('Succeeded');
      expect(org.counts()).to.include({ 'rest:deployRequest': 1, 'rest:deployRequestStatus': 2 });
      expect(org.counts()['soap:deploy']).to.equal(undefined);
      const status = await conn.request<{ deployResult: { done: unknown; success: unknown } }>(
        `/metadata/deployRequest/${result.response.id}?includeDetails=true`,
      );
      expect(status.deployResult).to.include({ done: true, success: true });
    });

    it('reports component failures through REST like SOAP', async () => {
      await start();
      const result = await deploySource(conn, [fixturePath('ren-policies')], { apiOptions: { rest: true } });
      expect(result.response.status).to.equal('Failed');
      expect(problems(result).join('\n')).to.include('no ExternalClientApplication named ren found');
    });
  });

  describe('Connect REST', () => {
    const appAndConsumer = async (): Promise<{ appId: string; consumerId: string; base: string }> => {
      const app = await conn.singleRecordQuery<{ Id: string }>("SELECT Id FROM ExternalClientApplication WHERE DeveloperName = 'ren'");
      const list = await conn.request<{ consumers: { id: string }[] }>(`/apps/oauth/credentials/${app.Id}`);
      const consumerId = list.consumers[0]?.id ?? '';
      return { appId: app.Id, consumerId, base: `/apps/oauth/credentials/${app.Id}/${consumerId}` };
    };

    it('stages, reads, rotates and deletes credentials (Local apps, API 65.0+)', async () => {
      await start({ orgSettings: { enableClientSecretInRestApiAccess: true } });
      await mdapiDeploy(conn, renPhaseOne());
      const { base } = await appAndConsumer();
      const oldKey = org.issuedKeyForTest('ren');
      const staged = await conn.request<Staged>({ method: 'POST', url: `${base}/staged`, body: '{}' });
      const first = staged.stagedCredentials[0]!;
      expect(first.state).to.equal('Active');
      expect(/^[0-9A-F]{64}$/.test(first.secret), 'staged secret format').to.equal(true);
      const again = await rejection(Promise.resolve(conn.request({ method: 'POST', url: `${base}/staged`, body: '{}' })));
      expect(again.message).to.include('Only one staged credential');
      expect((await conn.request<{ id: string }>(`${base}/staged/${first.id}`)).id).to.equal(first.id);

      const rotated = await conn.request<Staged>({ method: 'PATCH', url: `${base}/staged/${first.id}`, body: JSON.stringify({ command: 'rotate' }) });
      expect(org.issuedKeyForTest('ren')).to.equal(first.key);
      expect(rotated.stagedCredentials[0]).to.include({ state: 'Rotated', key: oldKey });
      await conn.request({ method: 'DELETE', url: `${base}/staged/${first.id}` });
      expect((await conn.request<Staged>(`${base}/staged`)).stagedCredentials).to.deep.equal([]);
    });

    it('refuses staged credentials below API 65.0 and for Packaged apps', async () => {
      await start({ orgSettings: { enableClientSecretInRestApiAccess: true } });
      await mdapiDeploy(conn, withFields(renPhaseOne(), 'ExternalClientApplication', { distributionState: 'Packaged' }));
      const { base } = await appAndConsumer();
      const packaged = await rejection(Promise.resolve(conn.request({ method: 'POST', url: `${base}/staged`, body: '{}' })));
      expect(packaged.message).to.include('only for local external client apps');
      const old = await rejection(Promise.resolve(conn.request(`/services/data/v64.0${base}/staged`)));
      expect(old.errorCode).to.equal('NOT_FOUND');
    });

    it('lists apps in apps/oauth/usage only once they have usage, unless the switch says all apps are listed', async () => {
      await start();
      await mdapiDeploy(conn, renPhaseOne());
      type Usage = { apps: { developerName: string; identifier: string }[] };
      expect((await conn.request<Usage>('/apps/oauth/usage')).apps).to.deep.equal([]);
      org.recordOauthUsageForTest('ren');
      const listed = (await conn.request<Usage>('/apps/oauth/usage')).apps;
      expect(listed.map((a) => a.developerName)).to.deep.equal(['ren']);
      expect(listed[0]?.identifier).to.match(/^0xI/);
      await org.stop();

      await start({ switches: { usageListsAppsWithoutUsage: true } });
      await mdapiDeploy(conn, renPhaseOne());
      expect((await conn.request<Usage>('/apps/oauth/usage')).apps.map((a) => a.developerName)).to.deep.equal(['ren']);
    });

    it('hides a new consumer from the credentials API until credentialsAvailableAfterMs has passed', async () => {
      await start({ switches: { credentialsAvailableAfterMs: 3_600_000 } });
      await mdapiDeploy(conn, renPhaseOne());
      const app = await conn.singleRecordQuery<{ Id: string }>("SELECT Id FROM ExternalClientApplication WHERE DeveloperName = 'ren'");
      expect((await conn.request<{ consumers: unknown[] }>(`/apps/oauth/credentials/${app.Id}`)).consumers).to.deep.equal([]);
      const oauthLink = org.components().find((c) => c.type === 'ExtlClntAppOauthSettings')?.fields.oauthLink;
      const consumerId = typeof oauthLink === 'string' ? oauthLink.split(':')[1] : '';
      const error = await rejection(Promise.resolve(conn.request(`/apps/oauth/credentials/${app.Id}/${consumerId}?part=key`)));
      expect(error.errorCode).to.equal('NOT_FOUND');
    });

    it('refuses an unknown part value and an unknown app', async () => {
      await start();
      await mdapiDeploy(conn, renPhaseOne());
      const { appId, base } = await appAndConsumer();
      expect((await rejection(Promise.resolve(conn.request(`${base}?part=KeyAndSecret`)))).errorCode).to.equal('INVALID_INPUT');
      expect((await rejection(Promise.resolve(conn.request(`/apps/oauth/credentials/${appId.replace('0xI', '0xJ')}`)))).errorCode).to.equal('NOT_FOUND');
    });
  });

  describe('SOQL (data and Tooling)', () => {
    beforeEach(() => start({ userPermissions: { ViewClientSecret: false }, permissionSets: ['Ren_Users', 'Ren_Admins'] }));

    it("answers the preflight's permission query from UserPermissionAccess, on both APIs", async () => {
      const soql = 'SELECT PermissionsExternalClientAppDeveloper, PermissionsViewClientSecret FROM UserPermissionAccess';
      const data = await conn.singleRecordQuery<Record<string, unknown>>(soql);
      expect(data).to.include({ PermissionsExternalClientAppDeveloper: true, PermissionsViewClientSecret: false });
      const tooling = await conn.tooling.query<Record<string, unknown>>(soql);
      expect(tooling.records[0]).to.include({ PermissionsViewClientSecret: false });
    });

    it('filters with IN, LIKE, AND/OR and parentheses, orders and limits', async () => {
      const byIn = await conn.query<{ Name: string }>("SELECT Name FROM Profile WHERE Name IN ('Sales', 'Nope') OR (Name LIKE 'Sys%' AND Name != 'x') ORDER BY Name DESC");
      expect(byIn.records.map((r) => r.Name)).to.deep.equal(['System Administrator', 'Sales']);
      const limited = await conn.query<{ Name: string }>('SELECT Name FROM PermissionSet ORDER BY Name LIMIT 1');
      expect(limited.records.map((r) => r.Name)).to.deep.equal(['Ren_Admins']);
      expect(limited.records[0]).to.have.nested.property('attributes.type', 'PermissionSet');
    });

    it("answers ExternalClientApplication on both APIs, or only on Tooling (switch externalClientAppQuery: 'toolingOnly')", async () => {
      await mdapiDeploy(conn, renPhaseOne());
      const soql = "SELECT Id, DeveloperName, MasterLabel FROM ExternalClientApplication WHERE DeveloperName = 'ren'";
      expect((await conn.query<{ MasterLabel: string }>(soql)).records[0]?.MasterLabel).to.equal('Ren');
      await org.stop();
      await start({ switches: { externalClientAppQuery: 'toolingOnly' } });
      await mdapiDeploy(conn, renPhaseOne());
      expect((await rejection(Promise.resolve(conn.query(soql)))).errorCode).to.equal('INVALID_TYPE');
      expect((await conn.tooling.query<{ DeveloperName: string }>(soql)).records[0]?.DeveloperName).to.equal('ren');
    });

    it('refuses unknown objects, unknown fields and malformed SOQL with the documented error codes', async () => {
      const type = await rejection(Promise.resolve(conn.query('SELECT Id FROM ScratchOrgInfo LIMIT 1')));
      expect(type.errorCode).to.equal('INVALID_TYPE');
      const field = await rejection(Promise.resolve(conn.query('SELECT Nmae FROM Profile')));
      expect(field.errorCode).to.equal('INVALID_FIELD');
      expect(field.message).to.include("No such column 'Nmae' on entity 'Profile'");
      const malformed = await rejection(Promise.resolve(conn.query('SELEKT Id FROM Profile')));
      expect(malformed.errorCode).to.equal('MALFORMED_QUERY');
    });
  });
});
