/** "Whose file is this" and "can the hand-off go there", without an org: the checks never block and create nothing. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { TEST_HOME } from '../helpers/isolation.js';
import { handoffFileOwner, handoffTargetProblem } from '../../src/credentials/handoffTarget.js';
import { writeHandoff, type Handoff } from '../../src/credentials/handoff.js';
import { Secret } from '../../src/credentials/secret.js';

const ORG = '00D000000000001AAA';
const handoff: Handoff = {
  loginUrl: 'https://acme.my.salesforce.com',
  consumerKey: '3MVG9testkey',
  consumerSecret: new Secret('x'.repeat(64)),
  orgId: ORG,
  instanceUrl: 'https://acme.my.salesforce.com',
  isSandbox: false,
  appApiName: 'ren',
  apiVersion: '64.0',
  issuedAt: '2026-01-01T00:00:00.000Z',
};

describe('hand-off target checks', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(TEST_HOME, 'target-'));
  });

  it('handoffFileOwner: none, the org of a hand-off, or what else is there (FIFO and symlink without opening them)', async () => {
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).to.equal(0);
    symlinkSync(join(dir, 'x'), join(dir, 'link'));
    writeFileSync(join(dir, 'h.json'), JSON.stringify({ orgId: ORG, consumerKey: 'k', consumerSecret: 's' }));
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    expect(await handoffFileOwner(join(dir, 'missing.json'))).to.deep.equal({ kind: 'none' });
    expect(await handoffFileOwner(join(dir, 'h.json'))).to.deep.equal({ kind: 'org', orgId: ORG });
    expect(await handoffFileOwner(fifo)).to.deep.equal({ kind: 'foreign', what: 'a named pipe (FIFO)' });
    expect(await handoffFileOwner(join(dir, 'link'))).to.deep.equal({ kind: 'foreign', what: 'a symbolic link' });
    expect(await handoffFileOwner(join(dir, 'notes.txt'))).to.deep.equal({ kind: 'foreign', what: 'something that is not a Ren hand-off' });
  });

  it('handoffTargetProblem: "-" and a new file are fine; the same org (15- or 18-character id) is fine; another org is named', async () => {
    writeFileSync(join(dir, 'h.json'), JSON.stringify({ orgId: ORG, consumerKey: 'k' }));
    expect(await handoffTargetProblem('-', ORG)).to.equal(undefined);
    expect(await handoffTargetProblem(join(dir, 'new', 'deeper', 'h.json'), ORG)).to.equal(undefined);
    expect(await handoffTargetProblem(join(dir, 'h.json'), ORG.slice(0, 15))).to.equal(undefined);
    expect(await handoffTargetProblem(join(dir, 'h.json'), '00D000000000002AAA')).to.include({ kind: 'other-org' });
    expect(readdirSync(dir)).to.deep.equal(['h.json']);
  });

  it('writeHandoff re-checks at write time: a FIFO swapped in after the first check is refused, not read (no hang), nothing left behind', async () => {
    const fifo = join(dir, 'h.json');
    expect(spawnSync('mkfifo', [fifo]).status).to.equal(0);
    const error = await writeHandoff(handoff, fifo).then(
      () => undefined,
      (e: unknown) => e as { name: string; exitCode: number; message: string },
    );
    expect(error).to.include({ name: 'HandoffNotWritableError', exitCode: 1 });
    expect(error?.message).to.include('named pipe');
    expect(readdirSync(dir)).to.deep.equal(['h.json']);
  });

  it('a folder on the way that is a file is named as the problem', async () => {
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'file'), 'x');
    const problem = await handoffTargetProblem(join(dir, 'a', 'file', 'more', 'h.json'), ORG);
    expect(problem).to.include({ kind: 'folder' });
    expect(problem?.problem).to.include(`${join(dir, 'a', 'file')} is not a folder`);
  });
});
