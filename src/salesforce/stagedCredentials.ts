/**
 * Salesforce's staged credentials for a Local External Client App's OAuth consumer, through the Connect REST API
 * (salesforce-eca.md §3.7, API 65.0+), on an @salesforce/core Connection:
 *   list     GET    …/apps/oauth/credentials/{appId}/{consumerId}/staged
 *   create   POST   …/staged            (body `{}`: sfdx-hardis saw ECONNRESET without one [CODE])
 *   promote  PATCH  …/staged/{id}       {"command":"rotate"}: the staged pair becomes current, the previous pair
 *                                       stays in the staged slot as `Rotated`
 *   remove   DELETE …/staged/{id}
 * Every answer carries secrets, so they are wrapped in Secret at once and never put in an error. Answers are checked
 * with zod; errors become catalog errors. Every call needs REST access to consumer secrets: the caller runs them
 * inside its secret-access scope.
 */
import type { Connection } from '@salesforce/core';
import type { SfError } from '@salesforce/core/sfError';
import { z } from 'zod';
import { Secret } from '../credentials/index.js';
import { cliError } from '../errors/index.js';
import { findAppId } from './readCredentials.js';

export const STAGED_MIN_API_VERSION = 65;

export type StagedState = 'Active' | 'Expired' | 'Rotated';
export type ConsumerRef = { readonly appId: string; readonly consumerId: string };
export type StagedCredential = { readonly id: string; readonly state: StagedState; readonly consumerKey: string; readonly consumerSecret: Secret };
export type AppConsumer = { readonly id: string; readonly consumerKey: string };
export type AppConsumers = { readonly appId: string; readonly consumers: readonly AppConsumer[] };

export type StagedCredentialsClient = {
  /** The consumer's staged slot: zero or one entry (Salesforce allows one per consumer). */
  list(ref: ConsumerRef): Promise<StagedCredential[]>;
  /** Stages a new pair (state Active); the org refuses while the slot is taken. */
  create(ref: ConsumerRef): Promise<StagedCredential>;
  /** Promotes the Active staged pair. What the org holds afterwards is read back by the caller (list). */
  promote(ref: ConsumerRef, stagedId: string): Promise<void>;
  /** Deletes a staged entry; 'absent' when the org no longer had it (a repeated or resumed delete). */
  remove(ref: ConsumerRef, stagedId: string): Promise<'deleted' | 'absent'>;
  /** The consumer's current key and secret (`?part=keyandsecret`), to read back what a promotion left. */
  current(ref: ConsumerRef): Promise<{ consumerKey: string; consumerSecret: Secret }>;
};

const stagedSchema = z.object({ id: z.string().min(15), key: z.string().min(1), secret: z.string().min(1), state: z.enum(['Active', 'Expired', 'Rotated']) });
const collectionSchema = z.object({ stagedCredentials: z.array(stagedSchema) });
const consumersSchema = z.object({ consumers: z.array(z.object({ id: z.string().min(15), key: z.string().min(1) })).default([]) });
const currentSchema = z.object({ key: z.string().min(1), secret: z.string().min(1) });

const toStaged = (s: z.infer<typeof stagedSchema>): StagedCredential => ({ id: s.id, state: s.state, consumerKey: s.key, consumerSecret: new Secret(s.secret) });

type Failure = { errorCode: string; message: string };
const failureOf = (e: unknown): Failure => {
  const err = e as { errorCode?: unknown; message?: unknown; name?: unknown };
  const code = typeof err.errorCode === 'string' ? err.errorCode : typeof err.name === 'string' ? err.name : 'ERROR';
  return { errorCode: code, message: typeof err.message === 'string' ? err.message : String(e) };
};

const REFUSED = /FUNCTIONALITY_NOT_ENABLED|INSUFFICIENT_ACCESS|INSUFFICIENT_PRIVILEGES|not (currently )?enabled|View Client Secret/i;
const LOCAL_ONLY = /only for local external client apps/i;
const NOT_FOUND = /^NOT_FOUND$/;

/** One row per kind of refusal: how it is recognised and which catalog entry explains it. */
const ERROR_ROWS: ReadonlyArray<{ matches: (f: Failure) => boolean; build: (org: string, app: string, f: Failure, what: string) => SfError }> = [
  { matches: (f) => REFUSED.test(f.errorCode) || REFUSED.test(f.message), build: (org, app, f) => cliError('StagedCredentialsRefused', [org, app, `${f.errorCode}: ${f.message}`]) },
  { matches: (f) => LOCAL_ONLY.test(f.message), build: (org, app, f) => cliError('StagedCredentialsUnsupported', [org, app, f.message]) },
];

