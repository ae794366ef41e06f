/**
 * Freezes a meeting's minutes as a named version when the meeting is signed off. The collaboration
 * module provides it (its version history); the meetings module depends only on this port.
 */
export interface MinutesArchive {
  /** Stores the document's current state under `label`; returns the version id. */
  freeze(docName: string, label: string, actorId: string): Promise<string>;
  /** The frozen version as Markdown (minutes, agenda, decisions, actions). */
  readMarkdown(versionId: string): Promise<string | null>;
}

export const MINUTES_ARCHIVE = Symbol('MINUTES_ARCHIVE');
