/**
 * Salesforce-shaped identifiers and credentials the loopback org hands out.
 *
 * Ids are 15 characters (3-character key prefix + 12) with Salesforce's 3-character case-safe checksum
 * appended, so they pass any client-side 18-character validation. Key prefixes (salesforce-eca.md §0,
 * salesforce-wire.md §2): 0xI app, 888 OAuth consumer, 0Af deploy, 09S retrieve, 00e profile,
 * 0PS permission set, 005 user, 00D org.
 */
import { randomBytes } from 'node:crypto';

export const KEY_PREFIX = {
  org: '00D',
  user: '005',
  profile: '00e',
  permissionSet: '0PS',
  externalClientApp: '0xI',
  oauthConsumer: '888',
  deploy: '0Af',
  retrieve: '09S',
  metadataComponent: '0Hx',
  stagedCredential: '0Hs',
} as const;

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Salesforce's case-safe suffix: one character per 5-character chunk, bit i set when char i is upper case. */
export const toId18 = (id15: string): string => {
  if (id15.length !== 15) throw new Error(`not a 15-character Salesforce id: ${id15}`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET.charAt(bits);
  }
  return id15 + suffix;
};

export const isValidId18 = (id: string): boolean => id.length === 18 && toId18(id.slice(0, 15)) === id;

let serial = 0;
/**
 * A new 18-character id with the given key prefix. A process-wide serial keeps ids unique across every
 * loopback org started in this process (rollout tests start many), the way ids are unique across Salesforce.
 */
export const newId = (prefix: string): string => {
  serial += 1;
  const body = `LB${serial.toString(36).toUpperCase().padStart(10, '0')}`;
  return toId18(`${prefix}${body}`);
};

const alnum = (length: number): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet.charAt(b % alphabet.length);
  return out;
};

/** Opaque session id `00D…!AQ…`: matches core's accessTokenRegex and is not JWT-shaped (SOAP refuses JWTs). */
export const newAccessToken = (orgId: string): string => `${orgId.slice(0, 15)}!AQ${alnum(96)}`;
export const newRefreshToken = (): string => `5Aep861${alnum(80)}`;
/** Consumer keys are `3MVG9…`, about 85 characters (salesforce-eca.md §3, real retrieved files). */
export const newConsumerKey = (): string => `3MVG9${alnum(80)}`;
/** Consumer secrets are 64 hex characters. */
export const newConsumerSecret = (): string => randomBytes(32).toString('hex').toUpperCase();
