/**
 * One Metadata API deploy through SDR, in-process: submit (or resume polling an already submitted deploy),
 * poll until done or until --wait runs out, and report the outcome in our terms. Component failures come back
 * as data (not thrown) so the caller can say which phase failed and what that means for the org.
 */
import type { Connection } from '@salesforce/core';
import { MetadataApiDeploy, RequestStatus, type DeployMessage, type MetadataApiDeployStatus } from '@salesforce/source-deploy-retrieve';
import type { ExitCode } from '../errors/index.js';
import { componentSetFromFiles, type SourceFile } from './componentSetFromFiles.js';
import { DEPLOY_STATUSES } from './deployStatus.js';
import { sharedRegistry } from './sharedRegistry.js';
import { isNetworkError } from './networkErrors.js';
import { pollOnSchedule, pollScheduleFor } from './pollSchedule.js';

export type DeployRun = {
  conn: Connection;
  files: readonly SourceFile[];
  apiVersion: string;
  checkOnly: boolean;
  waitMinutes: number;
  /** A fixed status poll interval (tests, benchmarks); the shipped adaptive schedule when absent. */
  pollIntervalMs?: number | undefined;
  /** Poll this already submitted deploy instead of submitting again (resume after a crash or a --wait timeout). */
  resumeId?: string;
  /** Called as soon as the org has given the deploy an id; polling starts once it has resolved (the id is on record). */
  onSubmitted?: (deployId: string) => void | Promise<void>;
};

export type ComponentProblem = { component: string; problem: string };

export type DeployReport = {
  id: string;
  status: RequestStatus;
  exitCode: ExitCode;
  problems: ComponentProblem[];
  /** Ids the org gave each component, keyed 'Type#fullName' (e.g. the ECA's 0xI… id). */
  componentIds: Record<string, string>;
  /** Components the org reports as created or changed, keyed 'Type#fullName'. */
  touched: string[];
};

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const isTrue = (v: unknown): boolean => v === true || v === 'true';

const TIMED_OUT = /client has timed out/i;
/** Consecutive dropped status polls ridden out before the failure is reported (with the deploy id, to resume). */
const MAX_DROPPED_POLLS = 5;

const reportFrom = (response: MetadataApiDeployStatus): DeployReport => {
  const successes = asArray(response.details?.componentSuccesses).filter((m) => (m.componentType ?? '') !== '');
  const failures = asArray(response.details?.componentFailures);
  const key = (m: DeployMessage): string => `${m.componentType ?? ''}#${m.fullName}`;
  const problems: ComponentProblem[] = failures.map((m) => ({
    component: m.componentType ? `${m.componentType} ${m.fullName}` : m.fullName,
    problem: `${m.problem ?? 'no problem text'}${m.lineNumber ? ` (line ${m.lineNumber}${m.columnNumber ? `:${m.columnNumber}` : ''})` : ''}`,
  }));
  if (problems.length === 0 && !response.success && response.errorMessage) {
    problems.push({ component: 'deploy', problem: `${response.errorStatusCode ? `${response.errorStatusCode}: ` : ''}${response.errorMessage}` });
  }
  return {
    id: response.id,
    status: response.status,
    exitCode: DEPLOY_STATUSES[response.status].exitCode,
    problems,
    componentIds: Object.fromEntries(successes.filter((m) => m.id).map((m) => [key(m), m.id as string])),
    touched: successes.filter((m) => isTrue(m.created) || isTrue(m.changed)).map(key),
  };
};

export const runDeploy = async (run: DeployRun): Promise<DeployReport> => {
  const components = componentSetFromFiles(run.files, run.apiVersion);
  let deploy: MetadataApiDeploy;
  if (run.resumeId) {
    deploy = new MetadataApiDeploy({ usernameOrConnection: run.conn, id: run.resumeId, components, apiVersion: run.apiVersion, registry: sharedRegistry() });
  } else {
    deploy = await components.deploy({
      usernameOrConnection: run.conn,
      apiOptions: { checkOnly: run.checkOnly, rollbackOnError: true, singlePackage: true },
    });
  }
  const id = deploy.id ?? run.resumeId ?? '';
  await run.onSubmitted?.(id);
  const deadline = Date.now() + run.waitMinutes * 60_000;
  // A status poll whose connection drops is asked again for the same deploy id (never submitted again), as SDR did
  // itself before jsforce moved to undici: its retry list matches message text, and undici says only "fetch failed".
  for (let dropped = 0; ; dropped++) {
    try {
      const remainingSeconds = Math.max(1, Math.round((deadline - Date.now()) / 1000));
      const result = await pollOnSchedule(deploy, pollScheduleFor(run.pollIntervalMs), remainingSeconds);
      return reportFrom(result.response);
    } catch (e) {
      if (TIMED_OUT.test((e as Error).message)) {
        return { id, status: RequestStatus.InProgress, exitCode: DEPLOY_STATUSES[RequestStatus.InProgress].exitCode, problems: [], componentIds: {}, touched: [] };
      }
      if (!isNetworkError(e) || dropped >= MAX_DROPPED_POLLS || Date.now() >= deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, Math.min(pollScheduleFor(run.pollIntervalMs).capMs, 2000) * 2 ** dropped));
      deploy = new MetadataApiDeploy({ usernameOrConnection: run.conn, id, components, apiVersion: run.apiVersion, registry: sharedRegistry() });
    }
  }
};
