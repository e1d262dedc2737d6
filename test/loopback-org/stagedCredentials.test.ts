import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg, LoopbackOrgOptions } from '../../src/loopback-org/index.js';
import { OrgState } from '../../src/loopback-org/orgState.js';
import { connectionFor, deploySource, fixturePath } from './testSupport.js';

type StagedOne = { id: string; key: string; secret: string; state: string; url: string };
type Staged = { stagedCredentials: StagedOne[]; url: string };
type ApiError = { errorCode?: string; message: string };

const SECRET = /^[0-9A-F]{64}$/;
const KEY = /^3MVG9\w{80}$/;

const refusal = async (p: Promise<unknown>): Promise<ApiError> => {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected the org to refuse the request');
};

describe('loopback org: staged credentials (Connect REST, API 65.0+)', () => {
  let org: LoopbackOrg;
  let conn: Connection;
  let base: string;

  const start = async (options: LoopbackOrgOptions = {}): Promise<void> => {
    org = await startLoopbackOrg({ ...options, orgSettings: { enableClientSecretInRestApiAccess: true, ...options.orgSettings } });
    conn = await connectionFor(org);
    await deploySource(conn, [fixturePath('ren')]);
    const app = await conn.singleRecordQuery<{ Id: string }>("SELECT Id FROM ExternalClientApplication WHERE DeveloperName = 'ren'");
    const list = await conn.request<{ consumers: { id: string }[] }>(`/apps/oauth/credentials/${app.Id}`);
    base = `/apps/oauth/credentials/${app.Id}/${list.consumers[0]?.id ?? ''}/staged`;
  };
  const post = (): Promise<Staged> => conn.request<Staged>({ method: 'POST', url: base, body: '{}' });
  const rotate = (id: string): Promise<Staged> => conn.request<Staged>({ method: 'PATCH', url: `${base}/${id}`, body: JSON.stringify({ command: 'rotate' }) });
  const remove = (id: string): Promise<unknown> => conn.request({ method: 'DELETE', url: `${base}/${id}` });
  afterEach(() => org.stop());

  it('creates an Active 0Hs… pair that does not authenticate until it is promoted; then both pairs do until the Rotated one is deleted', async () => {
    await start();
    const oldKey = org.issuedKeyForTest('ren') ?? '';
    const oldSecret = org.issuedSecretForTest('ren') ?? '';
    expect(org.authenticateClient(oldKey, oldSecret)).to.equal('ok');

    const created = await post();
    expect(created.stagedCredentials).to.have.length(1);
    const staged = created.stagedCredentials[0]!;
    expect(staged.id).to.match(/^0Hs\w{15}$/);
    expect(staged.state).to.equal('Active');
    expect(KEY.test(staged.key) && SECRET.test(staged.secret), 'staged pair format').to.equal(true);
    expect(staged.url).to.equal(`/services/data/v66.0${base}/${staged.id}`);
    expect(org.authenticateClient(staged.key, staged.secret), 'a staged pair before rotation').to.equal('unknown-client');
    expect((await conn.request<StagedOne>(`${base}/${staged.id}`)).state).to.equal('Active');

    const rotated = await rotate(staged.id);
    expect(rotated.stagedCredentials.map((s) => [s.id, s.state, s.key])).to.deep.equal([[staged.id, 'Rotated', oldKey]]);
    expect(org.issuedKeyForTest('ren')).to.equal(staged.key);
    expect(org.authenticateClient(staged.key, staged.secret), 'promoted pair').to.equal('ok');
    expect(org.authenticateClient(oldKey, oldSecret), 'previous pair').to.equal('ok');
    expect(org.authenticateClient(oldKey, staged.secret), 'old key, new secret').to.equal('wrong-secret');

    await remove(staged.id);
    expect((await conn.request<Staged>(base)).stagedCredentials).to.have.length(0);
    expect(org.authenticateClient(oldKey, oldSecret), 'previous pair after delete').to.equal('unknown-client');
    expect(org.authenticateClient(staged.key, staged.secret)).to.equal('ok');
    expect(org.counts()['connect:stagedCredentials']).to.equal(5);
  });

  it('allows one staged credential per consumer: a second POST is 400 while an Active one exists, and (default) while a Rotated one exists', async () => {
    await start();
    const first = (await post()).stagedCredentials[0]!;
    const second = await refusal(post());
    expect(second.errorCode).to.equal('INVALID_INPUT');
    expect(second.message).to.include('Only one staged credential');
    await rotate(first.id);
    const afterRotation = await refusal(post());
    expect(afterRotation.message).to.include('Only one staged credential');
    expect((await conn.request<Staged>(base)).stagedCredentials.map((s) => s.state)).to.deep.equal(['Rotated']);
    const again = await refusal(rotate(first.id));
    expect(again.message).to.include('this one is Rotated');
  });

  it('switch secondStagedCredential=replaceInactive: a new staged pair replaces the Rotated one, whose pair then stops working', async () => {
    await start({ switches: { secondStagedCredential: 'replaceInactive' } });
    const oldKey = org.issuedKeyForTest('ren') ?? '';
    const oldSecret = org.issuedSecretForTest('ren') ?? '';
    const first = (await post()).stagedCredentials[0]!;
    expect((await refusal(post())).message, 'an Active one is never replaced').to.include('Only one staged credential');
    await rotate(first.id);
    const replaced = (await post()).stagedCredentials;
    expect(replaced.map((s) => s.state)).to.deep.equal(['Active']);
    expect(replaced[0]?.id).to.not.equal(first.id);
    expect(org.authenticateClient(oldKey, oldSecret)).to.equal('unknown-client');
  });

  it('switch stagedPairAuthenticatesBeforeRotation=true: an Active staged pair authenticates before it is promoted', async () => {
    await start({ switches: { stagedPairAuthenticatesBeforeRotation: true } });
    const staged = (await post()).stagedCredentials[0]!;
    expect(org.authenticateClient(staged.key, staged.secret)).to.equal('ok');
    expect(org.authenticateClient(org.issuedKeyForTest('ren') ?? '', org.issuedSecretForTest('ren') ?? '')).to.equal('ok');
  });

  it('switch stagedRotateReply=noContent: the rotation answers 204 and still promotes', async () => {
    await start({ switches: { stagedRotateReply: 'noContent' } });
    const staged = (await post()).stagedCredentials[0]!;
    const answer = await rotate(staged.id);
    expect(answer).to.equal(undefined);
    expect(org.requests.at(-1)?.status).to.equal(204);
    expect(org.issuedKeyForTest('ren')).to.equal(staged.key);
  });

  it('expires staged pairs: an Expired one cannot be rotated, and an expired Rotated pair no longer authenticates', async () => {
    await start({ switches: { stagedCredentialLifetimeMs: 150 } });
    const oldKey = org.issuedKeyForTest('ren') ?? '';
    const oldSecret = org.issuedSecretForTest('ren') ?? '';
    const first = (await post()).stagedCredentials[0]!;
    await new Promise((r) => setTimeout(r, 200));
    expect((await conn.request<StagedOne>(`${base}/${first.id}`)).state).to.equal('Expired');
    expect((await refusal(rotate(first.id))).message).to.include('this one is Expired');
    await remove(first.id);
    const second = (await post()).stagedCredentials[0]!;
    await rotate(second.id);
    expect(org.authenticateClient(oldKey, oldSecret)).to.equal('ok');
    await new Promise((r) => setTimeout(r, 200));
    expect((await conn.request<Staged>(base)).stagedCredentials.map((s) => s.state)).to.deep.equal(['Expired']);
    expect(org.authenticateClient(oldKey, oldSecret)).to.equal('unknown-client');
    expect(org.authenticateClient(second.key, second.secret)).to.equal('ok');
  });

  it('needs REST access to consumer secrets (like the secret read), API 65.0, a Local app, and {"command":"rotate"}', async () => {
    await start({ orgSettings: { enableClientSecretInRestApiAccess: false } });
    const off = await refusal(post());
    expect(off.errorCode).to.equal('FUNCTIONALITY_NOT_ENABLED');
    expect(off.message).to.include('not currently enabled');
    expect(await refusal(conn.request(base)).then((e) => e.errorCode)).to.equal('FUNCTIONALITY_NOT_ENABLED');
    const old = await refusal(conn.request(`/services/data/v64.0${base}`));
    expect(old.errorCode).to.equal('NOT_FOUND');
    await org.stop();

    await start({ userPermissions: { ViewClientSecret: false } });
    expect((await refusal(post())).message).to.include('not enabled for this user');
    await org.stop();

    await start();
    const staged = (await post()).stagedCredentials[0]!;
    const bad = await refusal(conn.request({ method: 'PATCH', url: `${base}/${staged.id}`, body: JSON.stringify({ command: 'promote' }) }));
    expect(bad.message).to.include('{"command":"rotate"}');
    expect((await refusal(conn.request(`${base}/0HsLB0000000ZZZAAA`))).errorCode).to.equal('NOT_FOUND');
    expect(org.counts()['connect:stagedCredentials']).to.equal(3);
  });
});

