import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import type { ConsumerRef, StagedCredentialsClient } from '../../src/salesforce/stagedCredentials.js';
import { findAppConsumers, stagedCredentialsClient } from '../../src/salesforce/stagedCredentials.js';
import { connectionFor, deploySource, fixturePath } from '../loopback-org/testSupport.js';

describe('staged-credentials client (@salesforce/core Connection → loopback org)', () => {
  let org: LoopbackOrg;
  let conn: Connection;
  let client: StagedCredentialsClient;
  let ref: ConsumerRef;

  beforeEach(async () => {
    org = await startLoopbackOrg({ orgSettings: { enableClientSecretInRestApiAccess: true } });
    conn = await connectionFor(org);
    await deploySource(conn, [fixturePath('ren')]);
    const app = await findAppConsumers(conn, 'ren');
    expect(app?.appId).to.match(/^0xI/);
    expect(app?.consumers.map((c) => c.consumerKey)).to.deep.equal([org.issuedKeyForTest('ren')]);
    ref = { appId: app?.appId ?? '', consumerId: app?.consumers[0]?.id ?? '' };
    client = stagedCredentialsClient({ conn, orgLabel: 'loopback', appApiName: 'ren' });
  });
  afterEach(() => org.stop());

  it('lists, creates, promotes, reads the current pair and deletes; secrets stay wrapped', async () => {
    expect(await client.list(ref)).to.deep.equal([]);
    const staged = await client.create(ref);
    expect(staged.state).to.equal('Active');
    expect(JSON.stringify(await client.list(ref))).to.not.include(staged.consumerSecret.reveal());
    expect(JSON.stringify(await client.list(ref))).to.include('[REDACTED]');
    await client.promote(ref, staged.id);
    const current = await client.current(ref);
    expect(current.consumerKey).to.equal(staged.consumerKey);
    expect(current.consumerSecret.reveal() === staged.consumerSecret.reveal()).to.equal(true);
    expect((await client.list(ref)).map((s) => s.state)).to.deep.equal(['Rotated']);
    expect(await client.remove(ref, staged.id)).to.equal('deleted');
    expect(await client.remove(ref, staged.id), 'a repeated delete').to.equal('absent');
  });

  it('turns the org\'s refusal of a second staged pair into a catalog error without any secret in it', async () => {
    const staged = await client.create(ref);
    const error = await client.create(ref).then(() => undefined, (e: unknown) => e as { name: string; message: string; exitCode: number; data?: unknown });
    expect(error?.name).to.equal('StagedCredentialsFailedError');
    expect(error?.exitCode).to.equal(1);
    expect(error?.message).to.include('Only one staged credential');
    expect(`${error?.message ?? ''} ${JSON.stringify(error?.data ?? null)}`).to.not.include(staged.consumerSecret.reveal());
  });

  it('findAppConsumers: undefined for an app the org does not hold', async () => {
    expect(await findAppConsumers(conn, 'nope')).to.equal(undefined);
  });
});
