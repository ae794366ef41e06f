import type { CollabUser } from './collab-engine.js';

/**
 * Extension point for the meetings module: who may open a meeting document and whether they may
 * write (participants only; read-only after sign-off). Provide it in any module as
 * `{ provide: MEETING_DOCUMENT_ACCESS, useExisting: YourService }`; the collaboration module finds
 * it at run time. Without it, meeting documents follow the permission matrix's `minutes` access.
 * Return null for "no access" and for "no such meeting" alike (both answer 404).
 */
export interface MeetingDocumentAccess {
  access(user: CollabUser & { id: string }, caseId: string, meetingId: string, caseRole: string): Promise<'write' | 'read' | null>;
}

export const MEETING_DOCUMENT_ACCESS = Symbol.for('samraad.MEETING_DOCUMENT_ACCESS');
