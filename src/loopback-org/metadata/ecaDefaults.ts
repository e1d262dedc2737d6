/**
 * Values the org fills in by itself. Sources: salesforce-eca.md §1.5 (auto-generated OAuth policy defaults,
 * identical in three real retrieved files), §1.6 (plugin defaults true), and the real retrieved files under
 * test/fixtures/real-world (every Global OAuth flag explicit after retrieve; isProtected/isFirstPartyAppEnabled).
 */
import type { ComponentFields } from '../types.js';

export const ECA_TYPES = {
  app: 'ExternalClientApplication',
  oauthSettings: 'ExtlClntAppOauthSettings',
  globalOauth: 'ExtlClntAppGlobalOauthSettings',
  oauthPolicies: 'ExtlClntAppOauthConfigurablePolicies',
  appPolicies: 'ExtlClntAppConfigurablePolicies',
} as const;

/** `<orgId15>:<consumer id, 15 characters>`, as real retrieved OAuth settings carry it (test/fixtures/real-world). */
export const oauthLinkOf = (orgId15: string, consumerId: string): string => `${orgId15}:${consumerId.slice(0, 15)}`;

/** Auto-created policy names (salesforce-eca.md §2.3 "Auto-naming of the default policies"). */
export const defaultPolicyName = (ownerFullName: string): string => `${ownerFullName}_defaultPolicy`;

export const autoOauthPolicyFields = (appName: string, policyName: string): ComponentFields => ({
  externalClientApplication: appName,
  ipRelaxationPolicyType: 'Enforce',
  isClientCredentialsFlowEnabled: 'false',
  isGuestCodeCredFlowEnabled: 'false',
  isNamedUserJwtEnabled: 'false',
  isTokenExchangeFlowEnabled: 'false',
  label: policyName,
  permittedUsersPolicyType: 'AllSelfAuthorized',
  refreshTokenPolicyType: 'SpecificLifetime',
  refreshTokenValidityPeriod: '365',
  refreshTokenValidityUnit: 'Days',
  requiredSessionLevel: 'STANDARD',
});

export const autoAppPolicyFields = (appName: string, policyName: string): ComponentFields => ({
  externalClientApplication: appName,
  isEnabled: 'true',
  isOauthPluginEnabled: 'true',
  label: policyName,
});

/** Fields a retrieve shows explicitly even when never deployed (real retrieved files). */
export const RETRIEVE_DEFAULTS: Readonly<Record<string, ComponentFields>> = {
  ExternalClientApplication: { isProtected: 'false' },
  ExtlClntAppOauthSettings: { isFirstPartyAppEnabled: 'false' },
  ExtlClntAppGlobalOauthSettings: {
    isClientCredentialsFlowEnabled: 'false',
    isCodeCredFlowEnabled: 'false',
    isCodeCredPostOnly: 'false',
    isConsumerSecretOptional: 'false',
    isDeviceFlowEnabled: 'false',
    isIntrospectAllTokens: 'false',
    isNamedUserJwtEnabled: 'false',
    isPkceRequired: 'false',
    isRefreshTokenRotationEnabled: 'false',
    isSecretRequiredForRefreshToken: 'true',
    isSecretRequiredForTokenExchange: 'false',
    isTokenExchangeEnabled: 'false',
    shouldRotateConsumerKey: 'false',
    shouldRotateConsumerSecret: 'false',
  },
};
