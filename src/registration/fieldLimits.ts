/**
 * Maximum lengths of the spec's strings, checked by the schema before anything is rendered or written.
 * Each row says where its number comes from. Only the API name's limit is stated by Salesforce for
 * External Client Apps; the others are not documented anywhere we found, so they are set to the
 * length of the standard field of the same kind (which Salesforce accepts for every ECA we know of)
 * and marked [UNCONFIRMED]: if Salesforce allows more, raising a number here is the only change needed.
 */
export type FieldLimit = { readonly max: number; readonly source: string };

export const FIELD_LIMITS = {
  /**
   * [DOC] Object Reference, ExternalClientApplication.DeveloperName: "must be 40 characters or fewer, must begin
   * with a letter, can contain only underscores and alphanumeric characters, can't include spaces, can't end with
   * an underscore, can't contain 2 consecutive underscores"
   * (https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-externalclientapplication.html).
   * The satellite components' names derive from it (ren → renOauth_defaultPolicy, +19 characters); whether their
   * own 40-character DeveloperName limit (stated for ExtlClntAppPlcyCnfg) applies to the metadata fullName is
   * [UNCONFIRMED], so only the documented 40 is enforced.
   */
  apiName: { max: 40, source: 'Salesforce Object Reference, ExternalClientApplication.DeveloperName: 40 characters or fewer' },
  /** [UNCONFIRMED] not documented for ECAs; 80 is the MasterLabel length of Setup entities (e.g. ConnectedApplication.Name). */
  label: { max: 80, source: 'not documented for External Client Apps; 80, the label length of Setup entities [UNCONFIRMED]' },
  /** [UNCONFIRMED] not documented for ECAs; 256 as for a Connected App's description. */
  description: { max: 256, source: "not documented for External Client Apps; 256, as a Connected App's description [UNCONFIRMED]" },
  /** [UNCONFIRMED] not documented for ECAs; 80 is the length of Salesforce's standard Email fields. */
  contactEmail: { max: 80, source: 'not documented for External Client Apps; 80, the length of standard Email fields [UNCONFIRMED]' },
  /** [UNCONFIRMED] not documented for ECAs; 40 is the length of Salesforce's standard Phone fields. */
  contactPhone: { max: 40, source: 'not documented for External Client Apps; 40, the length of standard Phone fields [UNCONFIRMED]' },
  /** [UNCONFIRMED] icon/logo/info URLs: 1000 characters; callback URLs share the documented 2000 in total. */
  url: { max: 1000, source: 'not documented for External Client Apps; 1000 [UNCONFIRMED]' },
  /**
   * [DOC] Help "Configure the External Client App OAuth Settings": callback URLs are line-break separated,
   * 2000 characters in total (salesforce-eca.md §1.3).
   */
  callbackUrlsTotal: { max: 2000, source: 'Salesforce Help "Configure the External Client App OAuth Settings": 2000 characters for all callback URLs' },
} as const satisfies Record<string, FieldLimit>;

export type LimitedField = keyof typeof FIELD_LIMITS;

/** "is 300 characters long; Salesforce allows at most 40 — shorten it" (the message formatSpecIssues prints). */
export const tooLongMessage = (field: LimitedField, length: number): string =>
  `is ${length} characters long, more than the ${FIELD_LIMITS[field].max} allowed (${FIELD_LIMITS[field].source}) — shorten it`;
