/**
 * Which Metadata API version can take each element the renderer emits (salesforce-eca.md §1.2–1.6 [DOC]/[WSDL]).
 * One table: a test checks that every emitted element has a row here.
 *
 * Below a field's minimum (or above its maximum) the renderer leaves the element out when the value equals what
 * Salesforce applies to an omitted element (`omittedMeans`), with a warning; otherwise it refuses, because the
 * org would silently run with a different setting than the spec asks for.
 */
import { cliError } from '../errors/index.js';
import type { EcaFieldsByType, EcaTypeName } from './ecaTypes.js';
import { ECA_COMPONENTS } from './ecaComponents.js';
import type { Registration } from '../registration/index.js';

export type VersionRange = {
  readonly minApiVersion: string;
  readonly maxApiVersion?: string;
  /** The value an org applies when the element is left out, if documented; undefined = unknown, never omit. */
  readonly omittedMeans?: string;
  /** The spec setting behind the element, for messages. */
  readonly setting?: string;
};

/**
 * ExternalClientApplication and its OAuth types exist from 59.0, but ExtlClntAppConfigurablePolicies and the
 * credentials REST API (reading the consumer key and secret back) from 60.0, so 60.0 is our floor.
 */
export const MIN_SUPPORTED_API_VERSION = '60.0';

export const TYPE_API_VERSIONS: { readonly [T in EcaTypeName]: VersionRange } = {
  ExternalClientApplication: { minApiVersion: '59.0' },
  ExtlClntAppOauthSettings: { minApiVersion: '59.0' },
  ExtlClntAppGlobalOauthSettings: { minApiVersion: '59.0' },
  ExtlClntAppOauthConfigurablePolicies: { minApiVersion: '59.0' },
  ExtlClntAppConfigurablePolicies: { minApiVersion: '60.0' },
};

const since59 = (setting?: string): VersionRange => ({ minApiVersion: '59.0', ...(setting === undefined ? {} : { setting }) });
const since60 = (setting?: string): VersionRange => ({ minApiVersion: '60.0', ...(setting === undefined ? {} : { setting }) });

/**
 * Fields whose version the docs leave blank are taken to exist since their type did ([INFERRED]): the v59–60
 * WSDLs already list them. Where a later release shows otherwise, add the version here and the renderer follows.
 */
export const FIELD_API_VERSIONS: { readonly [T in EcaTypeName]: { readonly [K in keyof EcaFieldsByType[T]]?: VersionRange } } = {
  ExternalClientApplication: {
    contactEmail: since59('app.contactEmail'),
    contactPhone: since59('app.contactPhone'),
    description: since59('app.description'),
    distributionState: since59('app.distributionState'),
    iconUrl: since59('app.iconUrl'),
    infoUrl: since59('app.infoUrl'),
    isProtected: since59(),
    label: since59('app.name'),
    logoUrl: since59('app.logoUrl'),
  },
  ExtlClntAppOauthSettings: {
    commaSeparatedOauthScopes: since59('oauth.scopes'),
    externalClientApplication: since59('app.apiName'),
    label: since59(),
  },
  ExtlClntAppGlobalOauthSettings: {
    callbackUrl: since59('oauth.callbackUrls'),
    externalClientApplication: since59('app.apiName'),
    isClientCredentialsFlowEnabled: { minApiVersion: '60.0', omittedMeans: 'false' },
    isCodeCredFlowEnabled: { minApiVersion: '61.0', omittedMeans: 'false', setting: 'oauth.flows.authorizationCodeAndCredentials' },
    isConsumerSecretOptional: since59('oauth.security.requireSecretForWebServerFlow'),
    isDeviceFlowEnabled: { minApiVersion: '60.0', omittedMeans: 'false' },
    isPkceRequired: since59('oauth.security.requirePkce'),
    isSecretRequiredForRefreshToken: since59('oauth.security.requireSecretForRefreshTokenFlow'),
    isTokenExchangeEnabled: { minApiVersion: '60.0', omittedMeans: 'false' },
    label: since59(),
    shouldRotateConsumerKey: since59(),
    shouldRotateConsumerSecret: since59(),
  },
  ExtlClntAppOauthConfigurablePolicies: {
    commaSeparatedPermissionSet: since59('policies.permissionSets'),
    commaSeparatedProfile: since59('policies.profiles'),
    externalClientApplication: since59('app.apiName'),
    ipRelaxationPolicyType: since59('policies.ipRelaxation'),
    isClientCredentialsFlowEnabled: { minApiVersion: '60.0', omittedMeans: 'false' },
    isTokenExchangeFlowEnabled: { minApiVersion: '60.0', omittedMeans: 'false' },
    label: since59(),
    permittedUsersPolicyType: since59('policies.permittedUsers'),
    refreshTokenPolicyType: since59('policies.refreshTokenPolicy'),
    refreshTokenValidityPeriod: since59('policies.refreshTokenPolicy.period'),
    refreshTokenValidityUnit: since59('policies.refreshTokenPolicy.unit'),
    requiredSessionLevel: since59('policies.sessionLevel'),
  },
  ExtlClntAppConfigurablePolicies: {
    externalClientApplication: since60('app.apiName'),
    isEnabled: since60(),
    isOauthPluginEnabled: since60(),
    label: since60(),
    // What an org applies when startPage is left out is not documented [UNCONFIRMED], so below 63.0 it is
    // refused rather than dropped; if it turns out to be None, set omittedMeans: 'None' and older targets work.
    startPage: { minApiVersion: '63.0', setting: 'policies.startPage' },
  },
};

export const API_VERSION_PATTERN = /^[1-9]\d*\.0$/;

/** 64.0 → 64; throws ApiVersionInvalid for anything else. */
export const parseApiVersion = (version: string): number => {
  if (!API_VERSION_PATTERN.test(version)) throw cliError('ApiVersionInvalid', [version, 'expected <major>.0, e.g. 64.0']);
  return Number(version);
};

export const formatApiVersion = (major: number): string => `${major.toFixed(0)}.0`;

export const versionRangeOf = (type: EcaTypeName, field: string): VersionRange | undefined =>
  (FIELD_API_VERSIONS[type] as Readonly<Record<string, VersionRange | undefined>>)[field];

/** Whether `version` (a number like 64) lies inside `range`. */
export const inRange = (version: number, range: VersionRange): boolean =>
  version >= Number(range.minApiVersion) && (range.maxApiVersion === undefined || version <= Number(range.maxApiVersion));

/**
 * The lowest API version that can carry `registration` exactly as specified: what the deploy preflight compares
 * with the org's newest API version. Fields whose value equals the omitted default do not raise it.
 */
export const requiredApiVersion = (registration: Registration): string => {
  let required = Number(MIN_SUPPORTED_API_VERSION);
  for (const rule of ECA_COMPONENTS) {
    required = Math.max(required, Number(TYPE_API_VERSIONS[rule.type].minApiVersion));
    const fields = rule.fields(registration, rule.fullName(registration.app.apiName)) as Record<string, string | number | boolean | undefined>;
    for (const [field, value] of Object.entries(fields)) {
      const range = versionRangeOf(rule.type, field);
      if (value === undefined || range === undefined || range.omittedMeans === String(value)) continue;
      required = Math.max(required, Number(range.minApiVersion));
    }
  }
  return formatApiVersion(required);
};
