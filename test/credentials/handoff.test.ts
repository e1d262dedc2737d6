/** The hand-off writer and the Secret type: what lands on disk, and what can never be printed by accident. */
import { mkdtempSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { expect } from 'chai';
import { TEST_HOME } from '../helpers/isolation.js';
import { HANDOFF_FIELDS, writeHandoff, type Handoff } from '../../src/credentials/handoff.js';
import { Secret } from '../../src/credentials/secret.js';

const RAW = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0abcd';
const handoff = (orgId: string): Handoff => ({
  loginUrl: 'https://acme.my.salesforce.com',
  consumerKey: '3MVG9testkey',
  consumerSecret: new Secret(RAW),
  orgId,
  instanceUrl: 'https://acme.my.salesforce.com',
  isSandbox: false,
  appApiName: 'ren',
  apiVersion: '64.0',
  issuedAt: '2026-01-01T00:00:00.000Z',
});

describe('hand-off file', () => {
  it('Secret never prints its value through JSON, strings or inspect', () => {
    const s = new Secret(RAW);
    const printed = [JSON.stringify({ s }), `${String(s)}`, inspect(s), inspect({ nested: s })].join(' ');
    expect(printed.includes(RAW), 'secret absent').to.equal(false);
    expect(s.reveal() === RAW, 'reveal gives the value').to.equal(true);
  });

  it('writes exactly the documented fields with mode 0600 in a 0700 folder', async () => {
    const dir = join(mkdtempSync(join(TEST_HOME, 'handoff-')), 'ren-credentials');
    const path = await writeHandoff(handoff('00D000000000001AAA'), join(dir, 'a.json'));
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    expect(statSync(dir).mode & 0o777).to.equal(0o700);
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(parsed)).to.deep.equal([...HANDOFF_FIELDS]);
    expect(parsed.consumerSecret === RAW, 'the file holds the secret').to.equal(true);
  });

  it('replaces a hand-off of the same org, refuses another org\'s file or a foreign file, leaving no temp file', async () => {
    const dir = mkdtempSync(join(TEST_HOME, 'handoff-'));
    const path = join(dir, 'a.json');
    await writeHandoff(handoff('00D000000000001AAA'), path);
    await writeHandoff(handoff('00D000000000001AAA'), path);
    let error: unknown;
    await writeHandoff(handoff('00D000000000002AAA'), path).catch((e: unknown) => (error = e));
    expect((error as Error).name).to.equal('HandoffOtherOrgError');
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    error = undefined;
    await writeHandoff(handoff('00D000000000001AAA'), join(dir, 'notes.txt')).catch((e: unknown) => (error = e));
    expect((error as Error).name).to.equal('HandoffOtherOrgError');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).to.equal('hello');
    expect(readdirSync(dir).sort()).to.deep.equal(['a.json', 'notes.txt']);
  });
});
