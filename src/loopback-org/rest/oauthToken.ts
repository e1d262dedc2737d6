/**
 * POST /services/oauth2/token, refresh-token grant: what @salesforce/core does at login and on every expired
 * session (salesforce-wire.md §1.1 option C), and what `ren-eca verify` sends with a made-up refresh token to prove
 * a consumer key and secret (issue 15 item 1). OAuth errors use the OAuth body shape, not the REST one.
 *
 * Clients the endpoint knows:
 * - `PlatformCLI`, the Salesforce CLI's built-in connected app: a public client (core sends no client_secret), so
 *   no secret is checked for it; its refresh token is the login's (`state.refreshToken`).
 * - each External Client App's OAuth consumer: its current key, plus a staged pair once rotated (the previous pair
 *   stays valid, salesforce-eca.md §3.7). A key is unknown (`invalid_client_id`) until
 *   `switches.tokenEndpointKnowsKeyAfterMs` after it was issued (field-reports.md 2). The secret is checked when the
 *   app's Global OAuth settings require it for the refresh token flow (isSecretRequiredForRefreshToken, default true);
 *   a missing or wrong one is `invalid_client`. These apps never issued a refresh token here, so every refresh
 *   token sent with them is `invalid_grant`.
 * `switches.tokenEndpointOrder` says whether the client ('clientFirst', default) or the grant is checked first.
 */
import type { Reply } from '../http/reply.js';
import { jsonReply } from '../http/reply.js';
import { ECA_TYPES } from '../metadata/ecaDefaults.js';
import type { OrgState } from '../orgState.js';
import { identityUrl } from './identity.js';

const oauthError = (error: string, description: string): Reply => jsonReply(400, { error, error_description: description });

export const TOKEN_ERRORS = {
  unsupportedGrant: () => oauthError('unsupported_grant_type', 'grant type not supported'),
  unknownClient: () => oauthError('invalid_client_id', 'client identifier invalid'),
  wrongSecret: () => oauthError('invalid_client', 'invalid client credentials'),
  badGrant: () => oauthError('invalid_grant', 'expired access/refresh token'),
} as const;

/** The Salesforce CLI's connected app (core's DEFAULT_CONNECTED_APP_INFO). */
const CLI_CLIENT_ID = 'PlatformCLI';

type Client = { kind: 'cli' } | { kind: 'app'; secret: string; secretRequired: boolean };

const secretRequiredForRefresh = (state: OrgState, appName: string): boolean => {
  const global = state.componentsOfType(ECA_TYPES.globalOauth).find((c) => c.fields.externalClientApplication === appName);
  return global?.fields.isSecretRequiredForRefreshToken !== 'false';
};

/**
 * The client `clientId` names, if the token endpoint knows it now. Which pairs authenticate (current, a Rotated
 * previous pair, expiry) is the org state's one rule, OrgState.clientOfKey, shared with authenticateClient.
 */
const clientOf = (state: OrgState, clientId: string | null, now: number): Client | undefined => {
  if (clientId === null || clientId === '') return undefined;
  if (clientId === state.clientId && clientId === CLI_CLIENT_ID) return { kind: 'cli' };
  const knownAt = state.tokenEndpointKnowsKeyAt.get(clientId) ?? 0;
  if (knownAt > now) return undefined;
  const pair = state.clientOfKey(clientId);
  return pair === undefined ? undefined : { kind: 'app', secret: pair.secret, secretRequired: secretRequiredForRefresh(state, pair.appName) };
};

/** The client check: undefined when the client authenticated, else the OAuth error. */
const clientProblem = (client: Client | undefined, secret: string | null): Reply | undefined => {
  if (client === undefined) return TOKEN_ERRORS.unknownClient();
  if (client.kind === 'app' && client.secretRequired && secret !== client.secret) return TOKEN_ERRORS.wrongSecret();
  return undefined;
};

/** The grant check: only the CLI login's refresh token was ever issued, and only to the CLI client. */
const grantProblem = (state: OrgState, client: Client | undefined, refreshToken: string | null): Reply | undefined =>
  client?.kind === 'cli' && refreshToken === state.refreshToken ? undefined : TOKEN_ERRORS.badGrant();

export const tokenReply = (state: OrgState, form: URLSearchParams): Reply => {
  if (form.get('grant_type') !== 'refresh_token') return TOKEN_ERRORS.unsupportedGrant();
  const client = clientOf(state, form.get('client_id'), Date.now());
  const checks = [() => clientProblem(client, form.get('client_secret')), () => grantProblem(state, client, form.get('refresh_token'))];
  if (state.switches.tokenEndpointOrder === 'grantFirst') checks.reverse();
  for (const check of checks) {
    const problem = check();
    if (problem !== undefined) return problem;
  }
  return jsonReply(200, {
    access_token: state.issueAccessToken(),
    signature: 'bG9vcGJhY2stc2lnbmF0dXJl',
    scope: 'refresh_token web api',
    instance_url: state.instanceUrl,
    id: identityUrl(state),
    token_type: 'Bearer',
    issued_at: String(Date.now()),
  });
};
