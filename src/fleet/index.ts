/** The fleet (rollout): runs provisioning over many orgs; other folders import it only here. */
export * from './collectReports.js';
export * from './fleetRunner.js';
export * from './progressDisplay.js';
export * from './report.js';
export * from './runRollout.js';
export * from './salesforceDependencies.js';
export * from './sharding.js';
export * from './summaryTable.js';
export * from './promisePool.js';
export * from './rolloutDependencies.js';
export { errorShape, type TenantResult, type TenantStatus } from './tenantResult.js';
// For the per-org operations that plug into the runner from other folders (rotate, remove: issue 16).
export { handoffPathFor } from './provisionTenant.js';
export { withStep, type TenantPlan, type TenantState } from './tenantState.js';
export type { PreparedTenant } from './preparedTenant.js';
export * from './lifecycleFleet.js';
