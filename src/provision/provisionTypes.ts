/**
 * The contract of `provisionOrg` (the single-org command and the rollout both call it).
 * Keep these names stable: the rollout codes against them.
 */
import type { ExitCode } from '../errors/catalog.js';

export type DeployPhase = 'app' | 'policies';

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
  /** Metadata API version to deploy with; default: sfdx-project.json's sourceApiVersion, capped at the org's maximum. */
  apiVersion?: string;
  /** Deploy status poll interval (default 1000 ms, as the sf CLI). Tests and benchmarks lower it. */
  pollIntervalMs?: number;
  /** Read-back retries while the org has not issued the credentials yet (default 6 attempts from 500 ms, doubling). */
  readbackRetry?: { attempts: number; initialDelayMs: number };
};

export type ProvisionStage = 'preflight' | 'deploy:app' | 'deploy:policies' | 'readback' | 'handoff';

export type ProvisionProgress =
  | { stage: ProvisionStage; state: 'start' | 'done'; detail?: string }
  | { stage: 'deploy:app' | 'deploy:policies'; state: 'submitted'; deployId: string; detail?: string };

/**
 * Events beyond stage progress, delivered (with every progress event) to `onEvent` at the moment they apply:
 * - `warning`: something the admin should know before it happens (e.g. an org switch about to be flipped);
 *   also collected in ProvisionOutcome.warnings.
 * - `secret-access-on`: said just BEFORE the switch-on of REST access to consumer secrets is sent (its durable record,
 *   src/salesforce/secretAccess, is on disk by then): from here until `secret-access-restored` the org may hold it on.
 * - `secret-access-restored`: the setting is switched off again (its deploy succeeded).
 */
export type ProvisionNotice =
  | { stage: ProvisionStage; state: 'warning'; message: string }
  | { stage: 'readback'; state: 'secret-access-on' | 'secret-access-restored' };

/** Everything `onEvent` receives: the progress events plus the notices, in the order they happen. */
export type ProvisionEvent = ProvisionProgress | ProvisionNotice;

export type ResumeHint = {
  deployId?: string;
  phase?: DeployPhase;
};

export type FieldChange = { component: string; field: string; from?: string; to?: string };

export type ProvisionStatus = 'created' | 'updated' | 'unchanged' | 'validated';

export type ProvisionOutcome = {
  status: ProvisionStatus;
  exitCode: ExitCode;
  changes: FieldChange[];
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
  /** Org-wide settings the run switched on and restored, e.g. REST access to consumer secrets. */
  settingsToggled?: string[];
  isSandbox: boolean;
  instanceUrl: string;
  apiVersion: string;
};
