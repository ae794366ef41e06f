/**
 * Document names: one Yjs document per audience (ARCHITECTURE.md). The name is the y-websocket
 * room, so it appears in the URL `ws://HOST/collab/<name>`; it holds ids only, never content.
 */
export type DocumentKind = 'plan' | 'meeting' | 'internal';

export type DocumentName =
  | { kind: 'plan'; caseId: string }
  | { kind: 'meeting'; caseId: string; meetingId: string }
  | { kind: 'internal'; caseId: string; name: string };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Internal document names: lower-case words, e.g. `assessment` or `assessment-2026-03`. */
const INTERNAL_NAME = '[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?';
const PATTERN = new RegExp(`^case/(${UUID})/(?:(plan)|(meeting)/(${UUID})|(internal)/(${INTERNAL_NAME}))$`);

export const MAX_DOCUMENT_NAME_LENGTH = 160;

/** Parses a document name; null for anything that is not exactly one of the three shapes. */
export function parseDocumentName(name: string): DocumentName | null {
  if (typeof name !== 'string' || name.length > MAX_DOCUMENT_NAME_LENGTH) return null;
  const match = PATTERN.exec(name);
  if (!match) return null;
  const caseId = match[1]!;
  if (match[2]) return { kind: 'plan', caseId };
  if (match[3]) return { kind: 'meeting', caseId, meetingId: match[4]! };
  return { kind: 'internal', caseId, name: match[6]! };
}

export function buildDocumentName(parsed: DocumentName): string {
  const built = unchecked(parsed);
  if (!parseDocumentName(built)) throw new Error('invalid document name parts');
  return built;
}

function unchecked(parsed: DocumentName): string {
  switch (parsed.kind) {
    case 'plan':
      return `case/${parsed.caseId}/plan`;
    case 'meeting':
      return `case/${parsed.caseId}/meeting/${parsed.meetingId}`;
    case 'internal':
      return `case/${parsed.caseId}/internal/${parsed.name}`;
  }
}

export const planDocumentName = (caseId: string): string => buildDocumentName({ kind: 'plan', caseId });
export const meetingDocumentName = (caseId: string, meetingId: string): string => buildDocumentName({ kind: 'meeting', caseId, meetingId });
export const internalDocumentName = (caseId: string, name: string): string => buildDocumentName({ kind: 'internal', caseId, name });
