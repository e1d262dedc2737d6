/**
 * The provisioning contract: what `deploy` and the fleet (`rollout`) hand in, what comes back, what is said on the
 * way, and the journal a crash-safe caller keeps. The one way into src/provision from other folders.
 *
 * Words, each with one meaning:
 *   - stage: where the pipeline is (events, error data.stage): preflight → plan → deploy:app+policies (or
 *     deploy:app → deploy:policies) → check → readback → handoff → verify;
 *   - phase: what one deploy carries (error data.phase): `app+policies`, all five parts in one deploy, where the org
 *     takes the policies together with their app; else `app` (app + OAuth settings) then `policies`;
 *   - step: a fleet tenant's persisted progress (src/fleet/tenantState.ts), never used here.
 * The pipeline itself (and @salesforce/core with it) is loaded on the first call, so `--help` and
 * `rollout report` stay light.
 */
import type { ExitCode } from '../errors/index.js';
import type { Registration } from '../registration/index.js';
import type { DiffRow } from '../render/index.js';
import type * as SpecComparisonModule from './compareWithSpec.js';

/** What loadSpecComparison gives: compareWithSpec and desiredSwitches. */
export type SpecComparison = typeof SpecComparisonModule;

/**
 * What one deploy carries. Salesforce's Help describes two steps — deploy the app (its policies are generated), then
 * the policies — while a single deploy of all five parts is observed to work when the policies carry the generated
 * names (salesforce-eca.md §2.4, sfdx-hardis [OBS]). Whether every org takes policies in the same deploy as a NEW app
 * is [UNCONFIRMED]: the run tries `app+policies` and, on that specific refusal (the deploy is rolled back, nothing
 * changed), deploys `app` then `policies` (stages/deploy.ts, pipeline.ts). Either answer ends registered.
 */
export type DeployPhase = 'app' | 'policies' | 'app+policies';

export type ProvisionOptions = {
  /** Validate only (checkOnly deploys); nothing in the org changes and no credentials are read. */
  dryRun: boolean;
  /** How long to wait for each deploy before giving up with exit 69 (the deploy keeps running in the org). */
  waitMinutes: number;
  /** Allow changing org-wide settings the spec needs (the Authorization Code and Credentials Flow switch). */
  allowOrgSettings: boolean;
  /** Allow switching on REST access to consumer secrets just for the read-back (restored right after). Default true. */
  allowSecretToggle?: boolean;
  /** Hand-off file path; '-' = the caller prints it (no file); undefined = ./ren-credentials/<orgId>.json. */
  outputPath?: string;
  /** Put the secret into the outcome (for --show-secret). The hand-off file always holds it. */
  showSecret?: boolean;
  /**
   * Send the policies of a NEW app in the same deploy as the app (default true; DeployPhase says why). The fleet
   * sets false for the rest of a rollout once one of its orgs refused that, so no other tenant pays for the refusal.
   */
  policiesWithNewApp?: boolean;
  /** Metadata API version to deploy with; default: sfdx-project.json's sourceApiVersion, capped at the org's maximum. */
  apiVersion?: string;
  /** Deploy status poll interval (default 1000 ms, as the sf CLI). Tests and benchmarks lower it. */
  pollIntervalMs?: number;
  /** Read-back retries while the org has not issued the credentials yet (default 6 attempts from 500 ms, doubling). */
  readbackRetry?: { attempts: number; initialDelayMs: number };
  /**
   * The token-endpoint proof after the hand-off (stage verify): false skips it (--no-verify); otherwise retried while
   * the app is not known yet, up to waitMinutes (the CLI's default: src/cli/defaults.ts). Undefined: one proof, no wait.
   */
  verify?: false | { waitMinutes: number; firstRetryMs?: number };
};

