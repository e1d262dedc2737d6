/**
 * Connect REST staged credentials of a Local External Client App's OAuth consumer (salesforce-eca.md §3.7, API 65.0+):
 *   POST   apps/oauth/credentials/{appId}/{consumerId}/staged              new staged pair (201, the collection)
 *   GET    apps/oauth/credentials/{appId}/{consumerId}/staged              { stagedCredentials: [...], url }
 *   GET    apps/oauth/credentials/{appId}/{consumerId}/staged/{stagedId}   one staged credential
 *   PATCH  …/staged/{stagedId}  {"command":"rotate"}                        promotes it; the previous pair stays in
 *                                                                           the staged slot as `Rotated`
 *   DELETE …/staged/{stagedId}                                              204; a Rotated previous pair stops working
 * Documented: one staged credential per consumer, valid 30 days, states Active | Expired | Rotated, the previous pair
 * keeps working after a rotation until deleted (or 30 days). Every call shows secrets, so each needs REST access to
 * consumer secrets and View Client Secret, as the secret read does. What the docs leave open is a switch
 * (OrgSwitches: secondStagedCredential, stagedCredentialLifetimeMs, stagedPairAuthenticatesBeforeRotation,
 * stagedRotateReply). sfdx-hardis saw ECONNRESET for a POST without
 * a body and sends `{}` [CODE]; that transport quirk is not emulated (the tool sends `{}` too).
 */
import type { Reply } from '../http/reply.js';
import { jsonReply, noContent, REST_ERRORS, restError } from '../http/reply.js';
import { KEY_PREFIX, newConsumerKey, newConsumerSecret, newId } from '../ids.js';
import type { OAuthConsumer, OrgState, StagedCredential } from '../orgState.js';
import { stagedStateAt } from '../orgState.js';
import type { OrgComponent } from '../types.js';
import { appById, CONNECT_ERRORS, liveConsumer, secretRefusal } from './oauthCredentials.js';

export type StagedRequest = {
  state: OrgState;
  version: string;
  method: string;
  appId: string;
  consumerId: string;
  stagedId: string | undefined;
  body: string;
};

export const STAGED_ERRORS = {
  notRotatable: (state: string) => restError(400, 'INVALID_INPUT', `Only Active staged credentials can be rotated; this one is ${state}.`),
} as const;

const baseUrl = (req: StagedRequest, app: OrgComponent, c: OAuthConsumer): string =>
  `/services/data/v${req.version}/apps/oauth/credentials/${app.id}/${c.id}/staged`;

const one = (req: StagedRequest, app: OrgComponent, c: OAuthConsumer, s: StagedCredential): Record<string, unknown> => ({
  id: s.id, key: s.key, secret: s.secret, state: stagedStateAt(s, Date.now()), url: `${baseUrl(req, app, c)}/${s.id}`,
});

const collection = (req: StagedRequest, app: OrgComponent, c: OAuthConsumer, status = 200): Reply =>
  jsonReply(status, { stagedCredentials: c.staged === undefined ? [] : [one(req, app, c, c.staged)], url: baseUrl(req, app, c) });

/** Whether a second staged credential may take the slot of the one there (never of an Active one). */
const slotTaken = (state: OrgState, staged: StagedCredential | undefined): boolean => {
  if (staged === undefined) return false;
  const now = stagedStateAt(staged, Date.now());
  return now === 'Active' || state.switches.secondStagedCredential === 'refuse';
};

const create = (req: StagedRequest, app: OrgComponent, c: OAuthConsumer): Reply => {
  if (slotTaken(req.state, c.staged)) return CONNECT_ERRORS.stagedExists();
  c.staged = {
    id: newId(KEY_PREFIX.stagedCredential), key: newConsumerKey(), secret: newConsumerSecret(), state: 'Active',
    expiresAt: Date.now() + req.state.switches.stagedCredentialLifetimeMs,
  };
  return collection(req, app, c, 201);
};

const rotate = (req: StagedRequest, app: OrgComponent, c: OAuthConsumer, staged: StagedCredential): Reply => {
  let command: unknown;
  try {
    command = (JSON.parse(req.body) as { command?: unknown }).command;
  } catch {
    command = undefined;
  }
  if (command !== 'rotate') return CONNECT_ERRORS.badCommand();
  const now = stagedStateAt(staged, Date.now());
  if (now !== 'Active') return STAGED_ERRORS.notRotatable(now);
  const previous = { key: c.key, secret: c.secret };
  req.state.rekeyConsumer(c, { key: staged.key, secret: staged.secret });
  c.staged = { id: staged.id, key: previous.key, secret: previous.secret, state: 'Rotated', expiresAt: Date.now() + req.state.switches.stagedCredentialLifetimeMs };
  return req.state.switches.stagedRotateReply === 'noContent' ? noContent() : collection(req, app, c);
};

export const stagedReply = (req: StagedRequest): Reply => {
  if (Number.parseFloat(req.version) < 65) return CONNECT_ERRORS.versionTooLow('65.0');
  if (!req.state.userPermissions.ExternalClientAppDeveloper) return CONNECT_ERRORS.noDeveloperPermission();
  const app = appById(req.state, req.appId);
  if (app === undefined) return REST_ERRORS.notFound();
  const c = liveConsumer(req.state, app);
  if (c === undefined || c.id.slice(0, 15) !== req.consumerId.slice(0, 15)) return REST_ERRORS.notFound();
  if (app.fields.distributionState !== undefined && app.fields.distributionState !== 'Local') return CONNECT_ERRORS.stagedLocalOnly();
  const refusal = secretRefusal(req.state);
  if (refusal !== undefined) return refusal;

  if (req.stagedId === undefined) {
    if (req.method === 'GET') return collection(req, app, c);
    if (req.method === 'POST') return create(req, app, c);
    return REST_ERRORS.notFound();
  }
  const staged = c.staged;
  if (staged === undefined || staged.id.slice(0, 15) !== req.stagedId.slice(0, 15)) return REST_ERRORS.notFound();
  if (req.method === 'GET') return jsonReply(200, one(req, app, c, staged));
  if (req.method === 'PATCH') return rotate(req, app, c, staged);
  if (req.method === 'DELETE') {
    delete c.staged;
    return noContent();
  }
  return REST_ERRORS.notFound();
};
