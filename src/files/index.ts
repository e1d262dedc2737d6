/** Files on disk: atomic writes, this package's root, and the one reader of sfdx-project.json. */
export * from './atomicWrite.js';
export * from './packageRoot.js';
export * from './sfdxProject.js';
export * from './stateDir.js';
export * from './processAlive.js';
