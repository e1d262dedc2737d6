import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg, LoopbackOrgOptions } from '../../src/loopback-org/index.js';
import { connectionFor, deploySource, fixturePath } from './testSupport.js';

type Consumers = { consumers: { id: string; key: string; name: string; url: string; stagedCredentialsUrl?: string }[]; currentPageUrl: string; nextPageUrl: string | null };
type Credentials = { id: string; key?: string; secret?: string; name: string; url: string; stagedCredentialsUrl?: string };
type ApiError = { errorCode?: string; message: string; name?: string };

const SECRET = /^[0-9A-F]{64}$/;
const KEY = /^3MVG9[\w.]{80}$/;

const failure = async (p: Promise<unknown>): Promise<ApiError> => {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected the request to be refused');
};

describe('loopback org: reading credentials back (Connect REST)', () => {
  let org: LoopbackOrg;
  let conn: Connection;
  let appId: string;

  const setUp = async (options: LoopbackOrgOptions = {}): Promise<void> => {
    org = await startLoopbackOrg(options);
    conn = await connectionFor(org);
    await deploySource(conn, [fixturePath('ren')]);
    const q = await conn.query<{ Id: string }>("SELECT Id FROM ExternalClientApplication WHERE DeveloperName = 'ren'");
    appId = q.records[0]?.Id ?? '';
  };
  afterEach(() => org.stop());

  it('lists the consumer, and gives the key but refuses the secret while the org setting is off', async () => {
    await setUp();
    expect(appId).to.match(/^0xI/);
    const list = await conn.request<Consumers>(`/apps/oauth/credentials/${appId}`);
    expect(list.consumers).to.have.length(1);
    const consumer = list.consumers[0]!;
    expect(consumer.id).to.match(/^888/);
    expect(KEY.test(consumer.key), 'key format').to.equal(true);
    expect(consumer.url).to.equal(`/services/data/v66.0/apps/oauth/credentials/${appId}/${consumer.id}`);
    expect(consumer.stagedCredentialsUrl).to.equal(`${consumer.url}/staged`);

    const keyOnly = await conn.request<Credentials>(`/apps/oauth/credentials/${appId}/${consumer.id}?part=key`);
    expect(keyOnly).to.not.have.property('secret');
    expect(keyOnly.key).to.equal(consumer.key);

    const refused = await failure(conn.request(`/apps/oauth/credentials/${appId}/${consumer.id}?part=keyandsecret`));
    expect(refused.errorCode).to.equal('FUNCTIONALITY_NOT_ENABLED');
    expect(refused.message).to.include('not currently enabled');
  });

  it('returns exactly the issued key and secret once enableClientSecretInRestApiAccess is deployed on, and refuses again once off', async () => {
    await setUp();
    expect(org.settings().enableClientSecretInRestApiAccess).to.equal(false);
    const on = await deploySource(conn, [fixturePath('settings-on')]);
    expect(on.response.status).to.equal('Succeeded');
    expect(org.settings()).to.deep.equal({ enableClientSecretInRestApiAccess: true, oAuthCdCrdtFlowEnable: true });

    const { consumers } = await conn.request<Consumers>(`/apps/oauth/credentials/${appId}`);
    const creds = await conn.request<Credentials>(`/apps/oauth/credentials/${appId}/${consumers[0]!.id}?part=keyandsecret`);
    expect(SECRET.test(creds.secret ?? ''), 'secret format').to.equal(true);
    expect(creds.secret === org.issuedSecretForTest('ren'), 'secret is the one the org issued').to.equal(true);
    expect(creds.key).to.equal(org.issuedKeyForTest('ren'));
    expect(creds.name).to.equal('ren');

    await deploySource(conn, [fixturePath('settings-off')]);
    expect(org.settings()).to.deep.equal({ enableClientSecretInRestApiAccess: false, oAuthCdCrdtFlowEnable: false });
    const refused = await failure(conn.request(`/apps/oauth/credentials/${appId}/${consumers[0]!.id}?part=secret`));
    expect(refused.errorCode).to.equal('FUNCTIONALITY_NOT_ENABLED');
  });

  it('refuses the secret to a user without View Client Secret', async () => {
    await setUp({ orgSettings: { enableClientSecretInRestApiAccess: true }, userPermissions: { ViewClientSecret: false } });
    const { consumers } = await conn.request<Consumers>(`/apps/oauth/credentials/${appId}`);
    const refused = await failure(conn.request(`/apps/oauth/credentials/${appId}/${consumers[0]!.id}?part=secret`));
    expect(refused.errorCode).to.equal('INSUFFICIENT_ACCESS');
    expect(refused.message).to.include('not enabled for this user');
  });
});
