/**
 * Everything one loopback org holds: who it is, its settings, metadata components, OAuth consumers, sessions,
 * and the asynchronous deploy/retrieve jobs. Plain data plus a few mutations; the engines decide the rules.
 */
import { KEY_PREFIX, newAccessToken, newConsumerKey, newConsumerSecret, newId, newRefreshToken, toId18 } from './ids.js';
import type { ComponentFields, LoopbackOrgOptions, OrgComponent, OrgSettings, OrgSwitches, UserPermissionName } from './types.js';

export type OAuthConsumer = {
  readonly id: string;
  readonly appName: string;
  key: string;
  secret: string;
  /** ms since epoch from which the credentials API sees this consumer. */
  availableAt: number;
  staged?: StagedCredential;
};

export type StagedCredential = {
  readonly id: string;
  readonly key: string;
  readonly secret: string;
  /** Active: staged, not promoted yet. Rotated: the previous pair after a rotation. Expired is derived from expiresAt. */
  state: 'Active' | 'Rotated';
  /** ms since epoch: staged credentials (and a Rotated previous pair) last 30 days (salesforce-eca.md §3.7). */
  expiresAt: number;
};

export const stagedStateAt = (s: StagedCredential, now: number): 'Active' | 'Expired' | 'Rotated' => (now >= s.expiresAt ? 'Expired' : s.state);

/** What the token endpoint learns from a client id and secret. */
export type ClientAuthentication = 'unknown-client' | 'wrong-secret' | 'ok';

/** Consumer keys issued by any loopback org in this process: Salesforce-wide uniqueness (salesforce-eca.md §3.6). */
const keysIssuedInProcess = new Map<string, string>();

export const DEFAULT_ORG_ID = toId18('00D000000000001');
export const DEFAULT_PROFILES = ['System Administrator', 'Standard User', 'Sales'];
export const DEFAULT_PERMISSION_SETS = ['Ren_Users'];
const DEFAULT_SWITCHES: OrgSwitches = {
  policiesWithAppInSameDeploy: 'accept',
  codeCredFlowWithoutOrgSwitch: 'refuse',
  secondPluginPart: 'refuse',
  identicalRedeploy: 'unchanged',
  textFieldLimits: 'none',
  credentialsAvailableAfterMs: 0,
  secondStagedCredential: 'refuse',
  stagedCredentialLifetimeMs: 30 * 24 * 60 * 60 * 1000,
  stagedPairAuthenticatesBeforeRotation: false,
  stagedRotateReply: 'collection',
  usageListsAppsWithoutUsage: false,
  externalClientAppQuery: 'dataAndTooling',
  tokenEndpointOrder: 'clientFirst',
  tokenEndpointKnowsKeyAfterMs: 0,
  settingsUpdateMetadata: 'apply',
  globalOauthShowsConsumerKey: true,
};

const componentKey = (type: string, fullName: string): string => `${type}#${fullName}`;

export class OrgState {
  public readonly orgId: string;
  public readonly userId = newId(KEY_PREFIX.user);
  public readonly username: string;
  public readonly myDomain: string;
  public readonly isSandbox: boolean;
  public readonly maxApiVersion: string;
  public readonly profiles: Map<string, string>;
  public readonly permissionSets: ReadonlyMap<string, string>;
  public readonly userPermissions: Record<UserPermissionName, boolean>;
  public readonly switches: OrgSwitches;
  public readonly settings: OrgSettings;
  public readonly clientId = 'PlatformCLI';
  /** Replaced by revokeRefreshToken(): the old one is then refused with invalid_grant, as Salesforce does. */
  public refreshToken = newRefreshToken();
  public accessToken: string;
  public instanceUrl = '';
  private readonly validTokens = new Set<string>();
  private readonly stored = new Map<string, OrgComponent>();
  private readonly consumersByApp = new Map<string, OAuthConsumer>();
  private readonly keysInUseElsewhere: ReadonlySet<string>;
  public readonly appsWithUsage = new Set<string>();
  /** Consumer key → ms since epoch from which the token endpoint knows it (switch tokenEndpointKnowsKeyAfterMs). */
  public readonly tokenEndpointKnowsKeyAt = new Map<string, number>();

