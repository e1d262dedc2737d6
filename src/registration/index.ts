/** The registration spec; other folders import it only here. */
export * from './loadRegistration.js';
export * from './registrationJsonSchema.js';
export * from './registrationSchema.js';
export * from './tenantOverrides.js';
