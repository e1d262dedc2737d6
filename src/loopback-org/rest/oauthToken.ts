/**
 * POST /services/oauth2/token, refresh-token grant (what @salesforce/core does at login and on every expired
 * session, salesforce-wire.md §1.1 option C). OAuth errors use the OAuth body shape, not the REST one.
 */
import type { Reply } from '../http/reply.js';
import { jsonReply } from '../http/reply.js';
import type { OrgState } from '../orgState.js';
import { identityUrl } from './identity.js';

const oauthError = (error: string, description: string): Reply => jsonReply(400, { error, error_description: description });

export const tokenReply = (state: OrgState, form: URLSearchParams): Reply => {
  const grant = form.get('grant_type');
  if (grant !== 'refresh_token') return oauthError('unsupported_grant_type', 'grant type not supported');
  if (form.get('refresh_token') !== state.refreshToken) return oauthError('invalid_grant', 'expired access/refresh token');
  if (form.get('client_id') !== state.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
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
