/**
 * What the rollout needs from the rest of the tool, as one seam: the spec (per-tenant overrides schema and the
 * effective registration), the auth store, and provisioning — with provisioning's own contract
 * (src/provision/index.ts), never a loose copy of it. `salesforceDependencies.ts` wires the real modules; tests of
 * scheduling and state wire fakes with the same types.
 */
import type { z } from 'zod';
import type { OrgDeploy, ProvisionOutcome, ProvisionRequest } from '../provision/index.js';
import type { Registration } from '../registration/index.js';
import type { OrgDirectory } from './orgDirectory.js';

export type RolloutDependencies = {
  /** The strict zod schema of one tenant's overrides (also types the CSV columns). */
  readonly overridesSchema: z.ZodType;
  /** The registration a tenant gets: the spec with its overrides applied. Throws SpecInvalid (exit 2). */
  prepareRegistration(overrides: Readonly<Record<string, unknown>>, specPath?: string): Promise<Registration>;
  orgDirectory(): Promise<OrgDirectory>;
  provision(request: ProvisionRequest): Promise<ProvisionOutcome>;
  /**
   * The org's non-check-only deploys created at or after `since`, newest first (at most a few). Asked only when a
   * killed run left a 'submitting' marker without a deploy id. Without it, such a deploy is submitted again.
   */
  findDeploys?(targetOrg: string, since: Date): Promise<OrgDeploy[]>;
};
