/**
 * The five components of Ren's ECA as data: one row per metadata type with its full name, its deploy phase
 * and its fields computed from the registration (salesforce-eca.md §2.1). Field objects are typed with the
 * Metadata API's own types from @salesforce/types; each `fields` function declares its return type, so the
 * compiler rejects an element that does not exist (an inferred return type would skip that check).
 *
 * Full names follow the org's auto-naming, so the policy deploy updates the policies the org creates when the
 * OAuth settings are deployed instead of adding new ones: <OauthSettings>_defaultPolicy and <Eca>_defaultPolicy.
 */
import type { EcaFields, EcaTypeName } from './ecaTypes.js';
import type { RefreshTokenPolicy, Registration } from '../registration/index.js';

export type DeployPhase = 'app' | 'policies';

export type ComponentRule<T extends EcaTypeName> = {
  readonly type: T;
  /** 'app' = deployed first (ECA, OAuth settings, global OAuth settings); 'policies' = second. */
  readonly phase: DeployPhase;
  readonly fullName: (apiName: string) => string;
  readonly fields: (registration: Registration, fullName: string) => EcaFields<T>;
};

type AnyComponentRule = { [T in EcaTypeName]: ComponentRule<T> }[EcaTypeName];

export const oauthSettingsName = (apiName: string): string => `${apiName}Oauth`;

/** Multiple callback URLs are line-break separated in one field [DOC]. */
export const CALLBACK_URL_SEPARATOR = '\n';
/** Retrieved files use ", " between scope tokens; "," also deploys [CODE]. */
export const SCOPE_SEPARATOR = ', ';
/** Profile names contain spaces ("System Administrator"), so names are joined by a bare comma. */
export const NAME_LIST_SEPARATOR = ',';

const REFRESH_TOKEN_POLICY_TYPES = {
  ValidUntilRevoked: 'Infinite',
  ExpireImmediately: 'Zero',
  ExpireAfter: 'SpecificLifetime',
  ExpireIfNotUsedFor: 'SpecificInactivity',
} as const satisfies Record<RefreshTokenPolicy['policy'], string>;

const refreshTokenFields = (
  policy: RefreshTokenPolicy,
): Pick<EcaFields<'ExtlClntAppOauthConfigurablePolicies'>, 'refreshTokenPolicyType' | 'refreshTokenValidityPeriod' | 'refreshTokenValidityUnit'> => ({
  refreshTokenPolicyType: REFRESH_TOKEN_POLICY_TYPES[policy.policy],
  // "valid until revoked" and "expire immediately" take no period: leave period and unit out.
  refreshTokenValidityPeriod: 'period' in policy ? policy.period : undefined,
  refreshTokenValidityUnit: 'unit' in policy ? policy.unit : undefined,
});

const joinedOrOmitted = (names: readonly string[]): string | undefined =>
  names.length === 0 ? undefined : names.join(NAME_LIST_SEPARATOR);

export const ECA_COMPONENTS: readonly AnyComponentRule[] = [
  {
    type: 'ExternalClientApplication',
    phase: 'app',
    fullName: (apiName) => apiName,
    fields: ({ app }): EcaFields<'ExternalClientApplication'> => ({
      contactEmail: app.contactEmail,
      contactPhone: app.contactPhone,
      description: app.description,
      distributionState: app.distributionState,
      iconUrl: app.iconUrl,
      infoUrl: app.infoUrl,
      isProtected: false,
      label: app.name,
      logoUrl: app.logoUrl,
    }),
  },
  {
    type: 'ExtlClntAppOauthSettings',
    phase: 'app',
    fullName: oauthSettingsName,
    fields: ({ app, oauth }, fullName): EcaFields<'ExtlClntAppOauthSettings'> => ({
      commaSeparatedOauthScopes: oauth.scopes.join(SCOPE_SEPARATOR),
      externalClientApplication: app.apiName,
      label: fullName,
    }),
  },
  {
    type: 'ExtlClntAppGlobalOauthSettings',
    phase: 'app',
    fullName: (apiName) => `${apiName}GlblOauth`,
    fields: ({ app, oauth }, fullName): EcaFields<'ExtlClntAppGlobalOauthSettings'> => ({
      callbackUrl: oauth.callbackUrls.join(CALLBACK_URL_SEPARATOR),
      externalClientApplication: app.apiName,
      isClientCredentialsFlowEnabled: false, // Ren never uses these flows; emitted so a re-deploy keeps them off
      isCodeCredFlowEnabled: oauth.flows.authorizationCodeAndCredentials,
      isConsumerSecretOptional: !oauth.security.requireSecretForWebServerFlow,
      isDeviceFlowEnabled: false,
      isPkceRequired: oauth.security.requirePkce,
      isSecretRequiredForRefreshToken: oauth.security.requireSecretForRefreshTokenFlow,
      isTokenExchangeEnabled: false,
      label: fullName,
      shouldRotateConsumerKey: false, // true would issue new credentials on every deploy
      shouldRotateConsumerSecret: false,
    }),
  },
  {
    type: 'ExtlClntAppOauthConfigurablePolicies',
    phase: 'policies',
    fullName: (apiName) => `${oauthSettingsName(apiName)}_defaultPolicy`,
    fields: ({ app, policies }, fullName): EcaFields<'ExtlClntAppOauthConfigurablePolicies'> => ({
      commaSeparatedPermissionSet: joinedOrOmitted(policies.permissionSets),
      commaSeparatedProfile: joinedOrOmitted(policies.profiles),
      externalClientApplication: app.apiName,
      ipRelaxationPolicyType: policies.ipRelaxation,
      isClientCredentialsFlowEnabled: false,
      isTokenExchangeFlowEnabled: false,
      label: fullName,
      permittedUsersPolicyType: policies.permittedUsers,
      ...refreshTokenFields(policies.refreshTokenPolicy),
      requiredSessionLevel: policies.sessionLevel,
    }),
  },
  {
    type: 'ExtlClntAppConfigurablePolicies',
    phase: 'policies',
    fullName: (apiName) => `${apiName}_defaultPolicy`,
    fields: ({ app, policies }, fullName): EcaFields<'ExtlClntAppConfigurablePolicies'> => ({
      externalClientApplication: app.apiName,
      isEnabled: true,
      isOauthPluginEnabled: true,
      label: fullName,
      startPage: policies.startPage,
    }),
  },
];
