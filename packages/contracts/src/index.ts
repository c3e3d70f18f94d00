export * from './labels.js';
export * from './errors.js';
export * from './common.js';
export * from './jurisdiction.js';
export * from './compounds.js';
export * from './departments.js';
export * from './roles.js';
export * from './personal-data.js';
