import { Writable } from 'node:stream';
import { expect } from 'chai';
import { lineProgress, terminalProgress } from '../../src/fleet/progressDisplay.js';

const events = [
  { kind: 'skipped', tenant: 'a', reason: 'already done' },
  { kind: 'started', tenant: 'b', reason: 'new' },
  { kind: 'started', tenant: 'c', reason: 'new' },
  { kind: 'stage', tenant: 'b', stage: 'deploy:app', state: 'submitted' },
  { kind: 'finished', tenant: 'b', status: 'created', exitCode: 0 },
  { kind: 'finished', tenant: 'c', status: 'failed', exitCode: 1, message: 'Profile "X" does not exist.\nmore' },
] as const;

describe('rollout progress display', () => {
  it('prints one plain line per tenant event when not on a terminal, with done/total', () => {
    const lines: string[] = [];
    const display = lineProgress(4, (l) => lines.push(l));
    for (const e of events) display.onEvent(e);
    display.stop();
    expect(lines.slice(0, 5)).to.deep.equal([
      '[1/4] a: skipped (already done)',
      '[1/4] b: started (new)',
      '[1/4] c: started (new)',
      '[1/4] b: deploy:app submitted',
      '[2/4] b: created (exit 0)',
    ]);
    expect(lines[5]).to.equal('[3/4] c: failed (exit 1) - Profile "X" does not exist.');
    expect(lines[6]).to.match(/^2 done, 1 failed, 0 running, 1 remaining \| 0:00 elapsed \| [\d.]+ tenants\/s$/);
  });

  it('redraws one status line in place on a terminal, with finished tenants above it', () => {
    let out = '';
    const stream = new Writable({ write: (chunk: Buffer, _enc, cb) => ((out += chunk.toString()), cb()) });
    const display = terminalProgress(4, stream, 60_000);
    for (const e of events) display.onEvent(e);
    display.stop();
    const screen = out.split('\r\x1b[2K');
    expect(screen).to.include('b: created (exit 0)\n');
    expect(screen.some((s) => s.startsWith('1 done, 0 failed, 2 running, 1 remaining |'))).to.equal(true);
    expect(screen.at(-1)).to.match(/^2 done, 1 failed, 0 running, 1 remaining \| .*\n$/);
    expect(out).to.not.contain('started (new)');
  });
});
