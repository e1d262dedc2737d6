/**
 * Exit code for every final or in-flight state a Metadata API deploy can report (SDR's RequestStatus).
 * A Record, not a Map, so the compiler fails when SDR adds a status (the sf CLI's Map misses two).
 */
import { RequestStatus } from '@salesforce/source-deploy-retrieve';
import { EXIT_CODES, type ExitCode } from '../errors/catalog.js';

export const DEPLOY_STATUS_EXIT_CODES: Readonly<Record<RequestStatus, ExitCode>> = {
  [RequestStatus.Succeeded]: EXIT_CODES.ok,
  [RequestStatus.SucceededPartial]: EXIT_CODES.partial,
  [RequestStatus.Failed]: EXIT_CODES.failed,
  [RequestStatus.FinalizingFailed]: EXIT_CODES.failed,
  [RequestStatus.Canceled]: EXIT_CODES.failed,
  [RequestStatus.Canceling]: EXIT_CODES.stillRunning,
  [RequestStatus.Pending]: EXIT_CODES.stillRunning,
  [RequestStatus.InProgress]: EXIT_CODES.stillRunning,
  [RequestStatus.Finalizing]: EXIT_CODES.stillRunning,
};
