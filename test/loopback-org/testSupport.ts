/**
 * Helpers for tests that drive a loopback org with the real libraries: a Connection without any saved auth
 * (salesforce-wire.md §1.1 option A), and SDR deploys/retrieves that poll fast so suites stay quick.
 */
import { fileURLToPath } from 'node:url';
import { AuthInfo, Connection, Lifecycle } from '@salesforce/core';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import type { DeployResult, MetadataApiDeployOptions, RetrieveResult } from '@salesforce/source-deploy-retrieve';
import type { LoopbackOrg } from '../../src/loopback-org/types.js';

/** test/loopback-org/fixtures/<name> in the source tree (tests run from dist/). */
export const fixturePath = (name: string): string => fileURLToPath(new URL(`../../../test/loopback-org/fixtures/${name}`, import.meta.url));

let warningsMuted = false;
/** core warns "Using insecure protocol: http" for 127.0.0.1 and prints it if nobody listens (salesforce-wire.md §0). */
export const muteInsecureProtocolWarnings = (): void => {
  if (warningsMuted) return;
  warningsMuted = true;
  Lifecycle.getInstance().onWarning(async () => Promise.resolve());
};

/** A Connection authenticated with the org's current access token; nothing is written to disk. */
export const connectionFor = async (org: LoopbackOrg): Promise<Connection> => {
  muteInsecureProtocolWarnings();
  const authInfo = await AuthInfo.create({ username: org.accessToken, accessTokenOptions: { accessToken: org.accessToken, instanceUrl: org.instanceUrl } });
  return Connection.create({ authInfo });
};

/** Poll every 10 ms, give up after 15 s. */
export const POLL_MS = 10;
export const POLL_TIMEOUT_S = 15;

/** Deploys source-format files with the real SDR over SOAP (or REST) and waits for the result. */
export const deploySource = async (
  conn: Connection,
  paths: string[],
  options: { apiVersion?: string; apiOptions?: MetadataApiDeployOptions['apiOptions'] } = {},
): Promise<DeployResult> => {
  const cs = ComponentSet.fromSource(paths);
  if (options.apiVersion !== undefined) cs.sourceApiVersion = options.apiVersion;
  const deploy = await cs.deploy({ usernameOrConnection: conn, ...(options.apiOptions === undefined ? {} : { apiOptions: options.apiOptions }) });
  return deploy.pollStatus(POLL_MS, POLL_TIMEOUT_S);
};

export const retrieveComponents = async (conn: Connection, members: { type: string; fullName: string }[], output: string): Promise<RetrieveResult> => {
  const cs = new ComponentSet(members);
  const retrieve = await cs.retrieve({ usernameOrConnection: conn, output, merge: false });
  return retrieve.pollStatus(POLL_MS, POLL_TIMEOUT_S);
};

/** Failure problems of a deploy result, as a user of SDR sees them. */
export const problems = (result: DeployResult): string[] =>
  result.getFileResponses().flatMap((r) => ('error' in r && typeof r.error === 'string' ? [r.error] : []));
