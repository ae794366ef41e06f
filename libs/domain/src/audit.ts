/** What an audit entry records. The shape is shared by the writer, the hash chain and the reader. */
export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditEvent {
  actorId: string | null;
  actorRole: string | null;
  organisationId: string | null;
  action: string;
  caseId: string | null;
  resource: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  /** Small, non-sensitive facts (ids, counts, the e-mail of a failed login). Never content. */
  detail: Record<string, string | number | boolean | null>;
}
