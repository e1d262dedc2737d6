import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { startLoopbackOrg } from '../../../src/loopback-org/index.js';
import type { LoopbackOrg, LoopbackOrgOptions } from '../../../src/loopback-org/index.js';
import type { WithSecretAccess } from '../../../src/provision/lifecycle/secretAccess.js';
import type { RotationInput } from '../../../src/provision/lifecycle/rotation.js';
import { finishRotation, rotateCredentials } from '../../../src/provision/lifecycle/rotation.js';
import { connectionFor, deploySource, fixturePath } from '../../loopback-org/testSupport.js';

const SECRET = /^[0-9A-F]{64}$/;
const KEY = /^3MVG9\w{80}$/;

type Thrown = { name: string; exitCode: number; message: string; actions?: string[] };
const thrown = async (p: Promise<unknown>): Promise<Thrown> => {
  try {
    await p;
  } catch (e) {
    return e as Thrown;
  }
  throw new Error('expected the call to fail');
};

/** The setting is on for the whole test org: the scope only records that the staged calls ran inside it. */
const recordingScope = (calls: string[]): WithSecretAccess => async (_conn, fn) => {
  calls.push('enter');
  try {
    return await fn();
  } finally {
    calls.push('exit');
  }
};

describe('rotate and finish (staged credentials, loopback org over HTTP)', () => {
  let org: LoopbackOrg;
  let conn: Connection;
  let originalKey: string;
  let originalSecret: string;

  const start = async (options: LoopbackOrgOptions = {}): Promise<void> => {
    org = await startLoopbackOrg({ ...options, orgSettings: { enableClientSecretInRestApiAccess: true, ...options.orgSettings } });
    conn = await connectionFor(org);
    await deploySource(conn, [fixturePath('ren')]);
    originalKey = org.issuedKeyForTest('ren') ?? '';
    originalSecret = org.issuedSecretForTest('ren') ?? '';
    org.resetLog();
  };
  const input = (extra: Partial<RotationInput> = {}): RotationInput => ({
    conn, orgLabel: 'loopback', appApiName: 'ren', withSecretAccess: recordingScope([]), handoffConsumerKey: originalKey, ...extra,
  });
  const stagedCalls = (): string[] => org.requests.filter((r) => r.kind === 'connect:stagedCredentials').map((r) => `${r.method} ${r.status}`);
  afterEach(() => org.stop());

  it('rotates: the org holds a new current pair, the hand-off pair is exactly it, and the old and new pairs both authenticate', async () => {
    await start();
    const scope: string[] = [];
    const steps: string[] = [];
    const at = new Date('2026-12-03T08:00:00.000Z');
    const result = await rotateCredentials(input({ withSecretAccess: recordingScope(scope), onStep: (s) => steps.push(s), now: () => at }));

    expect(KEY.test(result.consumerKey) && SECRET.test(result.consumerSecret.reveal()), 'new pair format').to.equal(true);
    expect(result.consumerKey).to.not.equal(originalKey);
    expect(result.consumerKey).to.equal(org.issuedKeyForTest('ren'));
    expect(result.consumerSecret.reveal() === org.issuedSecretForTest('ren'), 'hand-off secret is the org\'s current one').to.equal(true);
    expect(result.previousConsumerKey).to.equal(originalKey);
    expect(result.previousStagedId).to.match(/^0Hs/);
    expect(result.resumed).to.equal('none');
    expect(result.rotation).to.deep.equal({ state: 'rotated', at: '2026-12-03T08:00:00.000Z' });
    expect(JSON.stringify(result)).to.not.include(result.consumerSecret.reveal());

    expect(org.authenticateClient(result.consumerKey, result.consumerSecret.reveal())).to.equal('ok');
    expect(org.authenticateClient(originalKey, originalSecret)).to.equal('ok');
    expect(steps).to.deep.equal(['staged', 'promoted', 'read-back']);
    expect(scope).to.deep.equal(['enter', 'exit']);
    expect(stagedCalls()).to.deep.equal(['GET 200', 'POST 201', 'PATCH 200', 'GET 200']);
  });

  for (const switches of [{ stagedRotateReply: 'noContent' as const }, { stagedPairAuthenticatesBeforeRotation: true }, { secondStagedCredential: 'replaceInactive' as const }]) {
    it(`rotates and finishes the same way under the switch ${JSON.stringify(switches)}`, async () => {
      await start({ switches });
      const rotated = await rotateCredentials(input());
      expect(rotated.previousConsumerKey).to.equal(originalKey);
      expect(org.authenticateClient(rotated.consumerKey, rotated.consumerSecret.reveal())).to.equal('ok');
      expect(org.authenticateClient(originalKey, originalSecret)).to.equal('ok');
      const refused = await thrown(rotateCredentials(input({ handoffConsumerKey: rotated.consumerKey })));
      expect(refused.name, 'an unfinished rotation is refused whatever the org would allow').to.equal('RotationNotFinishedError');
      expect((await finishRotation(input({ handoffConsumerKey: rotated.consumerKey }))).outcome).to.equal('finished');
      expect(org.authenticateClient(originalKey, originalSecret)).to.equal('unknown-client');
    });
  }

  it('finish deletes the previous pair, after which only the new pair authenticates; a second finish says there is nothing to do', async () => {
    await start();
    const rotated = await rotateCredentials(input());
    const handoffNow = { handoffConsumerKey: rotated.consumerKey };
    const finished = await finishRotation(input(handoffNow));
    expect(finished).to.include({ outcome: 'finished', previousConsumerKey: originalKey });
    expect(finished.rotation.state).to.equal('finished');
    expect(org.authenticateClient(originalKey, originalSecret)).to.equal('unknown-client');
    expect(org.authenticateClient(rotated.consumerKey, rotated.consumerSecret.reveal())).to.equal('ok');

    org.resetLog();
    const again = await finishRotation(input(handoffNow));
    expect(again).to.include({ outcome: 'nothing-to-finish', slot: 'empty' });
    expect(stagedCalls(), 'nothing deleted the second time').to.deep.equal(['GET 200']);
  });

  it('finish killed after its delete: the rerun finds nothing left to delete and the previous pair stays revoked', async () => {
    await start();
    const rotated = await rotateCredentials(input());
    const handoffNow = { handoffConsumerKey: rotated.consumerKey };
    const stop = org.onRequest((e) => {
      if (e.method === 'DELETE') org.faults.failCall(() => true, 'requestLimit', 100);
    });
    const killed = await thrown(finishRotation(input(handoffNow)));
    stop();
    org.faults.clear();
    expect(killed.name).to.equal('StagedCredentialsFailedError');
    expect(org.authenticateClient(originalKey, originalSecret)).to.equal('unknown-client');
    const rerun = await finishRotation(input(handoffNow));
    expect(rerun).to.include({ outcome: 'nothing-to-finish', slot: 'empty' });
    expect(org.authenticateClient(rotated.consumerKey, rotated.consumerSecret.reveal())).to.equal('ok');
  });

  it('finish refuses while the hand-off still holds the previous pair (it would lock Ren out), and changes nothing', async () => {
    await start();
    await rotateCredentials(input());
    const refused = await thrown(finishRotation(input({ handoffConsumerKey: originalKey })));
    expect(refused.name).to.equal('FinishWouldLockOutError');
    expect(refused.exitCode).to.equal(1);
    expect(org.authenticateClient(originalKey, originalSecret)).to.equal('ok');
    expect(stagedCalls().filter((c) => c.startsWith('DELETE'))).to.deep.equal([]);
  });

  it('refuses a new rotation while an earlier one is not finished, and says how to finish it', async () => {
    await start();
    const first = await rotateCredentials(input());
    org.resetLog();
    const refused = await thrown(rotateCredentials(input({ handoffConsumerKey: first.consumerKey })));
    expect(refused.name).to.equal('RotationNotFinishedError');
    expect(refused.exitCode).to.equal(1);
    expect(refused.message).to.include(originalKey);
    expect(refused.actions?.join(' ')).to.include('--finish');
    expect(stagedCalls()).to.deep.equal(['GET 200']);
    expect(org.issuedKeyForTest('ren')).to.equal(first.consumerKey);

    await finishRotation(input({ handoffConsumerKey: first.consumerKey }));
    const second = await rotateCredentials(input({ handoffConsumerKey: first.consumerKey }));
    expect(second.previousConsumerKey).to.equal(first.consumerKey);
    expect(org.authenticateClient(originalKey, originalSecret), 'the first pair is long gone').to.equal('unknown-client');
  });

  it('deletes an Expired staged pair that was never promoted before staging a new one', async () => {
    await start({ switches: { stagedCredentialLifetimeMs: 150 } });
    const appId = (await conn.singleRecordQuery<{ Id: string }>("SELECT Id FROM ExternalClientApplication WHERE DeveloperName = 'ren'")).Id;
    const consumerId = (await conn.request<{ consumers: { id: string }[] }>(`/apps/oauth/credentials/${appId}`)).consumers[0]?.id ?? '';
    await conn.request({ method: 'POST', url: `/apps/oauth/credentials/${appId}/${consumerId}/staged`, body: '{}' });
    await new Promise((r) => setTimeout(r, 200));
    org.resetLog();
    const steps: string[] = [];
    const result = await rotateCredentials(input({ onStep: (s) => steps.push(s) }));
    expect(steps).to.deep.equal(['deleted-expired', 'staged', 'promoted', 'read-back']);
    expect(org.authenticateClient(result.consumerKey, result.consumerSecret.reveal())).to.equal('ok');
  });

  it('with REST access to secrets off and a scope that does not switch it, fails with the catalog error and changes nothing', async () => {
    await start({ orgSettings: { enableClientSecretInRestApiAccess: false } });
    const refused = await thrown(rotateCredentials(input()));
    expect(refused.name).to.equal('StagedCredentialsRefusedError');
    expect(refused.exitCode).to.equal(1);
    expect(refused.message).to.include('not currently enabled');
    expect(org.issuedKeyForTest('ren')).to.equal(originalKey);
    expect(stagedCalls()).to.deep.equal(['GET 403']);
  });

  it('runs every staged call inside the secret-access scope: a scope that deploys the setting on and back off makes the rotation work', async () => {
    await start({ orgSettings: { enableClientSecretInRestApiAccess: false } });
    const switching: WithSecretAccess = async (c, fn) => {
      await deploySource(c, [fixturePath('settings-on')]);
      try {
        return await fn();
      } finally {
        await deploySource(c, [fixturePath('settings-off')]);
      }
    };
    const result = await rotateCredentials(input({ withSecretAccess: switching }));
    expect(org.settings().enableClientSecretInRestApiAccess).to.equal(false);
    expect(org.authenticateClient(result.consumerKey, result.consumerSecret.reveal())).to.equal('ok');
    const kinds = org.requests.map((r) => r.kind);
    const firstStaged = kinds.indexOf('connect:stagedCredentials');
    const lastStaged = kinds.lastIndexOf('connect:stagedCredentials');
    expect(kinds.slice(0, firstStaged)).to.include('soap:deploy');
    expect(kinds.slice(lastStaged)).to.include('soap:deploy');
  });

  it('refuses below API 65.0 before any staged call', async () => {
    await start();
    const refused = await thrown(rotateCredentials(input({ apiVersion: '64.0' })));
    expect(refused.name).to.equal('StagedCredentialsUnsupportedError');
    expect(refused.message).to.include('65.0');
    expect(stagedCalls()).to.deep.equal([]);
  });

  it('says Ren is not in the org when the app is missing', async () => {
    await start();
    const refused = await thrown(rotateCredentials(input({ appApiName: 'not_ren' })));
    expect(refused.name).to.equal('RenNotInOrgError');
    expect(refused.message).to.include('not_ren');
  });

  describe('killed between every two calls, a rerun resumes with at most one staged pair', () => {
    /** Every call a clean rotation makes, counted after the app is deployed. */
    const cleanCallCount = async (): Promise<number> => {
      await start();
      await rotateCredentials(input());
      const n = org.requests.length;
      await org.stop();
      return n;
    };

    it('for a kill after each call', async function () {
      this.timeout(120_000);
      const calls = await cleanCallCount();
      expect(calls).to.be.greaterThan(5);
      for (let k = 1; k <= calls; k++) {
        await start();
        let seen = 0;
        const stop = org.onRequest(() => {
          seen += 1;
          // The org has acted on call k; the run dies before its next call reaches the org.
          if (seen === k) org.faults.failCall(() => true, 'requestLimit', 1000);
        });
        const first = await rotateCredentials(input()).then(() => 'completed', () => 'killed');
        stop();
        expect(first, `kill after call ${k}`).to.equal(k < calls ? 'killed' : 'completed');
        org.faults.clear();

        // The rerun sees the hand-off as it was before: still the original pair (the killed run wrote nothing).
        const rerun = await rotateCredentials(input());
        expect(rerun.previousConsumerKey, `kill after call ${k}`).to.equal(originalKey);
        expect(rerun.consumerKey).to.equal(org.issuedKeyForTest('ren'));
        expect(rerun.consumerSecret.reveal() === org.issuedSecretForTest('ren'), `kill after call ${k}: secret`).to.equal(true);
        expect(org.authenticateClient(rerun.consumerKey, rerun.consumerSecret.reveal())).to.equal('ok');
        expect(org.authenticateClient(originalKey, originalSecret), `kill after call ${k}: old pair`).to.equal('ok');
        const posts = org.requests.filter((r) => r.kind === 'connect:stagedCredentials' && r.method === 'POST' && r.fault === undefined);
        expect(posts.map((r) => r.status), `kill after call ${k}: one staged pair only`).to.deep.equal([201]);
        if (k < calls) await org.stop(); // afterEach stops the last one
      }
    });
  });
});
