/**
 * The asynchronous side of the Metadata API: deploys and retrieves are queued, answer InProgress until the job's
 * wall time (faults.jobDurationMs, from submission) has passed and for as many polls as the faults ask, then finish. A deploy is evaluated when it finishes (so cancelDeploy before then
 * leaves the org untouched), and its result is kept for later status checks.
 */
import type { FaultControl } from '../faults.js';
import { KEY_PREFIX, newId } from '../ids.js';
import type { OrgState } from '../orgState.js';
import type { DeployMessage } from './deployTypes.js';
import type { DeployOutcome, DeployRequestOptions } from './deployEngine.js';
import type { PackageManifest } from './packageZip.js';
import type { RetrieveOutcome } from './retrieveEngine.js';

export type DeployStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'SucceededPartial' | 'Failed' | 'Canceling' | 'Canceled';

/** DeployResult as the Metadata API defines it (booleans and numbers typed; SOAP writes them as text). */
export type DeployResult = {
  checkOnly: boolean; completedDate?: string; createdBy: string; createdByName: string; createdDate: string; done: boolean; id: string;
  ignoreWarnings: boolean; lastModifiedDate: string; numberComponentErrors: number; numberComponentsDeployed: number; numberComponentsTotal: number;
  numberTestErrors: number; numberTestsCompleted: number; numberTestsTotal: number; rollbackOnError: boolean; runTestsEnabled: boolean;
  startDate?: string; status: DeployStatus; success: boolean; errorMessage?: string; errorStatusCode?: string;
  details: { componentSuccesses: DeployMessage[]; componentFailures: DeployMessage[] };
};

type DeployJob = {
  id: string; zip: Buffer; options: DeployRequestOptions; apiVersion: string; createdDate: string; startDate?: string;
  pollsLeft: number; readyAtMs: number; status: DeployStatus; outcome?: DeployOutcome; completedDate?: string;
};

type RetrieveJob = { id: string; manifest: PackageManifest; apiVersion: string; pollsLeft: number; readyAtMs: number; outcome?: RetrieveOutcome };

export type RetrieveResult = RetrieveOutcome & { done: boolean; id: string; status: 'Pending' | 'InProgress' | 'Succeeded'; success: boolean };

/** REST answers write datetimes as 2026-01-31T12:00:00.000+0000. */
const restDatetime = (iso: string): string => iso.replace(/Z$/, '+0000');

const FINISHED: readonly DeployStatus[] = ['Succeeded', 'SucceededPartial', 'Failed', 'Canceled'];

export class AsyncJobs {
  private readonly deploys = new Map<string, DeployJob>();
  private readonly retrieves = new Map<string, RetrieveJob>();

  public constructor(private readonly state: OrgState, private readonly faults: FaultControl) {}

  /** When a job submitted now may finish, by the org's job duration at submission. */
  private readyAt(): number {
    return Date.now() + this.faults.jobDurationMs;
  }

  public submitDeploy(zip: Buffer, options: DeployRequestOptions, apiVersion: string): DeployResult {
    const job: DeployJob = {
      id: newId(KEY_PREFIX.deploy), zip, options, apiVersion, createdDate: new Date().toISOString(),
      pollsLeft: this.faults.deployInProgressPolls, readyAtMs: this.readyAt(), status: 'Pending',
    };
    this.deploys.set(job.id, job);
    return this.deployResult(job);
  }

  /** Advances the deploy by one poll and returns its status, or undefined for an unknown id. */
  public async checkDeploy(id: string): Promise<DeployResult | undefined> {
    const job = this.deploys.get(id);
    if (job === undefined) return undefined;
    if (!FINISHED.includes(job.status)) {
      job.startDate ??= new Date().toISOString();
      if (job.status === 'Canceling') {
        job.status = 'Canceled';
        job.completedDate = new Date().toISOString();
      } else if (this.faults.neverFinishDeploys || job.pollsLeft > 0 || Date.now() < job.readyAtMs) {
        job.pollsLeft = Math.max(0, job.pollsLeft - 1);
        job.status = 'InProgress';
      } else {
        // Loaded on first use: validation pulls in the TypeScript compiler (metadata definitions), ~1 s.
        const { runDeploy } = await import('./deployEngine.js');
        job.outcome = await runDeploy(this.state, job.zip, job.options, job.apiVersion, this.faults.dropFieldOnDeploy);
        job.status = job.outcome.status;
        job.completedDate = new Date().toISOString();
      }
    }
    return this.deployResult(job);
  }

