/** The collaboration server: y-websocket engine, storage contract, fan-out and projection hook. */
export * from './collab-engine.js';
export * from './document-change-hub.js';
export * from './document-store.js';
export * from './fanout.js';
export * from './group-commit.js';
export * from './meeting-document-access.js';
export * from './protocol.js';
export * from './rate-limiter.js';
export * from './update-inspector.js';
export * from './line-diff.js';
