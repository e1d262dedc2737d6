/**
 * The secret-access scope with a scripted switch (the mechanism seam): the orderings a real org makes hard to hit
 * on purpose — a signal while the switch-on is still in flight, a refused switch-on, a switch that throws. The
 * end-to-end paths (bundle, loopback org) are in test/e2e/secretAccess.test.ts.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { SfError } from '@salesforce/core/sfError';
import { SecretAccessRecords } from '../../src/salesforce/secretAccess/secretAccessRecords.js';
import { withSecretAccessOn, type SecretAccessScopeInput } from '../../src/salesforce/secretAccess/secretAccessScope.js';
import type { SecretAccessSwitch, SwitchAnswer } from '../../src/salesforce/secretAccess/secretAccessSwitch.js';
import { TEST_HOME } from '../helpers/isolation.js';

const ORG = '00DSCOPE0000001AAA';

/** A switch that answers from a script and logs what it was asked, with the org's setting as it would be. */
const scripted = (answers: Partial<Record<'on' | 'off', () => Promise<SwitchAnswer>>>): SecretAccessSwitch & { calls: string[]; setting: () => boolean } => {
  const calls: string[] = [];
  let setting = false;
  return {
    calls,
    setting: () => setting,
    set: async (on) => {
      calls.push(on ? 'on' : 'off');
      const answer = await (answers[on ? 'on' : 'off'] ?? ((): Promise<SwitchAnswer> => Promise.resolve({ state: 'applied' })))();
      if (answer.state === 'applied' || (on && answer.state === 'unknown')) setting = on; // unknown switch-on: the org applied it
      return answer;
    },
  };
};

const inputFor = (switcher: SecretAccessSwitch, dir: string): SecretAccessScopeInput & { records: SecretAccessRecords } => ({
  orgId: ORG,
  orgLabel: 'scope-org',
  about: {},
  records: new SecretAccessRecords(dir),
  switcher,
  alreadyOn: false,
  leftBehind: [],
  afterInterrupt: () => undefined,
});

const failure = async (p: Promise<unknown>): Promise<SfError> =>
  p.then(
    () => expect.fail('expected the scope to throw'),
    (e: unknown) => e as SfError,
  );

describe('secret-access scope (scripted switch)', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(TEST_HOME, 'scope-')), 'secret-access');
  });

  it('SIGINT while the switch-on is still in flight: waits for it to land, switches off, then Interrupted (130); no record', async () => {
    let land: (a: SwitchAnswer) => void = () => undefined;
    const sw = scripted({ on: () => new Promise<SwitchAnswer>((r) => (land = r)) });
    let reads = 0;
    const scope = withSecretAccessOn(inputFor(sw, dir), () => Promise.resolve(++reads));
    await new Promise((r) => setImmediate(r));
    process.emit('SIGINT');
    await new Promise((r) => setTimeout(r, 20));
    expect(sw.calls, 'no switch-off under a switch-on still in flight').to.deep.equal(['on']);
    land({ state: 'applied' });
    const e = await failure(scope);
    expect([e.name, e.exitCode]).to.deep.equal(['InterruptedError', 130]);
    expect(sw.calls).to.deep.equal(['on', 'off']);
    expect(reads, 'nothing read after the signal').to.equal(0);
    expect(sw.setting()).to.equal(false);
    expect(readdirSync(dir)).to.deep.equal([]);
  });

  it('a refused switch-on: nothing to undo (no switch-off), exit 1 SecretAccessNotSwitchedOn saying the setting stays off; no record', async () => {
    const sw = scripted({ on: () => Promise.resolve({ state: 'refused', detail: 'Salesforce rejected deploy 0Af1 (Failed)' }) });
    const e = await failure(withSecretAccessOn(inputFor(sw, dir), () => Promise.resolve('read')));
    expect([e.name, e.exitCode]).to.deep.equal(['SecretAccessNotSwitchedOnError', 1]);
    expect(e.message).to.include('the setting stays off').and.include('0Af1');
    expect(sw.calls).to.deep.equal(['on']);
    expect(readdirSync(dir)).to.deep.equal([]);
  });

  it('a switch that throws on the way off and a read that failed: exit 68 SecretAccessLeftOn with the read failure, data.secretAccessLeftOn; the record stays', async () => {
    const sw = scripted({ off: () => Promise.reject(new Error('socket hang up')) });
    const e = await failure(
      withSecretAccessOn(inputFor(sw, dir), () => Promise.reject(new Error('INSUFFICIENT_ACCESS'))),
    );
    expect([e.name, e.exitCode]).to.deep.equal(['SecretAccessLeftOnError', 68]);
    expect(e.message).to.include('still switched ON').and.include('socket hang up').and.include('INSUFFICIENT_ACCESS');
    expect((e.data as { secretAccessLeftOn: boolean }).secretAccessLeftOn).to.equal(true);
    expect(sw.setting()).to.equal(true);
    expect(readdirSync(dir)).to.have.length(1);
  });
});
