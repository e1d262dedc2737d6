/**
 * What the rollout needs from the rest of the tool, as one seam: the spec (per-tenant overrides schema and
 * the effective registration), the auth store, and the single-org provisioning. `salesforceDependencies.ts`
 * wires the real modules; tests of scheduling and state wire fakes that behave the same way.
 */
import type { z } from 'zod';
import type { OrgDirectory } from './orgDirectory.js';
import type { DeployRef } from './tenantState.js';

/**
 * Progress of one org's provisioning, as the single-org command reports it, plus the secret-access notices:
 * 'secret-access-on' comes right before the deploy that switches REST access to consumer secrets on (the org
 * had it off), 'secret-access-restored' once it is off again. Informational: provisionOrg keeps the durable record
 * of the switch itself (src/salesforce/secretAccess), so the receiver need not.
 */
export type ProvisionProgressEvent = {
  readonly stage: string;
  readonly state: 'start' | 'done' | 'submitted' | 'secret-access-on' | 'secret-access-restored';
  readonly deployId?: string;
};

export type ProvisionChange = { component: string; field: string; from?: unknown; to?: unknown };

export type TenantProvisionOutcome = {
  status: 'created' | 'updated' | 'unchanged' | 'validated';
  exitCode: number;
  changes: ProvisionChange[];
  handoffPath?: string;
  consumerKey: string;
  orgId: string;
  loginUrl: string;
  apiCalls: Record<string, number>;
  warnings: string[];
  /** The run could not switch REST access to consumer secrets back off (exit 68); the next run does. */
  secretAccessLeftOn?: true;
};

export type TenantProvisionRequest = {
  readonly username: string;
  readonly registration: unknown;
  /** Where the tenant's hand-off file goes (written atomically, mode 0600). */
  readonly outputPath: string;
  readonly dryRun: boolean;
  readonly waitMinutes: number;
  readonly allowOrgSettings: boolean;
  readonly allowSecretToggle: boolean;
  /** Set when an earlier run submitted a deploy: poll it instead of submitting another. */
  readonly resume?: DeployRef;
  readonly progress: (event: ProvisionProgressEvent) => void;
};

/** A Metadata API deploy as the org lists it (Tooling sObject DeployRequest). */
export type OrgDeploy = {
  readonly id: string;
  /** Pending, InProgress, Succeeded, SucceededPartial, Failed, Canceling or Canceled. */
  readonly status: string;
  readonly createdDate: string;
};

export type RolloutDependencies = {
  /** The strict zod schema of one tenant's overrides (also types the CSV columns). */
  readonly overridesSchema: z.ZodType;
  /** The registration a tenant gets: the spec with its overrides applied. Throws SpecInvalid (exit 2). */
  prepareRegistration(overrides: Readonly<Record<string, unknown>>, specPath?: string): Promise<unknown>;
  orgDirectory(): Promise<OrgDirectory>;
  provision(request: TenantProvisionRequest): Promise<TenantProvisionOutcome>;
  /**
   * The org's non-check-only deploys created at or after `since`, newest first (at most a few). Asked only when a
   * killed run left a 'submitting' marker without a deploy id. Without it, such a deploy is submitted again.
   */
  findDeploys?(username: string, since: Date): Promise<OrgDeploy[]>;
};
