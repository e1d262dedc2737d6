/**
 * Every state a Metadata API deploy can report (SDR's RequestStatus, the same names as the Tooling sObject
 * DeployRequest's Status), in one table: its exit code (the sf CLI's numbers), whether the deploy is still
 * running, and whether the org applied its components. A Record, not a Map, so the compiler fails when SDR adds
 * a status (the sf CLI's Map misses two).
 */
import { RequestStatus } from '@salesforce/source-deploy-retrieve';
import { EXIT_CODES, type ExitCode } from '../errors/index.js';

export type DeployStatusRow = {
  readonly exitCode: ExitCode;
  /** Still running in the org: poll it again instead of submitting another. */
  readonly running: boolean;
  /** Finished with its components applied: a retrieve shows them. */
  readonly applied: boolean;
};

export const DEPLOY_STATUSES: Readonly<Record<RequestStatus, DeployStatusRow>> = {
  [RequestStatus.Succeeded]: { exitCode: EXIT_CODES.ok, running: false, applied: true },
  [RequestStatus.SucceededPartial]: { exitCode: EXIT_CODES.partial, running: false, applied: true },
  [RequestStatus.Failed]: { exitCode: EXIT_CODES.failed, running: false, applied: false },
  [RequestStatus.FinalizingFailed]: { exitCode: EXIT_CODES.failed, running: false, applied: false },
  [RequestStatus.Canceled]: { exitCode: EXIT_CODES.failed, running: false, applied: false },
  [RequestStatus.Canceling]: { exitCode: EXIT_CODES.stillRunning, running: true, applied: false },
  [RequestStatus.Pending]: { exitCode: EXIT_CODES.stillRunning, running: true, applied: false },
  [RequestStatus.InProgress]: { exitCode: EXIT_CODES.stillRunning, running: true, applied: false },
  [RequestStatus.Finalizing]: { exitCode: EXIT_CODES.stillRunning, running: true, applied: false },
};

/** The row of a status as the org spells it (DeployRequest.Status); undefined for a status SDR does not know. */
export const deployStatusOf = (status: string): DeployStatusRow | undefined =>
  Object.hasOwn(DEPLOY_STATUSES, status) ? DEPLOY_STATUSES[status as RequestStatus] : undefined;
