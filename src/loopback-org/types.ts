/**
 * The contract other tests code against (see README "The loopback org"). Names here are stable; extend freely.
 */
import type { FaultControl, FaultOptions } from './faults.js';
import type { SetupApp, SetupAppOptions } from './setupApps.js';

export type UserPermissionName =
  | 'ExternalClientAppDeveloper'
  | 'ExternalClientAppAdmin'
  | 'ViewClientSecret'
  | 'CustomizeApplication'
  | 'ModifyAllData';

export type OrgSettings = {
  /** ExternalClientAppSettings.enableClientSecretInRestApiAccess: the credentials REST API may return secrets. */
  enableClientSecretInRestApiAccess: boolean;
  /** OauthOidcSettings.oAuthCdCrdtFlowEnable: org switch for the Authorization Code and Credentials Flow. */
  oAuthCdCrdtFlowEnable: boolean;
};

/**
 * Behaviours the references leave open ([UNCONFIRMED] / doc unclear). Each is a switch so tests can run both sides.
 */
export type OrgSwitches = {
  /**
   * Policies (ExtlClntApp*ConfigurablePolicies) whose app is not in the org yet but is in the same deploy.
   * 'accept' (default): sfdx-hardis deploys all five files in one package successfully [CODE].
   * 'refuse': Help says "To update an OAuth policies file, you must first deploy an external client app".
   */
  policiesWithAppInSameDeploy: 'accept' | 'refuse';
  /**
   * isCodeCredFlowEnabled=true while OauthOidcSettings.oAuthCdCrdtFlowEnable is off. The doc of the field says the
   * flow "must be enabled for your org" before the field can be used [DOC]; what the org then does is
   * [UNCONFIRMED] (salesforce-eca.md §6). 'refuse' (default, the documented precondition enforced): the component
   * fails. 'store-false': the deploy succeeds and the org stores false. 'accept': the org stores true as sent.
   */
  codeCredFlowWithoutOrgSwitch: 'refuse' | 'store-false' | 'accept';
  /**
   * A second OAuth settings / Global OAuth settings / policy for an app that already has one (or gets one generated
   * in the same deploy) under another name. 'refuse' (default): the one-of-each model of Help "OAuth Plugin
   * Enablement with Metadata API". 'replace': the new part takes the old one's place. [UNCONFIRMED]
   */
  secondPluginPart: 'refuse' | 'replace';
  /**
   * How a deploy reports a component the org already holds with exactly the sent values. 'unchanged' (default):
   * changed=false, created=false (SDR: Unchanged). 'changed': reported Changed all the same. [UNCONFIRMED]
   */
  identicalRedeploy: 'unchanged' | 'changed';
  /**
   * Length limits on ExternalClientApplication text fields. The API name's 40 characters are documented (object
   * reference ExternalClientApplication) and always enforced. 'none' (default): no other limit, as none is
   * documented. 'setupLimits': label 255, description 256, contactEmail 80, contactPhone 40 — Salesforce's usual
   * sizes for such fields [UNCONFIRMED] — to test a tool against a stricter org.
   */
  textFieldLimits: 'none' | 'setupLimits';
  /**
   * POST …/staged while the consumer's staged slot holds an Expired or `Rotated` (previous) pair. Documented: "only
   * one staged credential is allowed per consumer" (salesforce-eca.md §3.7), so 'refuse' (default): 400 until that
   * one is deleted. 'replaceInactive': the new staged pair takes the slot and the previous pair stops working.
   * An Active staged pair is always refused. [UNCONFIRMED]
   */
  secondStagedCredential: 'refuse' | 'replaceInactive';
  /** How long a staged pair, and a Rotated previous pair, stay valid: 30 days documented (§3.7); tests shorten it. */
  stagedCredentialLifetimeMs: number;
  /**
   * Whether an Active staged pair (created, not promoted yet) already authenticates at the token endpoint. The
   * docs describe staging, then rotating to make the pair current, so false (default). [UNCONFIRMED]
   */
  stagedPairAuthenticatesBeforeRotation: boolean;
  /**
   * The answer to PATCH …/staged/{id} {"command":"rotate"}: 'collection' (default, what sfdx-hardis and Infisical
   * type it as [CODE]) or 'noContent' (204). The docs give no response body. [UNCONFIRMED]
   */
  stagedRotateReply: 'collection' | 'noContent';
  /** Milliseconds between a deploy creating the OAuth consumer and the credentials API seeing it (gotcha 12). */
  credentialsAvailableAfterMs: number;
  /**
   * Whether GET /apps/oauth/usage lists apps that have no OAuth usage yet. The doc says it lists apps
   * "that have OAuth usage data" (salesforce-eca.md §3.2), so default false. [UNCONFIRMED]
   */
  usageListsAppsWithoutUsage: boolean;
  /**
   * Where SOQL on ExternalClientApplication works. 'dataAndTooling' (default): sfdx-hardis runs it with conn.query
   * [CODE, salesforce-eca.md §3.2]. 'toolingOnly': the object reference calls the sObject "for internal use only"
   * with no query() (peers.md §1.1), so the data API answers INVALID_TYPE.
   */
  externalClientAppQuery: 'dataAndTooling' | 'toolingOnly';
  /**
   * What POST /services/oauth2/token checks first (salesforce-eca.md gotcha 12; issue 15 item 1). 'clientFirst'
   * (default): the client (consumer key, then secret) before the grant, so a made-up refresh token with a wrong
   * secret answers invalid_client. 'grantFirst': the grant first, so it answers invalid_grant whatever the secret
   * is, and a secret proof is inconclusive. Which one Salesforce does for every app is [UNCONFIRMED].
   */
  tokenEndpointOrder: 'clientFirst' | 'grantFirst';
  /**
   * Milliseconds a newly issued consumer key stays unknown at the token endpoint (invalid_client_id): reports
   * range from 2 to about 30 minutes (field-reports.md 2). Default 0.
   */
  tokenEndpointKnowsKeyAfterMs: number;
  /**
   * updateMetadata (synchronous CRUD) of an org settings type such as ExternalClientAppSettings. Documented: the call
   * updates "any component that extends Metadata", and ExternalClientAppSettings "extends the Metadata metadata type",
   * so 'apply' (default) changes the setting at once. That the org really takes this type through CRUD is
   * [UNCONFIRMED] (no example found): 'refuse' answers a SaveResult with success false (INVALID_TYPE) and changes
   * nothing, 'fault' answers a SOAP fault (INVALID_TYPE).
   */
  settingsUpdateMetadata: 'apply' | 'refuse' | 'fault';
  /**
   * Whether ExtlClntAppGlobalOauthSettings shows its app's consumerKey when read (readMetadata) or retrieved. true
   * (default): every retrieved Global file seen holds it [CODE, salesforce-eca.md §3.5]; that readMetadata does the
   * same is [UNCONFIRMED]. false: the field is absent, as on an org that keeps the key out of metadata.
   */
  globalOauthShowsConsumerKey: boolean;
};