  /** Every deploy the org received, as the Tooling sObject DeployRequest shows it (fields in restDatetime format). */
  public deployRequests(): Record<string, string | number | boolean | null>[] {
    return [...this.deploys.values()].map((job) => {
      const r = this.deployResult(job);
      return {
        Id: r.id, Status: r.status, CheckOnly: r.checkOnly, CreatedDate: restDatetime(r.createdDate), CreatedById: r.createdBy,
        StartDate: r.startDate === undefined ? null : restDatetime(r.startDate),
        CompletedDate: r.completedDate === undefined ? null : restDatetime(r.completedDate),
        NumberComponentsTotal: r.numberComponentsTotal, NumberComponentsDeployed: r.numberComponentsDeployed, NumberComponentErrors: r.numberComponentErrors,
      };
    });
  }

  /** 'canceling' when accepted, 'done' when the deploy already finished, undefined for an unknown id. */
  public cancelDeploy(id: string): 'canceling' | 'done' | undefined {
    const job = this.deploys.get(id);
    if (job === undefined) return undefined;
    if (FINISHED.includes(job.status)) return 'done';
    job.status = 'Canceling';
    return 'canceling';
  }

  private deployResult(job: DeployJob): DeployResult {
    const o = job.outcome;
    const done = FINISHED.includes(job.status);
    return {
      checkOnly: job.options.checkOnly,
      ...(job.completedDate === undefined ? {} : { completedDate: job.completedDate }),
      createdBy: this.state.userId,
      createdByName: 'Loopback Admin',
      createdDate: job.createdDate,
      done,
      id: job.id,
      ignoreWarnings: job.options.ignoreWarnings,
      lastModifiedDate: job.completedDate ?? job.createdDate,
      numberComponentErrors: o?.numberComponentErrors ?? 0,
      numberComponentsDeployed: o?.numberComponentsDeployed ?? 0,
      numberComponentsTotal: o?.numberComponentsTotal ?? 0,
      numberTestErrors: 0,
      numberTestsCompleted: 0,
      numberTestsTotal: 0,
      rollbackOnError: job.options.rollbackOnError,
      runTestsEnabled: false,
      ...(job.startDate === undefined ? {} : { startDate: job.startDate }),
      status: job.status,
      success: job.status === 'Succeeded' || job.status === 'SucceededPartial',
      details: { componentSuccesses: o?.successes ?? [], componentFailures: o?.failures ?? [] },
    };
  }

  public submitRetrieve(manifest: PackageManifest, apiVersion: string): { done: false; id: string; state: 'Queued' } {
    const job: RetrieveJob = { id: newId(KEY_PREFIX.retrieve), manifest, apiVersion, pollsLeft: this.faults.retrieveInProgressPolls, readyAtMs: this.readyAt() };
    this.retrieves.set(job.id, job);
    return { done: false, id: job.id, state: 'Queued' };
  }

  public async checkRetrieve(id: string): Promise<RetrieveResult | undefined> {
    const job = this.retrieves.get(id);
    if (job === undefined) return undefined;
    if (job.outcome === undefined && (job.pollsLeft > 0 || Date.now() < job.readyAtMs)) {
      job.pollsLeft = Math.max(0, job.pollsLeft - 1);
      return { done: false, id, status: 'InProgress', success: false, zipFile: '', fileProperties: [], messages: [] };
    }
    const { runRetrieve } = await import('./retrieveEngine.js');
    job.outcome ??= await runRetrieve(this.state, job.manifest, job.apiVersion);
    return { ...job.outcome, done: true, id, status: 'Succeeded', success: true };
  }
}
