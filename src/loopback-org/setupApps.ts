/**
 * External Client Apps "made in Setup": what an admin leaves in an org after following a Setup walkthrough by
 * hand, so tests can check how a tool treats an app it did not make (issue 11, adoption).
 *
 * Setup names the parts after the app: `<app>_oauth`, `<app>_glbloauth`, `<app>_oauthPlcy`, `<app>_plcy`
 * (salesforce-eca.md gotcha 9 and §2.3 [CODE justinsohn/gstdev, Infisical]; the real retrieved
 * `Claude_MCP_oauth` in test/fixtures/real-world has label = part name). Defaults are Salesforce's (§1.5, §1.6),
 * so by default a Setup-made app lacks what a seed usually asks for (admin pre-authorization, Infinite refresh
 * token); options leave out more (PKCE off, a scope missing) or make it half-made (no OAuth plugin at all, no
 * Global OAuth settings, no policies yet).
 */
import { KEY_PREFIX } from './ids.js';
import { autoAppPolicyFields, autoOauthPolicyFields, ECA_TYPES, oauthLinkOf } from './metadata/ecaDefaults.js';
import type { OrgState } from './orgState.js';
import type { ComponentFields } from './types.js';

export type SetupAppOptions = {
  /** API name; default 'ren'. */
  name?: string;
  /** Default 'Ren'. */
  label?: string;
  /** Default 'support@rensystems.com'. */
  contactEmail?: string;
  description?: string;
  /** Whether the admin ticked "Enable OAuth" (OAuth settings, Global OAuth settings, consumer). Default true. */
  oauth?: boolean;
  /** Half-made: OAuth settings without Global OAuth settings (and without a consumer). Default true (when oauth). */
  globalOauth?: boolean;
  /** Whether the org generated the two policies yet. Default true. */
  policies?: boolean;
  /** commaSeparatedOauthScopes. Default 'Basic, Api, RefreshToken'. */
  scopes?: string;
  callbackUrl?: string;
  /** Default true (Setup's default, §1.3). */
  isPkceRequired?: boolean;
  isCodeCredFlowEnabled?: boolean;
  /** Extra or overriding fields per part, as the XML would carry them (strings). */
  appFields?: ComponentFields;
  oauthFields?: ComponentFields;
  globalOauthFields?: ComponentFields;
  /** Default: Salesforce's generated values, e.g. permittedUsersPolicyType AllSelfAuthorized ("All users may self-authorize"). */
  oauthPolicyFields?: ComponentFields;
  appPolicyFields?: ComponentFields;
};

export type SetupAppNames = {
  app: string;
  oauthSettings?: string;
  globalOauth?: string;
  oauthPolicies?: string;
  appPolicies?: string;
};

export type SetupApp = {
  /** 18-character 0xI… id. */
  appId: string;
  /** 18-character 888… id of the OAuth consumer, when the app has Global OAuth settings. */
  consumerId?: string;
  consumerKey?: string;
  /** fullName of each part that exists. */
  names: SetupAppNames;
};

/** Setup's part names for an app. */
export const setupPartNames = (app: string): Required<SetupAppNames> => ({
  app,
  oauthSettings: `${app}_oauth`,
  globalOauth: `${app}_glbloauth`,
  oauthPolicies: `${app}_oauthPlcy`,
  appPolicies: `${app}_plcy`,
});

export const createAppInSetup = (state: OrgState, options: SetupAppOptions = {}): SetupApp => {
  const name = options.name ?? 'ren';
  if (state.component(ECA_TYPES.app, name) !== undefined) throw new Error(`createAppInSetup: the org already has an app named ${name}`);
  const all = setupPartNames(name);
  const oauth = options.oauth ?? true;
  const globalOauth = oauth && (options.globalOauth ?? true);
  const policies = options.policies ?? true;
  const names: SetupAppNames = { app: name };

  const app = state.putComponent(ECA_TYPES.app, name, {
    contactEmail: options.contactEmail ?? 'support@rensystems.com',
    ...(options.description === undefined ? {} : { description: options.description }),
    distributionState: 'Local',
    isProtected: 'false',
    label: options.label ?? 'Ren',
    orgScopedExternalApp: `${state.orgId15}:${name}`,
    ...options.appFields,
  }, KEY_PREFIX.externalClientApp).component;

  let consumer;
  if (oauth) {
    if (globalOauth) {
      consumer = state.createConsumer(name, {});
      names.globalOauth = all.globalOauth;
      state.putComponent(ECA_TYPES.globalOauth, all.globalOauth, {
        callbackUrl: options.callbackUrl ?? 'https://app.rensystems.com/api/salesforce/auth_callback',
        externalClientApplication: name,
        isCodeCredFlowEnabled: String(options.isCodeCredFlowEnabled ?? false),
        isConsumerSecretOptional: 'false',
        isPkceRequired: String(options.isPkceRequired ?? true),
        isSecretRequiredForRefreshToken: 'true',
        label: all.globalOauth,
        shouldRotateConsumerKey: 'false',
        shouldRotateConsumerSecret: 'false',
        ...options.globalOauthFields,
      }, KEY_PREFIX.metadataComponent);
    }
    names.oauthSettings = all.oauthSettings;
    state.putComponent(ECA_TYPES.oauthSettings, all.oauthSettings, {
      commaSeparatedOauthScopes: options.scopes ?? 'Basic, Api, RefreshToken',
      externalClientApplication: name,
      label: all.oauthSettings,
      ...(consumer === undefined ? {} : { oauthLink: oauthLinkOf(state.orgId15, consumer.id) }),
      ...options.oauthFields,
    }, KEY_PREFIX.metadataComponent);
  }
  if (policies) {
    if (oauth) {
      names.oauthPolicies = all.oauthPolicies;
      state.putComponent(ECA_TYPES.oauthPolicies, all.oauthPolicies, { ...autoOauthPolicyFields(name, all.oauthPolicies), ...options.oauthPolicyFields }, KEY_PREFIX.metadataComponent);
    }
    names.appPolicies = all.appPolicies;
    state.putComponent(ECA_TYPES.appPolicies, all.appPolicies, {
      ...autoAppPolicyFields(name, all.appPolicies),
      isOauthPluginEnabled: String(oauth),
      ...options.appPolicyFields,
    }, KEY_PREFIX.metadataComponent);
  }
  return {
    appId: app.id,
    ...(consumer === undefined ? {} : { consumerId: consumer.id, consumerKey: consumer.key }),
    names,
  };
};
