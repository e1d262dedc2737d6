/**
 * proveCredentials against the loopback org's token endpoint: each verdict, the control probe both ways, the wait
 * across a propagation delay, and no secret in anything it returns.
 */
import { expect } from 'chai';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg, LoopbackOrgOptions } from '../../src/loopback-org/index.js';
import { proveCredentials, proveWithWait } from '../../src/salesforce/tokenEndpoint.js';
import { connectionFor, deploySource, fixturePath } from '../loopback-org/testSupport.js';

describe('the credential proof (token endpoint)', () => {
  let org: LoopbackOrg;
  const withApp = async (options: LoopbackOrgOptions = {}): Promise<{ loginUrl: string; consumerKey: string; consumerSecret: string }> => {
    org = await startLoopbackOrg(options);
    await deploySource(await connectionFor(org), [fixturePath('ren')]);
    org.resetLog();
    return { loginUrl: org.loginUrl, consumerKey: org.issuedKeyForTest('ren') ?? '', consumerSecret: org.issuedSecretForTest('ren') ?? '' };
  };
  afterEach(() => org?.stop());

  it('accepted: the control probe gets invalid_client, the pair invalid_grant; verifiedAt is set; two calls, nothing leaks', async () => {
    const pair = await withApp();
    const proof = await proveCredentials(pair);
    expect(proof).to.include({ verdict: 'accepted', controlAnswer: 'invalid_client', pairAnswer: 'invalid_grant' });
    expect(Date.parse(proof.verifiedAt ?? '')).to.be.closeTo(Date.now(), 10_000);
    expect(org.counts()['oauth:token']).to.equal(2);
    expect(JSON.stringify(proof).includes(pair.consumerSecret), 'secret in the proof').to.equal(false);
  });

  it('refused: a wrong secret; not known yet: an unknown key (no second call)', async () => {
    const pair = await withApp();
    const refused = await proveCredentials({ ...pair, consumerSecret: 'A'.repeat(64) });
    expect(refused).to.include({ verdict: 'refused', pairAnswer: 'invalid_client' });
    expect(refused).to.not.have.property('verifiedAt');
    org.resetLog();
    const unknown = await proveCredentials({ ...pair, consumerKey: '3MVG9SomeOtherOrgsKey' });
    expect(unknown).to.include({ verdict: 'not-known-yet', controlAnswer: 'invalid_client_id' });
    expect(org.counts()['oauth:token']).to.equal(1);
  });

  it("inconclusive when the control probe gets invalid_grant (grant checked first): no verifiedAt, the pair is not sent", async () => {
    const pair = await withApp({ switches: { tokenEndpointOrder: 'grantFirst' } });
    const proof = await proveCredentials(pair);
    expect(proof).to.include({ verdict: 'inconclusive', controlAnswer: 'invalid_grant' });
    expect(proof).to.not.have.property('verifiedAt');
    expect(org.counts()['oauth:token']).to.equal(1);
  });

  it('could not check: 5xx, a dropped connection, nobody listening', async () => {
    const pair = await withApp();
    org.faults.failCall('oauth:token', 'http503');
    expect(await proveCredentials(pair)).to.include({ verdict: 'could-not-check', controlAnswer: 'HTTP 503' });
    org.faults.failCall('oauth:token', 'drop');
    expect((await proveCredentials(pair)).verdict).to.equal('could-not-check');
    org.faults.failCall((c) => c.kind === 'oauth:token', 'http500', 2);
    await proveCredentials(pair);
    await org.stop();
    const offline = await proveCredentials(pair);
    expect(offline.verdict).to.equal('could-not-check');
    expect(offline.controlAnswer).to.match(/^network error/);
  });

  it('waits across a propagation delay with back-off, then proves; gives up as not known yet when the wait is over', async () => {
    const pair = await withApp({ switches: { tokenEndpointKnowsKeyAfterMs: 900 } });
    const short = await proveWithWait(pair, { waitMinutes: 0.2 / 60, firstRetryMs: 50 });
    expect(short.verdict).to.equal('not-known-yet');
    const waits: number[] = [];
    const proof = await proveWithWait(pair, { waitMinutes: 0.5, firstRetryMs: 100, onWaiting: (ms) => waits.push(ms) });
    expect(proof.verdict).to.equal('accepted');
    expect(proof.attempts).to.be.greaterThan(1);
    expect(waits.slice(0, 2), 'back-off doubles').to.deep.equal([100, 200]);
  });
});
