import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { startLoopbackOrg } from '../../../src/loopback-org/index.js';
import type { LoopbackOrg } from '../../../src/loopback-org/index.js';
import type { RemovalInput } from '../../../src/provision/lifecycle/removal.js';
import { planRemoval, removeApp } from '../../../src/provision/lifecycle/removal.js';
import { connectionFor, deploySource, fixturePath, POLL_MS } from '../../loopback-org/testSupport.js';

type Thrown = { name: string; exitCode: number; message: string };
const thrown = async (p: Promise<unknown>): Promise<Thrown> => {
  try {
    await p;
  } catch (e) {
    return e as Thrown;
  }
  throw new Error('expected the call to fail');
};

const partsOf = (org: LoopbackOrg, app: string): string[] =>
  org.components()
    .filter((c) => (c.type === 'ExternalClientApplication' && c.fullName === app) || c.fields.externalClientApplication === app)
    .map((c) => `${c.type} ${c.fullName}`)
    .sort();

describe('remove (destructive deploy through SDR, loopback org over HTTP)', () => {
  let org: LoopbackOrg;
  let conn: Connection;
  const input = (extra: Partial<RemovalInput> = {}): RemovalInput => ({
    conn, orgLabel: 'loopback', appApiName: 'ren', apiVersion: '66.0', waitMinutes: 1, pollIntervalMs: POLL_MS, ...extra,
  });
  beforeEach(async () => {
    org = await startLoopbackOrg();
    conn = await connectionFor(org);
  });
  afterEach(() => org.stop());

  it('removes a deployed app with every part, revokes its consumer, and leaves other apps alone', async () => {
    await deploySource(conn, [fixturePath('ren')]);
    const other = org.createAppInSetup({ name: 'Other_App', label: 'Other' });
    const key = org.issuedKeyForTest('ren') ?? '';
    const secret = org.issuedSecretForTest('ren') ?? '';
    const before = partsOf(org, 'ren');
    expect(before.length).to.be.greaterThan(2);
    const otherBefore = partsOf(org, 'Other_App');
    org.resetLog();

    const plan = await planRemoval(input());
    expect(plan.parts.map((p) => `${p.type} ${p.fullName}`).sort()).to.deep.equal(before);
    expect(org.counts()['soap:deploy'], 'planning changes nothing').to.equal(undefined);

    const result = await removeApp(input(), plan);
    expect(result.outcome).to.equal('removed');
    expect(partsOf(org, 'ren')).to.deep.equal([]);
    expect(partsOf(org, 'Other_App')).to.deep.equal(otherBefore);
    expect(org.authenticateClient(key, secret)).to.equal('unknown-client');
    expect(org.counts()['soap:deploy']).to.equal(1);
    expect(other.consumerId === undefined || org.isConsumerLive(other.consumerId)).to.equal(true);
  });

  it('finds the parts of a Setup-made app under the names Setup gave them', async () => {
    const made = org.createAppInSetup({ name: 'ren' });
    const expected = partsOf(org, 'ren');
    expect(expected.join(' ')).to.include('ren_glbloauth');
    const result = await removeApp(input());
    expect(result.outcome === 'removed' ? result.removed.map((p) => `${p.type} ${p.fullName}`).sort() : []).to.deep.equal(expected);
    expect(partsOf(org, 'ren')).to.deep.equal([]);
    expect(org.isConsumerLive(made.consumerId ?? '')).to.equal(false);
  });

  it('says the app is already absent and sends no deploy', async () => {
    org.createAppInSetup({ name: 'Other_App' });
    org.resetLog();
    const result = await removeApp(input());
    expect(result).to.deep.equal({ outcome: 'absent', appApiName: 'ren' });
    expect(org.counts()['soap:deploy']).to.equal(undefined);
    expect(partsOf(org, 'Other_App').length).to.be.greaterThan(0);
  });

  it('a deploy the org does not accept is OrgRequestFailed (exit 1) with the app still there', async () => {
    await deploySource(conn, [fixturePath('ren')]);
    const before = partsOf(org, 'ren');
    org.faults.failCall('soap:deploy', 'soapFault', 1);
    const failed = await thrown(removeApp(input()));
    expect(failed.name).to.equal('OrgRequestFailedError');
    expect(failed.exitCode).to.equal(1);
    expect(failed.message).to.include('nothing was removed');
    expect(partsOf(org, 'ren')).to.deep.equal(before);
  });

  it('a lost deploy status is RemoveIncomplete (exit 68) naming the deploy; a rerun removes what is left', async () => {
    await deploySource(conn, [fixturePath('ren')]);
    const deployIds: string[] = [];
    org.faults.failCall('soap:checkDeployStatus', 'soapFault', 1);
    const failed = await thrown(removeApp(input({ onDeploying: (id) => deployIds.push(id) })));
    expect(failed.name).to.equal('RemoveIncompleteError');
    expect(failed.exitCode).to.equal(68);
    expect(deployIds).to.have.length(1);
    expect(failed.message).to.include(deployIds[0]);
    org.faults.clear();
    // The loopback org runs a deploy when its status is asked; the lost poll left it unrun, so the rerun removes.
    const rerun = await removeApp(input());
    expect(rerun.outcome).to.equal('removed');
    expect(partsOf(org, 'ren')).to.deep.equal([]);
  });
});
