/** The errors folder's public face: the catalog, the one way to raise its errors, and the classifier. */
export * from './catalog.js';
export * from './cliError.js';
export * from './classify.js';