export type LoopbackOrgOptions = {
  /** TCP port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** 18-character 00D… id. Default: a fixed one. */
  orgId?: string;
  /** Default 'admin@<orgid>.loopback'. */
  username?: string;
  /** My Domain name reported in Organization / identity / userinfo URLs. Default 'loopback'. */
  myDomain?: string;
  isSandbox?: boolean;
  /** Highest API version the org speaks. Default '66.0'. */
  maxApiVersion?: string;
  /** Profile.Name values that exist. Default: System Administrator, Standard User, Sales. */
  profiles?: string[];
  /** PermissionSet.Name values that exist. Default: Ren_Users. */
  permissionSets?: string[];
  /**
   * Permissions of the running user (default all true). Queryable the way a preflight would ask:
   * `SELECT PermissionsExternalClientAppDeveloper, PermissionsViewClientSecret FROM UserPermissionAccess`
   * (UserPermissionAccess = the running user's effective permissions, one row), data API and Tooling.
   */
  userPermissions?: Partial<Record<UserPermissionName, boolean>>;
  orgSettings?: Partial<OrgSettings>;
  switches?: Partial<OrgSwitches>;
  faults?: FaultOptions;
  /**
   * Consumer keys Salesforce already issued to apps in *other* orgs. A pre-seeded consumerKey equal to one of
   * these is refused as "already in use" (sfdx-hardis retries on that error, salesforce-eca.md §3.6). Keys issued
   * by every loopback org in this process are added automatically.
   */
  consumerKeysInUseElsewhere?: string[];
};

