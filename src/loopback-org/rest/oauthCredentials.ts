/**
 * Connect REST for External Client App OAuth credentials (salesforce-eca.md §3.2–§3.7):
 *   GET  apps/oauth/usage                                          (API 59.0+)
 *   GET  apps/oauth/credentials/{appId}                            (60.0+)
 *   GET  apps/oauth/credentials/{appId}/{consumerId}?part=key|secret|keyandsecret   (60.0+)
 * Staged credentials (…/{consumerId}/staged, 65.0+) are in ./stagedCredentials.ts.
 * Secrets are refused while ExternalClientAppSettings.enableClientSecretInRestApiAccess is off, and for a user
 * without View Client Secret, with the wordings tools look for ("not currently enabled", "not enabled for this user").
 */
import type { Reply } from '../http/reply.js';
import { jsonReply, REST_ERRORS, restError } from '../http/reply.js';
import { ECA_TYPES } from '../metadata/ecaDefaults.js';
import type { OAuthConsumer, OrgState } from '../orgState.js';
import type { OrgComponent } from '../types.js';

export type CredentialsRequest = {
  state: OrgState;
  version: string;
  method: string;
  /** Path segments after apps/oauth/credentials/. */
  segments: string[];
  query: URLSearchParams;
  body: string;
};

const PARTS: Readonly<Record<string, { key: boolean; secret: boolean }>> = {
  key: { key: true, secret: false },
  secret: { key: false, secret: true },
  keyandsecret: { key: true, secret: true },
};

export const CONNECT_ERRORS = {
  secretsApiOff: () => restError(403, 'FUNCTIONALITY_NOT_ENABLED', 'This feature is not currently enabled for this user type or org: consumer secrets through the REST API. Turn on enableClientSecretInRestApiAccess in External Client App Settings.'),
  noViewClientSecret: () => restError(403, 'INSUFFICIENT_ACCESS', 'This feature is not enabled for this user: the View Client Secret permission is required to read consumer secrets.'),
  noDeveloperPermission: () => restError(403, 'INSUFFICIENT_ACCESS', 'You do not have access to external client app credentials: the External Client App Developer permission is required.'),
  versionTooLow: (min: string) => restError(404, 'NOT_FOUND', `The requested resource does not exist (available from API version ${min})`),
  badPart: (part: string) => restError(400, 'INVALID_INPUT', `Invalid value for part: ${part}. Valid values are key, secret, keyandsecret.`),
  stagedExists: () => restError(400, 'INVALID_INPUT', 'Only one staged credential is allowed per consumer. Delete or rotate the existing staged credential first.'),
  stagedLocalOnly: () => restError(400, 'INVALID_INPUT', 'Staged credentials are available only for local external client apps.'),
  badCommand: () => restError(400, 'INVALID_INPUT', 'Specify {"command":"rotate"} to rotate staged credentials.'),
} as const;

export const appById = (state: OrgState, id: string): OrgComponent | undefined =>
  state.componentsOfType(ECA_TYPES.app).find((c) => c.id === id || c.id.slice(0, 15) === id);

export const liveConsumer = (state: OrgState, app: OrgComponent): OAuthConsumer | undefined => {
  const consumer = state.consumerOf(app.fullName);
  return consumer !== undefined && consumer.availableAt <= Date.now() ? consumer : undefined;
};

const credentialsBase = (req: CredentialsRequest, appId: string): string => `/services/data/v${req.version}/apps/oauth/credentials/${appId}`;
const atLeast = (req: CredentialsRequest, min: number): boolean => Number.parseFloat(req.version) >= min;

const consumerBody = (req: CredentialsRequest, app: OrgComponent, c: OAuthConsumer, part: { key: boolean; secret: boolean }): Record<string, unknown> => {
  const url = `${credentialsBase(req, app.id)}/${c.id}`;
  return {
    id: c.id,
    ...(part.key ? { key: c.key } : {}),
    name: app.fullName,
    ...(part.secret ? { secret: c.secret } : {}),
    url,
    ...(atLeast(req, 65) ? { stagedCredentialsUrl: `${url}/staged` } : {}),
  };
};

export const secretRefusal = (state: OrgState): Reply | undefined => {
  if (!state.settings.enableClientSecretInRestApiAccess) return CONNECT_ERRORS.secretsApiOff();
  if (!state.userPermissions.ViewClientSecret) return CONNECT_ERRORS.noViewClientSecret();
  return undefined;
};

export const credentialsReply = (req: CredentialsRequest): Reply => {
  if (!atLeast(req, 60)) return CONNECT_ERRORS.versionTooLow('60.0');
  if (!req.state.userPermissions.ExternalClientAppDeveloper) return CONNECT_ERRORS.noDeveloperPermission();
  const [appId, consumerId, staged, ...rest] = req.segments;
  const app = appId === undefined ? undefined : appById(req.state, appId);
  if (app === undefined || rest.length > 0) return REST_ERRORS.notFound();
  const consumer = liveConsumer(req.state, app);
  if (consumerId === undefined) {
    if (req.method !== 'GET') return REST_ERRORS.notFound();
    return jsonReply(200, {
      consumers: consumer === undefined ? [] : [consumerBody(req, app, consumer, PARTS.key!)],
      currentPageUrl: credentialsBase(req, app.id),
      nextPageUrl: null,
    });
  }
  if (consumer === undefined || consumer.id.slice(0, 15) !== consumerId.slice(0, 15)) return REST_ERRORS.notFound();
  if (staged !== undefined || req.method !== 'GET') return REST_ERRORS.notFound();
  // `part` is lower case in the docs; whether other cases work is [UNCONFIRMED], so only lower case is accepted.
  const partName = req.query.get('part') ?? 'key';
  const part = PARTS[partName];
  if (part === undefined) return CONNECT_ERRORS.badPart(partName);
  if (part.secret) {
    const refusal = secretRefusal(req.state);
    if (refusal !== undefined) return refusal;
  }
  return jsonReply(200, consumerBody(req, app, consumer, part));
};

/** GET apps/oauth/usage: apps with OAuth usage (switch usageListsAppsWithoutUsage lists all). */
export const usageReply = (state: OrgState, version: string, query: URLSearchParams): Reply => {
  if (Number.parseFloat(version) < 59) return CONNECT_ERRORS.versionTooLow('59.0');
  const page = Number(query.get('page') ?? '0');
  const pageSize = Number(query.get('pageSize') ?? '100');
  const apps = state.componentsOfType(ECA_TYPES.app)
    .filter((c) => state.switches.usageListsAppsWithoutUsage || state.appsWithUsage.has(c.fullName))
    .map((c) => ({ developerName: c.fullName, identifier: c.id, label: typeof c.fields.label === 'string' ? c.fields.label : c.fullName, type: 'ExternalClientApplication' }));
  const slice = apps.slice(page * pageSize, (page + 1) * pageSize);
  const base = `/services/data/v${version}/apps/oauth/usage`;
  return jsonReply(200, {
    apps: slice,
    currentPageUrl: `${base}?page=${page}&pageSize=${pageSize}`,
    nextPageUrl: (page + 1) * pageSize < apps.length ? `${base}?page=${page + 1}&pageSize=${pageSize}` : null,
  });
};