/** What the proof after the hand-off showed (stage verify). `skipped`: --no-verify. */
export type ProvisionProof = {
  verdict: 'accepted' | 'not-known-yet' | 'refused' | 'inconclusive' | 'could-not-check' | 'skipped';
  /** One sentence; never holds the secret. Names the `verify` command to run later when not accepted. */
  detail: string;
  attempts: number;
  controlAnswer?: string;
  verifiedAt?: string;
};

/** A deploy an earlier run submitted: poll it instead of submitting another. */
export type DeployRef = { readonly deployId: string; readonly phase: DeployPhase };

/** Where an earlier, interrupted run of the same org stopped. */
export type ResumePoint = {
  readonly deploy?: DeployRef;
};

/**
 * What a crash-safe caller (the fleet's state store) records while the pipeline runs. The pipeline awaits each
 * call before it goes on, so what the journal holds is never behind what the org holds.
 */
export interface ProvisionJournal {
  /** A deploy of `phase` is about to be submitted (not called when an earlier run's deploy is polled instead). */
  submitting(phase: DeployPhase): Promise<void>;
  /** The org accepted the deploy; polling starts once this resolves. */
  submitted(deploy: DeployRef): Promise<void>;
  /** The deploy of `phase` succeeded. */
  deployed(phase: DeployPhase): Promise<void>;
  // REST access to consumer secrets is not journalled here: its one durable record is per org and per user
  // (src/salesforce/secretAccess/secretAccessRecords.ts), shared by deploy, rollout and every later command.
}

export type ProvisionRequest = {
  /** Alias or username of an sf CLI login; undefined = the sf CLI's target-org. Also the org's name in messages. */
  readonly targetOrg?: string;
  readonly registration: Registration;
  readonly options: ProvisionOptions;
  readonly resume?: ResumePoint;
  readonly journal?: ProvisionJournal;
  /** Every progress event and notice, in order (see ProvisionEvent). */
  readonly onEvent?: (event: ProvisionEvent) => void;
};

export type DeployStage = 'deploy:org-settings' | `deploy:${DeployPhase}`;
export type ProvisionStage = 'preflight' | 'plan' | DeployStage | 'check' | 'readback' | 'handoff' | 'verify';

export type ProvisionProgress =
  | { stage: ProvisionStage; state: 'start' | 'done'; detail?: string }
  | { stage: DeployStage; state: 'submitted'; deployId: string; detail?: string }
  /** A deploy the org refused as a whole without changing anything; the run goes on another way (e.g. in two steps). */
  | { stage: DeployStage; state: 'set-aside'; detail: string };

/**
 * Notices, delivered with the progress events at the moment they apply:
 * - `warning`: something the admin should know before it happens (e.g. an org switch about to be flipped);
 *   also collected in ProvisionOutcome.warnings.
 * - `secret-access-on`: said just BEFORE the switch-on of REST access to consumer secrets is sent (its durable record,
 *   src/salesforce/secretAccess, is on disk by then): from here until `secret-access-restored` the org may hold it on.
 * - `secret-access-restored`: the org confirmed the setting is off again.
 */
export type ProvisionNotice =
  | { stage: ProvisionStage; state: 'warning'; message: string }
  | { stage: 'readback'; state: 'secret-access-on' | 'secret-access-restored' }
  | { stage: 'verify'; state: 'waiting'; attempt: number; delayMs: number };

export type ProvisionEvent = ProvisionProgress | ProvisionNotice;

/** `adopted`: the org held Ren made in Setup (or by another deploy) under its own part names, and this run changed it. */
export type ProvisionStatus = 'created' | 'updated' | 'adopted' | 'unchanged' | 'validated';

