/**
 * A Salesforce org emulated on 127.0.0.1 for tests: the real @salesforce/core, SDR and jsforce talk to it over
 * real HTTP. See README "The loopback org" and ./types.ts for the contract.
 *
 *   const org = await startLoopbackOrg({ orgSettings: { enableClientSecretInRestApiAccess: true } });
 *   … deploy / read back against org.instanceUrl with org.accessToken …
 *   expect(org.counts()['soap:deploy']).to.equal(1);
 *   await org.stop();
 */
import type { FaultControl } from './faults.js';
import { createFaultControl } from './faults.js';
import { startServer } from './http/server.js';
import { AsyncJobs } from './metadata/asyncJobs.js';
import { OrgState } from './orgState.js';
import { RequestLog } from './requestLog.js';
import { createAppInSetup } from './setupApps.js';
import type { LoopbackOrg, LoopbackOrgOptions, OrgComponent } from './types.js';

export type { LoopbackOrg, LoopbackOrgOptions, OrgComponent, OrgSettings, OrgSwitches, RequestLogEntry, UserPermissionName } from './types.js';
export type { SetupApp, SetupAppNames, SetupAppOptions } from './setupApps.js';
export { setupPartNames } from './setupApps.js';
export type { CallInfo, CallMatcher, FaultControl, FaultMode, FaultOptions } from './faults.js';
export { FAULT_MODES } from './faults.js';
export { DEFAULT_ORG_ID } from './orgState.js';
export { toId18 } from './ids.js';

export const startLoopbackOrg = async (options: LoopbackOrgOptions = {}): Promise<LoopbackOrg> => {
  const state = new OrgState(options);
  const faults: FaultControl = createFaultControl(options.faults);
  const log = new RequestLog();
  const jobs = new AsyncJobs(state, faults);
  const server = await startServer({ state, jobs, faults, log }, options.port ?? 0);
  state.instanceUrl = server.url;
  const copy = (c: OrgComponent): OrgComponent => structuredClone(c);
  return {
    instanceUrl: server.url,
    loginUrl: server.url,
    orgId: state.orgId,
    username: state.username,
    userId: state.userId,
    get accessToken() {
      return state.accessToken;
    },
    get refreshToken() {
      return state.refreshToken;
    },
    clientId: state.clientId,
    maxApiVersion: state.maxApiVersion,
    faults,
    expireSessions: () => state.expireSessions(),
    revokeRefreshToken: () => state.revokeRefreshToken(),
    deleteProfile: (name) => state.deleteProfile(name),
    revokeUserPermission: (name) => state.revokeUserPermission(name),
    requests: log.entries,
    onRequest: (listener) => log.listen(listener),
    counts: () => log.counts(),
    resetLog: () => log.reset(),
    components: () => state.allComponents().map(copy),
    settings: () => ({ ...state.settings }),
    issuedSecretForTest: (appName) => state.consumerOf(appName)?.secret,
    issuedKeyForTest: (appName) => state.consumerOf(appName)?.key,
    createAppInSetup: (setupOptions) => createAppInSetup(state, setupOptions),
    isConsumerLive: (consumerId) => state.isConsumerLive(consumerId),
    authenticateClient: (key, secret) => state.authenticateClient(key, secret),
    recordOauthUsageForTest: (appName) => {
      state.appsWithUsage.add(appName);
    },
    stop: () => server.close(),
  };
};
