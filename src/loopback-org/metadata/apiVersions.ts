/**
 * Which types and fields exist at which Metadata API version. The field *list* comes from @salesforce/types
 * (./metadataDefinitions.ts); this table only adds the version bounds the definitions lack,
 * each cited from the team reference salesforce-eca.md. Deliberately separate from the renderer's tables.
 */

/** First API version of each type (salesforce-eca.md §1.1). Types not listed: available at every version we speak. */
export const TYPE_MIN_VERSION: Readonly<Record<string, number>> = {
  ExternalClientApplication: 59,
  ExtlClntAppOauthSettings: 59,
  ExtlClntAppGlobalOauthSettings: 59,
  ExtlClntAppOauthConfigurablePolicies: 59,
  ExtlClntAppConfigurablePolicies: 60,
  ExtlClntAppMobileSettings: 64,
  ExtlClntAppMobileConfigurablePolicies: 64,
  ExtlClntAppNotificationSettings: 64,
  ExtlClntAppPushSettings: 64,
  ExtlClntAppPushConfigurablePolicies: 64,
  ExtlClntAppCanvasSettings: 66,
  ExtlClntAppSamlConfigurablePolicies: 63,
  ExternalClientAppSettings: 58,
};

/** First API version of fields (salesforce-eca.md §1.3–§1.7 "Ver" columns; ">66" = only in types 1.9.0 → 67). */
export const FIELD_MIN_VERSION: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  ExtlClntAppGlobalOauthSettings: {
    certificate: 60,
    isClientCredentialsFlowEnabled: 60,
    isCodeCredFlowEnabled: 61,
    isCodeCredPostOnly: 61,
    isDeviceFlowEnabled: 60,
    isNamedUserJwtEnabled: 61,
    isRefreshTokenRotationEnabled: 60,
    isSecretRequiredForTokenExchange: 60,
    isTokenExchangeEnabled: 60,
    isDPopEnabled: 67,
    isEnforceRefreshTokenTTL: 67,
    isMtlsEnabled: 67,
  },
  ExtlClntAppOauthSettings: {
    areAttributesIncludedInAssetToken: 61,
    areCustomPermsIncludedInAssetToken: 61,
    assetTokenAudiences: 61,
    assetTokenSigningCertificate: 61,
    assetTokenValidity: 61,
  },
  ExtlClntAppOauthConfigurablePolicies: {
    apexHandler: 61,
    clientCredentialsFlowUser: 60,
    commaSeparatedCustomScopes: 61,
    executeHandlerAs: 61,
    guestJwtTimeout: 61,
    guestJwtSessionTimeoutType: 65,
    namedUserJwtSessionTimeoutType: 65,
    namedUserJwtTimeout: 65,
    isClientCredentialsFlowEnabled: 60,
    isGuestCodeCredFlowEnabled: 61,
    isTokenExchangeFlowEnabled: 60,
  },
  ExtlClntAppConfigurablePolicies: {
    isSamlPluginEnabled: 63,
    isMobilePluginEnabled: 63,
    isNotificationPluginEnabled: 63,
    isPushPluginEnabled: 63,
    isCanvasPluginEnabled: 66,
    isAttestPluginEnabled: 67,
    startPage: 63,
    startUrl: 63,
  },
  ExternalClientAppSettings: {
    enableClientSecretInRestApiAccess: 62,
    enablePackageEcaOauthFromDevOrg: 62,
  },
};

/**
 * Fields that existed only in a range of versions and are gone from the current definition.
 * isNamedUserJwtEnabled on OAuth policies: valid for 61–63, fails at ≥ 64 (salesforce-eca.md §1.5, gotcha 4,
 * [CODE sfdx-hardis c698968]); the real retrieved chrzasz file (version 62.0) carries it.
 */
export const RETIRED_FIELDS: Readonly<Record<string, Readonly<Record<string, { type: string; from: number; through: number }>>>> = {
  ExtlClntAppOauthConfigurablePolicies: { isNamedUserJwtEnabled: { type: 'boolean', from: 61, through: 63 } },
};

/**
 * String fields whose allowed values are documented although the WSDL types them as plain strings
 * (salesforce-eca.md §1.5).
 */
export const DOCUMENTED_STRING_VALUES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  ExtlClntAppOauthConfigurablePolicies: {
    ipRelaxationPolicyType: ['Enforce', 'Bypass', 'Bypass_2factor', 'Enforce_RelaxRefresh'],
    refreshTokenValidityUnit: ['Days', 'Hours', 'Months'],
  },
};

/** Fields the docs call required although the WSDL has minOccurs=0 (salesforce-eca.md §1.2: contactEmail). */
export const DOCUMENTED_REQUIRED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ExternalClientApplication: ['contactEmail'],
};

export const versionNumber = (version: string): number => Number.parseFloat(version);
