/**
 * age encryption of hand-offs (issue 17), through the `age-encryption` package (the TypeScript port of the age
 * reference implementation): X25519 recipients `age1…`, identities `AGE-SECRET-KEY-1…`, ASCII armor. No crypto of
 * our own. Everything here works in memory: no plaintext ever goes to a file.
 */
import { armor, Decrypter, Encrypter } from 'age-encryption';

/** An age X25519 identity line, as `age-keygen` writes it. */
const AGE_X25519_IDENTITY = /^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$/;

/** Encrypts `plaintext` to every recipient; returns the ASCII-armored age file (ends with a newline). */
export const sealToRecipients = async (plaintext: string, recipients: readonly string[]): Promise<string> => {
  if (recipients.length === 0) throw new Error('no recipients to seal to');
  const encrypter = new Encrypter();
  for (const r of recipients) encrypter.addRecipient(r);
  return armor.encode(await encrypter.encrypt(plaintext));
};

/** The identities in an age identity file's text (`age-keygen -o key.txt`): comment lines and blank lines skipped. */
export const identitiesIn = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

export type OpenResult = { ok: true; plaintext: string } | { ok: false; why: 'no-identity' | 'not-age' | 'wrong-identity' };

/** Decrypts an armored age payload with the identities of an identity file; never throws for bad input. */
export const openSealed = async (armored: string, identityFileText: string): Promise<OpenResult> => {
  const identities = identitiesIn(identityFileText).filter((l) => AGE_X25519_IDENTITY.test(l));
  if (identities.length === 0) return { ok: false, why: 'no-identity' };
  let file: Uint8Array;
  try {
    file = armor.decode(armored);
  } catch {
    return { ok: false, why: 'not-age' };
  }
  const decrypter = new Decrypter();
  for (const i of identities) decrypter.addIdentity(i);
  try {
    return { ok: true, plaintext: await decrypter.decrypt(file, 'text') };
  } catch (e) {
    // age: "no identity matched any of the file's recipients"; anything else is a damaged file.
    return { ok: false, why: /no identity matched/i.test((e as Error).message) ? 'wrong-identity' : 'not-age' };
  }
};
