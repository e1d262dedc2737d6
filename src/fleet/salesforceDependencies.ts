/**
 * The rollout wired to the real modules: the spec's overrides schema and validation, the sf auth store, and
 * provisioning (the same pipeline as the single-org `deploy`). Provisioning loads @salesforce/core on its first
 * call, so `rollout --help` and `rollout report` never do.
 */
import { findDeploys, provision } from '../provision/index.js';
import { applyTenantOverrides, loadRegistration, tenantOverridesSchema, type Registration } from '../registration/index.js';
import { sfAuthStoreDirectory } from './orgDirectory.js';
import type { RolloutDependencies } from './rolloutDependencies.js';

export const salesforceDependencies = (): RolloutDependencies => {
  // The spec is read and validated once per run, then each tenant's overrides are applied to it.
  const bases = new Map<string, Promise<Registration>>();
  const base = (specPath: string | undefined): Promise<Registration> => {
    const key = specPath ?? '';
    if (!bases.has(key)) bases.set(key, loadRegistration(specPath === undefined ? {} : { specPath }));
    return bases.get(key) as Promise<Registration>;
  };
  return {
    overridesSchema: tenantOverridesSchema,
    prepareRegistration: async (overrides, specPath) => applyTenantOverrides(await base(specPath), overrides, 'spec with the tenant overrides'),
    orgDirectory: sfAuthStoreDirectory,
    findDeploys,
    provision,
  };
};
