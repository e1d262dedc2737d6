/** Every call to an org goes through this folder; other folders import it only here. */
export * from './callCounter.js';
export * from './componentSetFromFiles.js';
export * from './deployStatus.js';
export * from './libraryWarnings.js';
export * from './orgErrors.js';
export * from './orgFacts.js';
export * from './orgSettingsFiles.js';
export * from './readCredentials.js';
export * from './resolveOrg.js';
export * from './retrieveOrgState.js';
export * from './runDeploy.js';
export * from './appParts.js';
export * from './stagedCredentials.js';
export * from './tokenEndpoint.js';
