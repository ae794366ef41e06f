export * from './roles.js';
export * from './permissions.js';
export * from './errors.js';
export * from './audit.js';
export * from './dates.js';
export * from './deadlines.js';
export * from './scales.js';
export type * from './contracts.js';
