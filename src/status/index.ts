/** `status`: where each org stands against the spec, read-only; other folders import it only here. */
export * from './compareWithSpec.js';
export * from './orgStatus.js';
export * from './statusFleet.js';
