/**
 * Reads the consumer key (and secret) the org issued, with the Connect REST credentials API
 * (salesforce-eca.md §3): the app id (0xI…), its consumer (888…), then `?part=keyandsecret`.
 * Ids already known from the deploy or the retrieve are used as they are, so a re-run needs one call.
 * Salesforce can take a while to issue credentials after a deploy: "not found yet" answers are retried
 * with a bounded, doubling backoff. A refusal to show the secret is not retried; it is reported as such.
 */
import type { Connection } from '@salesforce/core';
import { Secret } from '../credentials/index.js';

export type CredentialsLookup = { appApiName: string; appId?: string; consumerId?: string };
export type RetryPolicy = { attempts: number; initialDelayMs: number };
export type IssuedCredentials = { appId: string; consumerId: string; consumerKey: string; consumerSecret?: Secret };

export const DEFAULT_READBACK_RETRY: RetryPolicy = { attempts: 6, initialDelayMs: 500 };

/** Thrown when the org will not show the secret (the REST-access setting is off, or the user may not view secrets). */
export class SecretRefusedError extends Error {
  public constructor(public readonly reason: string) {
    super(reason);
    this.name = 'SecretRefusedError';
  }
}
/** Thrown when the retries ran out while the org had not issued credentials yet. */
export class CredentialsNotIssuedError extends Error {
  public constructor(reason: string) {
    super(reason);
    this.name = 'CredentialsNotIssuedError';
  }
}

type ConsumerList = { consumers?: { id?: string; key?: string }[] };
type ConsumerCredentials = { id?: string; key?: string; secret?: string };

const text = (e: unknown): string => {
  const err = e as { errorCode?: unknown; message?: unknown };
  return `${typeof err.errorCode === 'string' ? err.errorCode : ''} ${typeof err.message === 'string' ? err.message : String(e)}`;
};
const REFUSED = /not (currently )?enabled|FUNCTIONALITY_NOT_ENABLED|INSUFFICIENT_ACCESS|INSUFFICIENT_PRIVILEGES|FORBIDDEN|View Client Secret/i;
const NOT_YET = /NOT_FOUND|not (yet )?(found|available)|does not exist|404/i;

class NotYet extends Error {}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const soqlString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The app's Id (0xI…) by its API name. [UNCONFIRMED] whether the data API answers SOQL on ExternalClientApplication:
 * sfdx-hardis queries it there (salesforce-eca.md §3.2), while the object reference calls the sObject "for internal
 * use only" and lists no query(). We ask the data API first and fall back to the Tooling API (where the object is
 * documented in @salesforce/types/tooling) when the org answers INVALID_TYPE, so either answer works.
 */
export const findAppId = async (conn: Connection, appApiName: string): Promise<string | undefined> => {
  const soql = `SELECT Id FROM ExternalClientApplication WHERE DeveloperName = ${soqlString(appApiName)}`;
  try {
    return (await conn.query<{ Id: string }>(soql)).records[0]?.Id;
  } catch (e) {
    if ((e as { errorCode?: unknown }).errorCode !== 'INVALID_TYPE') throw e;
    return (await conn.tooling.query<{ Id: string }>(soql)).records[0]?.Id;
  }
};

export const readCredentials = async (
  conn: Connection,
  lookup: CredentialsLookup,
  options: { withSecret: boolean; retry?: RetryPolicy },
): Promise<IssuedCredentials> => {
  const retry = options.retry ?? DEFAULT_READBACK_RETRY;
  let { appId, consumerId } = lookup;
  const attempt = async (): Promise<IssuedCredentials> => {
    if (!appId) {
      appId = await findAppId(conn, lookup.appApiName);
      if (!appId) throw new NotYet(`the org has no External Client App named ${lookup.appApiName} yet`);
    }
    if (!consumerId) {
      const list = await conn.request<ConsumerList>(`/apps/oauth/credentials/${appId}`);
      consumerId = list.consumers?.[0]?.id;
      if (!consumerId) throw new NotYet('the app has no OAuth consumer yet');
    }
    const part = options.withSecret ? 'keyandsecret' : 'key';
    const creds = await conn.request<ConsumerCredentials>(`/apps/oauth/credentials/${appId}/${consumerId}?part=${part}`);
    if (!creds.key) throw new NotYet('the consumer key is not issued yet');
    if (options.withSecret && !creds.secret) throw new SecretRefusedError('the org answered without a secret');
    return { appId, consumerId, consumerKey: creds.key, ...(creds.secret ? { consumerSecret: new Secret(creds.secret) } : {}) };
  };

  let delay = retry.initialDelayMs;
  let last = '';
  for (let i = 1; i <= Math.max(1, retry.attempts); i++) {
    try {
      return await attempt();
    } catch (e) {
      if (e instanceof SecretRefusedError) throw e;
      const t = text(e);
      if (REFUSED.test(t)) throw new SecretRefusedError(t.trim());
      if (!(e instanceof NotYet) && !NOT_YET.test(t)) throw e;
      // A stale consumer id (e.g. from an old retrieve) is looked up again next time.
      if (!(e instanceof NotYet)) consumerId = undefined;
      last = e instanceof NotYet ? e.message : t.trim();
      if (i < retry.attempts) await sleep(delay);
      delay *= 2;
    }
  }
  throw new CredentialsNotIssuedError(`${last} (after ${retry.attempts} attempts)`);
};