export type ProvisionOutcome = {
  status: ProvisionStatus;
  exitCode: ExitCode;
  /** What the deploy changed (or, in a dry run, would change): the diff rows of the CLI contract. */
  changes: DiffRow[];
  /** The parts of an app made in Setup that this run rendered the spec onto, under the org's names (adoption). */
  adoptedParts?: string[];
  /** Absolute path of the hand-off file; undefined for dry runs and for outputPath '-'. */
  handoffPath?: string;
  consumerKey: string;
  orgId: string;
  loginUrl: string;
  /** Calls this run made, by kind, counted client-side (e.g. 'soap:deploy', 'rest:query', 'connect:credentials'). */
  apiCalls: Record<string, number>;
  warnings: string[];
  /** What a dry run could not check (e.g. policies of an app that does not exist yet). */
  notValidated?: string[];
  /** The hand-off file's text when outputPath is '-' (the caller prints it), secret included. */
  handoffText?: string;
  /** Only with showSecret. */
  consumerSecret?: string;
  /** REST access to consumer secrets is still on because this run could not switch it off (exit 68; cli-contract.md). */
  secretAccessLeftOn?: true;
  /** A run that changed nothing found the hand-off file already holding the org's pair, proven it, and read no secret. */
  handoffReused?: true;
  /** Org-wide settings the run switched on and restored, e.g. REST access to consumer secrets. */
  settingsToggled?: string[];
  isSandbox: boolean;
  instanceUrl: string;
  /** true only when the token endpoint accepted the pair after this run's hand-off (cli-contract.md). */
  verified: boolean;
  /** The proof after the hand-off; absent for dry runs. */
  proof?: ProvisionProof;
  apiVersion: string;
};

/** A Metadata API deploy as the org lists it (Tooling sObject DeployRequest). */
export type OrgDeploy = {
  readonly id: string;
  /** running: poll it; applied: finished with its components in the org; other: failed or canceled. */
  readonly state: 'running' | 'applied' | 'other';
  readonly status: string;
  readonly createdDate: string;
};

/**
 * Registers Ren in one org: preflight (read-only) → plan → deploy (app and policies: one deploy, or two) → check →
 * read-back → hand-off → verify.
 * Throws one of the catalog's errors with its exit code: 1 failed (org unchanged), 68 partly deployed, 69 still
 * running (data.deployId and data.phase: pass them back as `resume.deploy` to poll instead of resubmitting).
 */
export const provision = async (request: ProvisionRequest): Promise<ProvisionOutcome> => (await import('./pipeline.js')).runPipeline(request);

/** The org's non-check-only deploys created at or after `since`, newest first (a few): to find one a killed run submitted. */
export const findDeploys = async (targetOrg: string, since: Date): Promise<OrgDeploy[]> => (await import('./orgDeploys.js')).findDeploys(targetOrg, since);

/** Whether an interrupted earlier run left its REST-access-to-secrets record for this org (read by `status`). */
export const secretAccessLeftByEarlierRun = async (orgId: string): Promise<boolean> => (await import('./secretReadback.js')).secretAccessLeftByEarlierRun(orgId);

/**
 * The one comparison of spec and org (./compareWithSpec.ts), for `status`: loaded on demand like the pipeline, so
 * importing this contract never loads the Salesforce libraries.
 */
export const loadSpecComparison = async (): Promise<SpecComparison> => import('./compareWithSpec.js');

// rotate and remove (issue 16): one org each, end to end; loaded on the first call like the pipeline.
export type { RotateRequest, RotateOutcome, FinishOutcome } from './lifecycle/runRotate.js';
export type { RemoveRequest, RemoveOutcome } from './lifecycle/runRemove.js';
export type { RotationStep } from './lifecycle/rotation.js';
import type { FinishOutcome, RotateOutcome, RotateRequest } from './lifecycle/runRotate.js';
import type { RemoveOutcome, RemoveRequest } from './lifecycle/runRemove.js';

export const rotateOrg = async (request: RotateRequest): Promise<RotateOutcome> => (await import('./lifecycle/runRotate.js')).runRotate(request);
export const finishOrgRotation = async (request: RotateRequest): Promise<FinishOutcome> => (await import('./lifecycle/runRotate.js')).runFinishRotation(request);
export const removeFromOrg = async (request: RemoveRequest): Promise<RemoveOutcome> => (await import('./lifecycle/runRemove.js')).runRemove(request);