describe('loopback org: OrgState.authenticateClient', () => {
  it('tells an unknown client id from a wrong secret, and accepts only the exact pair', () => {
    const state = new OrgState({});
    const consumer = state.createConsumer('ren', {});
    expect(state.authenticateClient(consumer.key, consumer.secret)).to.equal('ok');
    expect(state.authenticateClient(consumer.key, consumer.secret.toLowerCase())).to.equal('wrong-secret');
    expect(state.authenticateClient(consumer.key, '')).to.equal('wrong-secret');
    expect(state.authenticateClient(`${consumer.key}x`, consumer.secret)).to.equal('unknown-client');
    expect(state.authenticateClient('', '')).to.equal('unknown-client');
  });

  it('accepts the Rotated previous pair only while it is in the staged slot and unexpired; an Active staged pair never', () => {
    const state = new OrgState({});
    const consumer = state.createConsumer('ren', {});
    const previous = { key: consumer.key, secret: consumer.secret };
    consumer.staged = { id: '0HsLB0000000001AAA', key: 'K2', secret: 'S2', state: 'Active', expiresAt: Date.now() + 60_000 };
    expect(state.authenticateClient('K2', 'S2')).to.equal('unknown-client');
    state.rekeyConsumer(consumer, { key: 'K2', secret: 'S2' });
    consumer.staged = { id: '0HsLB0000000001AAA', key: previous.key, secret: previous.secret, state: 'Rotated', expiresAt: Date.now() + 60_000 };
    expect(state.authenticateClient('K2', 'S2')).to.equal('ok');
    expect(state.authenticateClient(previous.key, previous.secret)).to.equal('ok');
    consumer.staged.expiresAt = Date.now() - 1;
    expect(state.authenticateClient(previous.key, previous.secret)).to.equal('unknown-client');
    delete consumer.staged;
    expect(state.authenticateClient(previous.key, previous.secret)).to.equal('unknown-client');
  });
});
