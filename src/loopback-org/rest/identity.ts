/**
 * Discovery and identity: GET /services/data (versions), /services/data/vNN.0 (resources), the identity URL
 * /id/{org}/{user}, /services/oauth2/userinfo and /sobjects/User/{id} — enough for @salesforce/core to log in
 * and build an Org (salesforce-wire.md §1.2).
 */
import type { Reply } from '../http/reply.js';
import { jsonReply, REST_ERRORS } from '../http/reply.js';
import type { OrgState } from '../orgState.js';

const RELEASE_NAMES: Readonly<Record<string, string>> = {
  '59.0': "Winter '24", '60.0': "Spring '24", '61.0': "Summer '24", '62.0': "Winter '25", '63.0': "Spring '25",
  '64.0': "Summer '25", '65.0': "Winter '26", '66.0': "Spring '26", '67.0': "Summer '26",
};

/** Every version from 20.0 up to the org's maximum, as GET /services/data lists them. */
export const apiVersions = (state: OrgState): { label: string; url: string; version: string }[] => {
  const max = Math.floor(Number.parseFloat(state.maxApiVersion));
  const out = [];
  for (let v = 20; v <= max; v++) {
    const version = `${v}.0`;
    out.push({ label: RELEASE_NAMES[version] ?? `API ${version}`, url: `/services/data/v${version}`, version });
  }
  return out;
};

export const identityUrl = (state: OrgState): string => `${state.instanceUrl}/id/${state.orgId}/${state.userId}`;

const urls = (state: OrgState, version: string): Record<string, string> => {
  const base = `${state.instanceUrl}/services/data/v${version}`;
  return {
    enterprise: `${state.instanceUrl}/services/Soap/c/${version}/${state.orgId}`,
    metadata: `${state.instanceUrl}/services/Soap/m/${version}/${state.orgId}`,
    partner: `${state.instanceUrl}/services/Soap/u/${version}/${state.orgId}`,
    rest: `${base}/`,
    sobjects: `${base}/sobjects/`,
    search: `${base}/search/`,
    query: `${base}/query/`,
    recent: `${base}/recent/`,
    tooling_soap: `${state.instanceUrl}/services/Soap/T/${version}/${state.orgId}`,
    tooling_rest: `${base}/tooling/`,
    profile: `${state.instanceUrl}/${state.userId}`,
    custom_domain: myDomainUrl(state),
  };
};

/** The org's My Domain login URL as Salesforce would report it (the loopback org itself answers on instanceUrl). */
export const myDomainUrl = (state: OrgState): string =>
  state.isSandbox ? `https://${state.myDomain}--sandbox.sandbox.my.salesforce.com` : `https://${state.myDomain}.my.salesforce.com`;

export const versionsReply = (state: OrgState): Reply => jsonReply(200, apiVersions(state));

export const resourcesReply = (state: OrgState, version: string): Reply =>
  jsonReply(200, {
    tooling: `/services/data/v${version}/tooling`,
    metadata: `/services/data/v${version}/metadata`,
    query: `/services/data/v${version}/query`,
    sobjects: `/services/data/v${version}/sobjects`,
    connect: `/services/data/v${version}/connect`,
    apps: `/services/data/v${version}/apps`,
    identity: identityUrl(state),
  });

const displayName = 'Loopback Admin';

export const identityReply = (state: OrgState, orgId: string, userId: string): Reply => {
  if (orgId !== state.orgId || userId !== state.userId) return REST_ERRORS.notFound();
  return jsonReply(200, {
    id: identityUrl(state), asserted_user: true, user_id: state.userId, organization_id: state.orgId, username: state.username,
    nick_name: 'admin', display_name: displayName, email: state.username, email_verified: true, first_name: 'Loopback', last_name: 'Admin',
    timezone: 'Europe/London', status: { created_date: null, body: null }, urls: urls(state, state.maxApiVersion),
    active: true, user_type: 'STANDARD', language: 'en_US', locale: 'en_US', utcOffset: 0, last_modified_date: new Date(0).toISOString(), is_app_installed: true,
  });
};

export const userinfoReply = (state: OrgState): Reply =>
  jsonReply(200, {
    sub: identityUrl(state), user_id: state.userId, organization_id: state.orgId, preferred_username: state.username, nickname: 'admin',
    name: displayName, email: state.username, email_verified: true, given_name: 'Loopback', family_name: 'Admin', zoneinfo: 'Europe/London',
    profile: `${state.instanceUrl}/${state.userId}`, urls: urls(state, state.maxApiVersion), active: true, user_type: 'STANDARD',
    language: 'en_US', locale: 'en_US', utcOffset: 0, updated_at: new Date(0).toISOString(), is_app_installed: true,
  });

export const userRecordReply = (state: OrgState, version: string, userId: string): Reply =>
  userId.slice(0, 15) !== state.userId.slice(0, 15)
    ? REST_ERRORS.notFound()
    : jsonReply(200, {
        attributes: { type: 'User', url: `/services/data/v${version}/sobjects/User/${state.userId}` },
        Id: state.userId, Username: state.username, Name: displayName, Email: state.username, IsActive: true,
        ProfileId: state.profiles.get('System Administrator') ?? null,
      });
