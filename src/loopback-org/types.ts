/**
 * The contract other tests code against (see README "The loopback org"). Names here are stable; extend freely.
 */
import type { FaultControl, FaultOptions } from './faults.js';

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
   * isCodeCredFlowEnabled=true while OauthOidcSettings.oAuthCdCrdtFlowEnable is off: whether Salesforce refuses
   * the component ('refuse', default) or stores false silently ('ignore'). [UNCONFIRMED] salesforce-eca.md §6.
   */
  codeCredFlowWithoutOrgSwitch: 'refuse' | 'ignore';
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
  /** Test-only: make an app appear in /apps/oauth/usage, as if a user had authorized it. */
  recordOauthUsageForTest(appName: string): void;
  stop(): Promise<void>;
};
