/**
 * Shapes of the collaborative documents, shared by the server and the web app. No Node-only
 * imports here: the browser bundle includes this file.
 */
export * from './document-names.js';
export * from './roots.js';
export * from './rich-text.js';
export * from './plan.js';
export * from './meeting.js';
export * from './document-export.js';
export * from './presence.js';
