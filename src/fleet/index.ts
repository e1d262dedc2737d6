/** The fleet (rollout): runs provisioning over many orgs; other folders import it only here. */
export * from './collectReports.js';
export * from './progressDisplay.js';
export * from './report.js';
export * from './runRollout.js';
export * from './salesforceDependencies.js';
export * from './sharding.js';
export * from './summaryTable.js';
export * from './promisePool.js';
