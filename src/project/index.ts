/** The checked-in project files `render` and `schema` write. */
export * from './renderProject.js';
export * from './writeRegistrationSchema.js';