  public constructor(options: LoopbackOrgOptions) {
    this.orgId = options.orgId ?? DEFAULT_ORG_ID;
    if (!/^00D[0-9A-Za-z]{15}$/.test(this.orgId)) throw new Error(`orgId must be an 18-character 00D… id: ${this.orgId}`);
    this.username = options.username ?? `admin@${this.orgId}.loopback`;
    this.myDomain = options.myDomain ?? 'loopback';
    this.isSandbox = options.isSandbox ?? false;
    this.maxApiVersion = options.maxApiVersion ?? '66.0';
    this.profiles = new Map((options.profiles ?? DEFAULT_PROFILES).map((n) => [n, newId(KEY_PREFIX.profile)]));
    this.permissionSets = new Map((options.permissionSets ?? DEFAULT_PERMISSION_SETS).map((n) => [n, newId(KEY_PREFIX.permissionSet)]));
    this.userPermissions = {
      ExternalClientAppDeveloper: true,
      ExternalClientAppAdmin: true,
      ViewClientSecret: true,
      CustomizeApplication: true,
      ModifyAllData: true,
      ...options.userPermissions,
    };
    this.switches = { ...DEFAULT_SWITCHES, ...options.switches };
    this.settings = { enableClientSecretInRestApiAccess: false, oAuthCdCrdtFlowEnable: false, ...options.orgSettings };
    this.keysInUseElsewhere = new Set(options.consumerKeysInUseElsewhere ?? []);
    this.accessToken = this.issueAccessToken();
  }

  public get orgId15(): string {
    return this.orgId.slice(0, 15);
  }

  // ---- sessions ----
  public issueAccessToken(): string {
    const token = newAccessToken(this.orgId);
    this.validTokens.add(token);
    this.accessToken = token;
    return token;
  }
  public isValidSession(token: string | undefined): boolean {
    return token !== undefined && this.validTokens.has(token);
  }
  public expireSessions(): void {
    this.validTokens.clear();
  }
  /** The user's OAuth grant is revoked (Setup → OAuth usage → Revoke, password reset): refresh token and sessions die. */
  public revokeRefreshToken(): void {
    this.refreshToken = newRefreshToken();
    this.expireSessions();
  }
  /** An admin deletes a profile (Setup → Profiles → Del); returns whether it existed. */
  public deleteProfile(name: string): boolean {
    return this.profiles.delete(name);
  }

  /** An admin removes a user permission from the running user in Setup (takes effect on the next request). */
  public revokeUserPermission(name: UserPermissionName): void {
    this.userPermissions[name] = false;
  }

  // ---- metadata components ----
  public component(type: string, fullName: string): OrgComponent | undefined {
    return this.stored.get(componentKey(type, fullName));
  }
  public componentsOfType(type: string): OrgComponent[] {
    return [...this.stored.values()].filter((c) => c.type === type);
  }
  public allComponents(): OrgComponent[] {
    return [...this.stored.values()];
  }
  /** Creates or replaces a component; returns whether it was created. */
  public putComponent(type: string, fullName: string, fields: ComponentFields, idPrefix: string): { created: boolean; component: OrgComponent } {
    const existing = this.component(type, fullName);
    const now = new Date().toISOString();
    const component: OrgComponent = {
      type,
      fullName,
      id: existing?.id ?? newId(idPrefix),
      fields,
      createdDate: existing?.createdDate ?? now,
      lastModifiedDate: now,
    };
    this.stored.set(componentKey(type, fullName), component);
    return { created: existing === undefined, component };
  }

  /** Removes a component; returns it if it existed. */
  public removeComponent(type: string, fullName: string): OrgComponent | undefined {
    const key = componentKey(type, fullName);
    const existing = this.stored.get(key);
    this.stored.delete(key);
    return existing;
  }

  /**
   * Everything a deploy can change, to put back afterwards: a checkOnly deploy runs exactly like the real one
   * (so it reports the same Created/Changed/Deleted states) and then restores the org.
   */
  public snapshot(): () => void {
    const stored = new Map([...this.stored].map(([k, c]) => [k, structuredClone(c)]));
    const consumers = new Map([...this.consumersByApp].map(([k, c]) => [k, structuredClone(c)]));
    const settings = { ...this.settings };
    const issued = [...keysIssuedInProcess];
    const revoked = new Set(this.revokedConsumers);
    return () => {
      this.stored.clear();
      for (const [k, c] of stored) this.stored.set(k, c);
      this.consumersByApp.clear();
      for (const [k, c] of consumers) this.consumersByApp.set(k, c);
      Object.assign(this.settings, settings);
      keysIssuedInProcess.clear();
      for (const [k, v] of issued) keysIssuedInProcess.set(k, v);
      this.revokedConsumers.clear();
      for (const id of revoked) this.revokedConsumers.add(id);
    };
  }

