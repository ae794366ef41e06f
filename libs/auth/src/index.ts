export * from './auth-user.js';
export * from './token.service.js';
export * from './password.js';
export * from './decorators.js';
export * from './accepted-tokens.js';
export * from './jwt.strategy.js';
export * from './jwt-auth.guard.js';
export * from './auth-lib.module.js';
