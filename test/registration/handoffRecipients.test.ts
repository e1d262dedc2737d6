/** The spec's `handoff.recipients` (Ren's age public keys) and the tenant override `handoffRecipients`. */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { defaultSpecPath } from '../../src/files/packageRoot.js';
import { registrationSchema } from '../../src/registration/registrationSchema.js';
import { applyTenantOverrides, tenantOverridesSchema } from '../../src/registration/tenantOverrides.js';
import { formatSpecIssues } from '../../src/registration/specIssues.js';

const spec = (): Record<string, unknown> => JSON.parse(readFileSync(defaultSpecPath(), 'utf8')) as Record<string, unknown>;

describe('spec: handoff.recipients', () => {
  it('is optional, and takes age X25519 public keys as age-keygen prints them', async () => {
    expect(registrationSchema.safeParse(spec()).success).to.equal(true);
    const recipient = await identityToRecipient(await generateX25519Identity());
    const parsed = registrationSchema.parse({ ...spec(), handoff: { recipients: [recipient] } });
    expect(parsed.handoff?.recipients).to.deep.equal([recipient]);
  });

  it('refuses what is not an age1… X25519 key, an empty list, a duplicate and unknown keys, each with its fix', async () => {
    const recipient = await identityToRecipient(await generateX25519Identity());
    const problems = (handoff: unknown): string[] => {
      const r = registrationSchema.safeParse({ ...spec(), handoff });
      return r.success ? [] : formatSpecIssues(r.error.issues);
    };
    expect(problems({ recipients: ['ssh-ed25519 AAAA'] })).to.deep.equal([
      'handoff.recipients[0]: is not an age X25519 public key — write the "age1…" line (62 characters, lower case) that age-keygen prints as "Public key"',
    ]);
    expect(problems({ recipients: [recipient.toUpperCase()] })[0]).to.match(/^handoff\.recipients\[0\]: is not an age X25519 public key/);
    expect(problems({ recipients: [] })[0]).to.match(/^handoff\.recipients: is empty — list at least one/);
    expect(problems({ recipients: [recipient, recipient] })[0]).to.match(/^handoff\.recipients: lists a key twice/);
    expect(problems({ recipients: [recipient], extra: true })[0]).to.match(/^handoff\.extra: unknown key "extra"/);
  });

  it('the tenant override handoffRecipients replaces the spec recipients', async () => {
    const [a, b] = await Promise.all([generateX25519Identity(), generateX25519Identity()].map(async (i) => identityToRecipient(await i)));
    const registration = registrationSchema.parse({ ...spec(), handoff: { recipients: [a] } });
    const overrides = tenantOverridesSchema.parse({ handoffRecipients: [b] });
    expect(applyTenantOverrides(registration, overrides).handoff?.recipients).to.deep.equal([b]);
    expect(applyTenantOverrides(registration, {}).handoff?.recipients).to.deep.equal([a]);
    expect(tenantOverridesSchema.safeParse({ handoffRecipients: ['age1nope'] }).success).to.equal(false);
  });
});
