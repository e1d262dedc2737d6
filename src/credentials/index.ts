/** The hand-off file and the secret that cannot leak by accident; other folders import them only here. */
export * from './handoff.js';
export * from './secret.js';
export * from './handoffFile.js';
export * from './handoffTarget.js';
export * from './sealedFormat.js';