  // ---- OAuth consumers ----
  /** Ids of consumers deleted with their app or OAuth plugin: every token issued to them is revoked. */
  public readonly revokedConsumers = new Set<string>();

  /** Deletes the app's OAuth consumer (destructive deploy): its key is free again and its tokens are revoked. */
  public deleteConsumer(appName: string): OAuthConsumer | undefined {
    const consumer = this.consumersByApp.get(appName);
    if (consumer === undefined) return undefined;
    this.consumersByApp.delete(appName);
    keysIssuedInProcess.delete(consumer.key);
    this.revokedConsumers.add(consumer.id);
    return consumer;
  }
  /** Whether tokens issued to this consumer still work (false once its app or OAuth plugin was deleted). */
  public isConsumerLive(consumerId: string): boolean {
    const id15 = consumerId.slice(0, 15);
    return this.consumers().some((c) => c.id.slice(0, 15) === id15 && !this.revokedConsumers.has(c.id));
  }
  public consumerOf(appName: string): OAuthConsumer | undefined {
    return this.consumersByApp.get(appName);
  }
  public consumers(): OAuthConsumer[] {
    return [...this.consumersByApp.values()];
  }
  public createConsumer(appName: string, preseeded: { key?: string; secret?: string }): OAuthConsumer {
    const consumer: OAuthConsumer = {
      id: newId(KEY_PREFIX.oauthConsumer),
      appName,
      key: preseeded.key ?? newConsumerKey(),
      secret: preseeded.secret ?? newConsumerSecret(),
      availableAt: Date.now() + this.switches.credentialsAvailableAfterMs,
    };
    this.consumersByApp.set(appName, consumer);
    keysIssuedInProcess.set(consumer.key, this.orgId);
    this.tokenEndpointKnowsKeyAt.set(consumer.key, Date.now() + this.switches.tokenEndpointKnowsKeyAfterMs);
    return consumer;
  }
  public rekeyConsumer(consumer: OAuthConsumer, next: { key?: string; secret?: string }): void {
    if (next.key !== undefined) {
      keysIssuedInProcess.delete(consumer.key);
      consumer.key = next.key;
      keysIssuedInProcess.set(next.key, this.orgId);
      if (!this.tokenEndpointKnowsKeyAt.has(next.key)) this.tokenEndpointKnowsKeyAt.set(next.key, Date.now() + this.switches.tokenEndpointKnowsKeyAfterMs);
    }
    if (next.secret !== undefined) consumer.secret = next.secret;
  }
  /**
   * Client authentication at the token endpoint: the consumer's current pair, and after a staged rotation also the
   * previous pair (the `Rotated` staged credential) until it is deleted or expires (salesforce-eca.md §3.7). An Active
   * staged pair authenticates only under the switch stagedPairAuthenticatesBeforeRotation. A deleted app's consumer
   * is gone: unknown-client.
   */
  public authenticateClient(key: string, secret: string): ClientAuthentication {
    const client = this.clientOfKey(key);
    if (client === undefined) return 'unknown-client';
    return client.secret === secret ? 'ok' : 'wrong-secret';
  }
  /** The consumer pair a client id names (see authenticateClient), with its app: what the token endpoint checks. */
  public clientOfKey(key: string): { appName: string; secret: string } | undefined {
    const now = Date.now();
    const accepted = (state: ReturnType<typeof stagedStateAt>): boolean =>
      state === 'Rotated' || (state === 'Active' && this.switches.stagedPairAuthenticatesBeforeRotation);
    for (const c of this.consumersByApp.values()) {
      const previous = c.staged !== undefined && accepted(stagedStateAt(c.staged, now)) ? [c.staged] : [];
      const pair = [{ key: c.key, secret: c.secret }, ...previous].find((p) => p.key === key);
      if (pair !== undefined) return { appName: c.appName, secret: pair.secret };
    }
    return undefined;
  }
  /** Whether a consumer key is already used by an app in another org. */
  public isKeyInUseElsewhere(key: string): boolean {
    const owner = keysIssuedInProcess.get(key);
    return this.keysInUseElsewhere.has(key) || (owner !== undefined && owner !== this.orgId);
  }
  public newSecret(): string {
    return newConsumerSecret();
  }
  public newKey(): string {
    return newConsumerKey();
  }
}
