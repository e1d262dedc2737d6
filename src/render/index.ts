/** Rendering (pure), the one XML module, the reader and the one diff engine; other folders import them only here. */
export * from './apiVersions.js';
export * from './diffComponents.js';
export * from './ecaTypes.js';
export * from './metadataXml.js';
export * from './readComponents.js';
export * from './renderRegistration.js';
export * from './sdrRegistry.js';