export type StagedClientOptions = {
  conn: Connection;
  /** For messages: the org's alias or username. */
  orgLabel: string;
  appApiName: string;
  /** API version of the calls; default the connection's. Must be 65.0 or later. */
  apiVersion?: string;
};

/**
 * Apps and consumers do not need secret access: find the app's id (0xI…) and its consumers (888…, with keys).
 * Login and network errors are thrown as the libraries throw them (the command maps them with loginErrorFor).
 */
export const findAppConsumers = async (conn: Connection, appApiName: string, orgLabel = conn.instanceUrl): Promise<AppConsumers | undefined> => {
  const appId = await findAppId(conn, appApiName);
  if (appId === undefined) return undefined;
  const list = consumersSchema.safeParse(await conn.request(`/apps/oauth/credentials/${appId}`));
  if (!list.success) throw cliError('OrgRequestFailed', [orgLabel, `list the consumers of ${appApiName}`, `unexpected answer (${list.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`).join(', ')})`]);
  return { appId, consumers: list.data.consumers.map((c) => ({ id: c.id, consumerKey: c.key })) };
};

export const stagedCredentialsClient = (options: StagedClientOptions): StagedCredentialsClient => {
  const { conn, orgLabel, appApiName } = options;
  const version = options.apiVersion ?? conn.getApiVersion();
  const base = (ref: ConsumerRef): string => `/services/data/v${version}/apps/oauth/credentials/${ref.appId}/${ref.consumerId}/staged`;
  const fail = (what: string, e: unknown): SfError => {
    const f = failureOf(e);
    return ERROR_ROWS.find((row) => row.matches(f))?.build(orgLabel, appApiName, f, what) ?? cliError('StagedCredentialsFailed', [orgLabel, appApiName, what, `${f.errorCode}: ${f.message}`], { cause: e });
  };
  const call = async <T>(what: string, schema: z.ZodType<T>, send: () => Promise<unknown>): Promise<T> => {
    if (!(Number.parseFloat(version) >= STAGED_MIN_API_VERSION)) {
      throw cliError('StagedCredentialsUnsupported', [orgLabel, appApiName, `they need API ${STAGED_MIN_API_VERSION}.0 and the connection speaks ${version}`]);
    }
    let answer: unknown;
    try {
      answer = await send();
    } catch (e) {
      throw fail(what, e);
    }
    const parsed = schema.safeParse(answer);
    // The issue list names fields and types only, never values: the answer holds secrets.
    if (!parsed.success) throw cliError('StagedCredentialsFailed', [orgLabel, appApiName, what, `unexpected answer (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`).join(', ')})`]);
    return parsed.data;
  };

  return {
    list: async (ref) => (await call('list staged credentials', collectionSchema, () => conn.request(base(ref)))).stagedCredentials.map(toStaged),
    create: async (ref) => {
      const answer = await call('create staged credentials', collectionSchema, () => conn.request({ method: 'POST', url: base(ref), body: '{}' }));
      const active = answer.stagedCredentials.filter((s) => s.state === 'Active');
      if (active.length !== 1) throw cliError('StagedCredentialsFailed', [orgLabel, appApiName, 'create staged credentials', `the org answered with ${active.length} Active staged pairs`]);
      return toStaged(active[0]!);
    },
    promote: async (ref, stagedId) => {
      await call('promote staged credentials', z.unknown(), () => conn.request({ method: 'PATCH', url: `${base(ref)}/${stagedId}`, body: JSON.stringify({ command: 'rotate' }) }));
    },
    remove: async (ref, stagedId) => {
      let absent = false;
      await call('delete staged credentials', z.unknown(), async () => {
        try {
          return await conn.request({ method: 'DELETE', url: `${base(ref)}/${stagedId}` });
        } catch (e) {
          if (!NOT_FOUND.test(failureOf(e).errorCode)) throw e;
          absent = true;
          return undefined;
        }
      });
      return absent ? 'absent' : 'deleted';
    },
    current: async (ref) => {
      const creds = await call('read the current key and secret', currentSchema, () =>
        conn.request(`/services/data/v${version}/apps/oauth/credentials/${ref.appId}/${ref.consumerId}?part=keyandsecret`));
      return { consumerKey: creds.key, consumerSecret: new Secret(creds.secret) };
    },
  };
};
