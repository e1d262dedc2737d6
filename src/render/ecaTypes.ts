/**
 * The five metadata types that make up Ren's External Client App, with their field types taken from
 * Salesforce's own definitions in @salesforce/types (generated from the Metadata API WSDL).
 *
 * FIELD_KINDS says how each field's text is typed when read back. It is keyed by the @salesforce/types
 * types themselves, so the compiler rejects a missing or an invented field: this is not a hand-kept list.
 */
import type {
  ExternalClientApplication,
  ExtlClntAppConfigurablePolicies,
  ExtlClntAppGlobalOauthSettings,
  ExtlClntAppOauthConfigurablePolicies,
  ExtlClntAppOauthSettings,
} from '@salesforce/types/metadata';

export const ECA_TYPE_NAMES = [
  'ExternalClientApplication',
  'ExtlClntAppOauthSettings',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
] as const;

export type EcaTypeName = (typeof ECA_TYPE_NAMES)[number];

/** The @salesforce/types definition of each ECA type, without the inherited `fullName` (it is the file name). */
export type EcaFieldsByType = {
  ExternalClientApplication: Omit<ExternalClientApplication, 'fullName'>;
  ExtlClntAppOauthSettings: Omit<ExtlClntAppOauthSettings, 'fullName'>;
  ExtlClntAppGlobalOauthSettings: Omit<ExtlClntAppGlobalOauthSettings, 'fullName'>;
  ExtlClntAppOauthConfigurablePolicies: Omit<ExtlClntAppOauthConfigurablePolicies, 'fullName'>;
  ExtlClntAppConfigurablePolicies: Omit<ExtlClntAppConfigurablePolicies, 'fullName'>;
};

/**
 * Fields as they appear in a file: everything optional (a retrieved file may omit anything; the generator of
 * @salesforce/types marks arrays as required although the WSDL has minOccurs=0).
 */
export type EcaFields<T extends EcaTypeName> = Partial<EcaFieldsByType[T]>;

export type ScalarKind = 'string' | 'boolean' | 'number';
/** A complex element (e.g. customAttributes): its own scalar sub-elements; `list` when it may repeat. */
export type ComplexKind = { readonly list: boolean; readonly fields: Readonly<Record<string, ScalarKind>> };
export type FieldKind = ScalarKind | ComplexKind;

type KindsOf<F> = { readonly [K in keyof Required<F>]: FieldKind };

const ATTRIBUTE_LIST: ComplexKind = { list: true, fields: { key: 'string', formula: 'string' } };

export const FIELD_KINDS: { readonly [T in EcaTypeName]: KindsOf<EcaFieldsByType[T]> } = {
  ExternalClientApplication: {
    contactEmail: 'string',
    contactPhone: 'string',
    description: 'string',
    distributionState: 'string',
    iconUrl: 'string',
    infoUrl: 'string',
    isProtected: 'boolean',
    label: 'string',
    logoUrl: 'string',
    managedType: 'string',
    orgScopedExternalApp: 'string',
  },
  ExtlClntAppOauthSettings: {
    areAttributesIncludedInAssetToken: 'boolean',
    areCustomPermsIncludedInAssetToken: 'boolean',
    assetTokenAudiences: 'string',
    assetTokenSigningCertificate: 'string',
    assetTokenValidity: 'number',
    clientAssertionCertificate: 'string',
    commaSeparatedCustomScopes: 'string',
    commaSeparatedOauthScopes: 'string',
    customAttributes: ATTRIBUTE_LIST,
    externalClientApplication: 'string',
    isFirstPartyAppEnabled: 'boolean',
    label: 'string',
    oauthLink: 'string',
    singleLogoutUrl: 'string',
    trustedIpRanges: { list: true, fields: { startIpAddress: 'string', endIpAddress: 'string', description: 'string' } },
  },
  ExtlClntAppGlobalOauthSettings: {
    callbackUrl: 'string',
    certificate: 'string',
    consumerKey: 'string',
    consumerSecret: 'string',
    externalClientApplication: 'string',
    idTokenConfig: {
      list: false,
      fields: {
        idTokenAudience: 'string',
        idTokenIncludeAttributes: 'boolean',
        idTokenIncludeCustomPermissions: 'boolean',
        idTokenIncludeStandardClaims: 'boolean',
        idTokenValidityInMinutes: 'number',
      },
    },
    isClientCredentialsFlowEnabled: 'boolean',
    isCodeCredFlowEnabled: 'boolean',
    isCodeCredPostOnly: 'boolean',
    isConsumerSecretOptional: 'boolean',
    isDPopEnabled: 'boolean',
    isDeviceFlowEnabled: 'boolean',
    isEnforceRefreshTokenTTL: 'boolean',
    isIntrospectAllTokens: 'boolean',
    isMtlsEnabled: 'boolean',
    isNamedUserJwtEnabled: 'boolean',
    isPkceRequired: 'boolean',
    isRefreshTokenRotationEnabled: 'boolean',
    isSecretRequiredForRefreshToken: 'boolean',
    isSecretRequiredForTokenExchange: 'boolean',
    isTokenExchangeEnabled: 'boolean',
    label: 'string',
    shouldRotateConsumerKey: 'boolean',
    shouldRotateConsumerSecret: 'boolean',
  },
  ExtlClntAppOauthConfigurablePolicies: {
    apexHandler: 'string',
    clientCredentialsFlowUser: 'string',
    commaSeparatedCustomScopes: 'string',
    commaSeparatedPermissionSet: 'string',
    commaSeparatedProfile: 'string',
    customAttributes: ATTRIBUTE_LIST,
    executeHandlerAs: 'string',
    externalClientApplication: 'string',
    guestJwtSessionTimeoutType: 'string',
    guestJwtTimeout: 'number',
    ipRelaxationPolicyType: 'string',
    isClientCredentialsFlowEnabled: 'boolean',
    isGuestCodeCredFlowEnabled: 'boolean',
    isTokenExchangeFlowEnabled: 'boolean',
    label: 'string',
    namedUserJwtSessionTimeoutType: 'string',
    namedUserJwtTimeout: 'number',
    permittedUsersPolicyType: 'string',
    policyAction: 'string',
    refreshTokenPolicyType: 'string',
    refreshTokenValidityPeriod: 'number',
    refreshTokenValidityUnit: 'string',
    requiredSessionLevel: 'string',
    sessionTimeoutInMinutes: 'number',
    singleLogoutUrl: 'string',
    startUrl: 'string',
  },
  ExtlClntAppConfigurablePolicies: {
    externalClientApplication: 'string',
    isAttestPluginEnabled: 'boolean',
    isCanvasPluginEnabled: 'boolean',
    isEnabled: 'boolean',
    isMobilePluginEnabled: 'boolean',
    isNotificationPluginEnabled: 'boolean',
    isOauthPluginEnabled: 'boolean',
    isPushPluginEnabled: 'boolean',
    isSamlPluginEnabled: 'boolean',
    label: 'string',
    startPage: 'string',
    startUrl: 'string',
  },
};

/**
 * Fields an org generates or issues itself. They are never rendered (a clean-org deploy with a foreign
 * oauthLink fails; a consumer key already in use is rejected: salesforce-eca.md §5.1) and never count as drift.
 */
export const ORG_SPECIFIC_FIELDS: ReadonlySet<string> = new Set(['oauthLink', 'orgScopedExternalApp', 'consumerKey', 'consumerSecret']);

export const isEcaTypeName = (name: string): name is EcaTypeName => (ECA_TYPE_NAMES as readonly string[]).includes(name);
