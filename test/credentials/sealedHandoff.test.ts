/**
 * Sealed hand-offs (issue 17) at the module level: round trip with a generated age key pair, the public header,
 * the reader's errors (no identity, wrong identity, a header changed after sealing), and the writer's guard.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { TEST_HOME } from '../helpers/isolation.js';
import { writeHandoff, type Handoff } from '../../src/credentials/handoff.js';
import { readHandoffFile } from '../../src/credentials/handoffFile.js';
import { handoffFileOwner } from '../../src/credentials/handoffTarget.js';
import { Secret } from '../../src/credentials/secret.js';
import { SEALED_FIRST_LINE } from '../../src/credentials/sealedFormat.js';

const randomSecret = (): string => [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();

const handoffFor = (secret: string, orgId = '00D000000000SEALAA'): Handoff => ({
  loginUrl: 'https://acme.my.salesforce.com',
  consumerKey: '3MVG9sealedKeyForTests',
  consumerSecret: new Secret(secret),
  orgId,
  instanceUrl: 'https://acme.my.salesforce.com',
  isSandbox: false,
  appApiName: 'ren',
  apiVersion: '64.0',
  issuedAt: '2026-01-01T00:00:00.000Z',
});

const errorOf = async (p: Promise<unknown>): Promise<{ name: string; exitCode: number; message: string }> => {
  try {
    await p;
  } catch (e) {
    return e as { name: string; exitCode: number; message: string };
  }
  throw new Error('expected a failure');
};

describe('sealed hand-off files (age)', () => {
  it('round trip: sealed to a generated key pair as <name>.json.age (0600), header without the secret, opened with the identity', async () => {
    const identity = await generateX25519Identity();
    const recipient = await identityToRecipient(identity);
    const secret = randomSecret();
    const dir = mkdtempSync(join(TEST_HOME, 'sealed-'));
    const path = await writeHandoff(handoffFor(secret), join(dir, '00D000000000SEALAA.json'), { recipients: [recipient] });
    expect(path).to.equal(join(dir, '00D000000000SEALAA.json.age'));
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    expect(readdirSync(dir)).to.deep.equal(['00D000000000SEALAA.json.age']);
    const text = readFileSync(path, 'utf8');
    expect(text.includes(secret), 'secret on disk in clear').to.equal(false);
    const lines = text.split('\n');
    expect(lines[0]).to.equal(SEALED_FIRST_LINE);
    const header = JSON.parse(text.slice(text.indexOf('{'), text.indexOf('-----BEGIN AGE ENCRYPTED FILE-----'))) as Record<string, unknown>;
    expect(header).to.deep.equal({
      format: 'ren-eca-sealed-handoff/1', orgId: '00D000000000SEALAA', consumerKey: '3MVG9sealedKeyForTests', appApiName: 'ren',
      loginUrl: 'https://acme.my.salesforce.com', instanceUrl: 'https://acme.my.salesforce.com', isSandbox: false, apiVersion: '64.0',
      issuedAt: '2026-01-01T00:00:00.000Z', recipients: [recipient],
    });
    expect(text.trimEnd().endsWith('-----END AGE ENCRYPTED FILE-----')).to.equal(true);

    expect(await handoffFileOwner(path)).to.deep.equal({ kind: 'org', orgId: '00D000000000SEALAA' });
    const opened = await readHandoffFile(path, { identityText: `# created: today\n# public key: ${recipient}\n${identity}\n` });
    expect(opened.form).to.equal('sealed');
    expect(opened.handoff.consumerSecret.reveal() === secret, 'the secret comes back').to.equal(true);
    expect(opened.handoff.orgId).to.equal('00D000000000SEALAA');
  });

  it('seals to several recipients: each identity opens it', async () => {
    const ids = [await generateX25519Identity(), await generateX25519Identity()];
    const recipients = await Promise.all(ids.map((i) => identityToRecipient(i)));
    const dir = mkdtempSync(join(TEST_HOME, 'sealed-'));
    const path = await writeHandoff(handoffFor(randomSecret()), join(dir, 'x.json.age'), { recipients });
    expect(path).to.equal(join(dir, 'x.json.age'));
    for (const identityText of ids) expect((await readHandoffFile(path, { identityText })).form).to.equal('sealed');
  });

  it('refuses without an identity, with a wrong identity, and when the header was changed after sealing (all exit 2)', async () => {
    const recipient = await identityToRecipient(await generateX25519Identity());
    const dir = mkdtempSync(join(TEST_HOME, 'sealed-'));
    const path = await writeHandoff(handoffFor(randomSecret()), join(dir, 'a.json'), { recipients: [recipient] });
    expect(await errorOf(readHandoffFile(path))).to.include({ name: 'HandoffNeedsIdentityError', exitCode: 2 });
    const wrong = await errorOf(readHandoffFile(path, { identityText: await generateX25519Identity() }));
    expect(wrong).to.include({ name: 'HandoffWrongIdentityError', exitCode: 2 });
    expect(wrong.message).to.match(/cannot open the sealed hand-off .*a\.json\.age: the file was sealed to other recipients/);
    expect(await errorOf(readHandoffFile(path, { identityText: 'not a key' }))).to.include({ name: 'IdentityFileInvalidError', exitCode: 2 });

    const identity = await generateX25519Identity();
    const tampered = await writeHandoff(handoffFor(randomSecret(), '00D000000000TAMPAA'), join(dir, 't.json'), { recipients: [await identityToRecipient(identity)] });
    writeFileSync(tampered, readFileSync(tampered, 'utf8').replace('https://acme.my.salesforce.com', 'https://attacker.example.com'));
    const changed = await errorOf(readHandoffFile(tampered, { identityText: identity }));
    expect(changed).to.include({ name: 'HandoffFileInvalidError', exitCode: 2 });
    expect(changed.message).to.match(/header does not match its sealed payload \(loginUrl\)/);
  });

  it("will not replace another org's sealed file (the header names its org, no identity needed)", async () => {
    const recipient = await identityToRecipient(await generateX25519Identity());
    const dir = mkdtempSync(join(TEST_HOME, 'sealed-'));
    const path = await writeHandoff(handoffFor(randomSecret(), '00D00000000AORGAAA'), join(dir, 'h.json'), { recipients: [recipient] });
    const before = readFileSync(path, 'utf8');
    expect(await errorOf(writeHandoff(handoffFor(randomSecret(), '00D00000000BORGAAA'), join(dir, 'h.json'), { recipients: [recipient] }))).to.include({ name: 'HandoffOtherOrgError' });
    expect(readFileSync(path, 'utf8')).to.equal(before);
    expect(readdirSync(dir)).to.deep.equal(['h.json.age']);
  });
});