export type RequestLogEntry = {
  /** e.g. 'data:versions', 'oauth:token', 'soap:deploy', 'rest:query', 'connect:credentials'. */
  readonly kind: string;
  readonly method: string;
  /** Path and query string, with any access token removed. */
  readonly path: string;
  readonly status: number;
  /** ms since epoch when the request arrived. */
  readonly at: number;
  /** The fault injected into this call, if any. */
  readonly fault?: string;
};

export type FieldValue = string | FieldValue[] | { [field: string]: FieldValue };
export type ComponentFields = Record<string, FieldValue>;

export type OrgComponent = {
  readonly type: string;
  readonly fullName: string;
  readonly id: string;
  /** Field values as the org holds them (strings, like the XML); never contains a consumer secret. */
  readonly fields: ComponentFields;
  readonly createdDate: string;
  readonly lastModifiedDate: string;
};

export type LoopbackOrg = {
  readonly instanceUrl: string;
  readonly loginUrl: string;
  readonly orgId: string;
  readonly username: string;
  readonly userId: string;
  /** Current opaque access token; changes after expireSessions() + refresh. */
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly clientId: string;
  readonly maxApiVersion: string;
  readonly faults: FaultControl;
  /** Every access token issued so far becomes invalid (REST 401 / SOAP INVALID_SESSION_ID); refresh issues new ones. */
  expireSessions(): void;
  /**
   * The login's OAuth grant is revoked, as when the user or an admin revokes it (Setup → Connected Apps OAuth Usage)
   * or the password is reset: the saved refresh token is refused with invalid_grant and every session ends.
   */
  revokeRefreshToken(): void;
  /** An admin deletes a profile in Setup; queries and deploys no longer find it. Returns whether it existed. */
  deleteProfile(name: string): boolean;
  /** An admin takes a user permission (e.g. ViewClientSecret) away from the running user mid-run, after preflight checked it. */
  revokeUserPermission(name: UserPermissionName): void;
  readonly requests: readonly RequestLogEntry[];
  /**
   * Calls `listener` with each request's log entry as soon as the org has acted on it and before its answer is
   * sent (so a listener that SIGKILLs the client loses the answer while the org's effect stands: the moments a
   * crash test wants). Returns the function that stops listening.
   */
  onRequest(listener: (entry: RequestLogEntry) => void): () => void;
  counts(): Record<string, number>;
  resetLog(): void;
  components(): OrgComponent[];
  settings(): OrgSettings;
  /** Test-only: the secret the org issued to the app's OAuth consumer, to check hand-off files hold exactly it. */
  issuedSecretForTest(appName: string): string | undefined;
  /** Test-only: the consumer key the org issued to the app. */
  issuedKeyForTest(appName: string): string | undefined;
  /**
   * An admin makes an External Client App in Setup (by hand, not by deploy): parts named `<app>_oauth`,
   * `<app>_glbloauth`, `<app>_oauthPlcy`, `<app>_plcy`, Salesforce's defaults, an OAuth consumer. Options leave
   * settings out or make it half-made (see SetupAppOptions).
   */
  createAppInSetup(options?: SetupAppOptions): SetupApp;
  /**
   * An admin generates a new consumer secret for the app in Setup: from then on only the new secret authenticates
   * (the old one gets invalid_client at the token endpoint). Used to test a pair that is refused after read-back.
   */
  regenerateSecretInSetup(appName: string): void;
  /** Whether tokens issued to this OAuth consumer still work: false once its app or OAuth plugin was deleted. */
  isConsumerLive(consumerId: string): boolean;
  /**
   * What the token endpoint decides about a client id + secret (OrgState.authenticateClient): 'ok' for an app's
   * current pair and, after a staged rotation, its previous pair until that is deleted; else 'wrong-secret' or
   * 'unknown-client'.
   */
  authenticateClient(key: string, secret: string): 'unknown-client' | 'wrong-secret' | 'ok';
  /** Test-only: make an app appear in /apps/oauth/usage, as if a user had authorized it. */
  recordOauthUsageForTest(appName: string): void;
  stop(): Promise<void>;
};
