import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { type AuditEvent, DomainError } from '@samraad/domain';
import { type AuditChainReport, AuditRepository } from '@samraad/persistence';

export type AuditInput = Omit<AuditEvent, 'actorId' | 'actorRole' | 'organisationId' | 'detail' | 'ip'> & {
  detail?: AuditEvent['detail'];
  ip?: string | null;
  /** The role the actor acted in (a case role for case data); the account role when absent. */
  role?: string | null;
};

export interface AuditEntryView {
  seq: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  resource: string | null;
  outcome: string;
  detail: AuditEvent['detail'];
}

/**
 * Writes the audit trail. A failed write fails the caller with AuditUnavailable (503): no case
 * data is served or changed without its entry.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(private readonly entries: AuditRepository) {}

  async record(actor: AuthUser | null, input: AuditInput): Promise<void> {
    const event: AuditEvent = {
      actorId: actor?.id ?? null,
      actorRole: input.role ?? actor?.role ?? null,
      organisationId: actor?.organisationId ?? null,
      action: input.action,
      caseId: input.caseId,
      resource: input.resource,
      outcome: input.outcome,
      ip: input.ip ?? null,
      detail: input.detail ?? {},
    };
    try {
      await this.entries.append(event);
    } catch (error) {
      this.logger.error(`audit write failed for ${event.action}: ${(error as Error).message}`);
      throw new DomainError('AuditUnavailable');
    }
  }

  async listForCase(caseId: string, limit: number, beforeSeq?: string): Promise<AuditEntryView[]> {
    const rows = await this.entries.listForCase(caseId, limit, beforeSeq);
    return rows.map((row) => ({
      seq: String(row.seq),
      at: row.at.toISOString(),
      actorId: row.actorId,
      actorRole: row.actorRole,
      action: row.action,
      resource: row.resource,
      outcome: row.outcome,
      detail: row.detail,
    }));
  }

  verifyChain(): Promise<AuditChainReport> {
    return this.entries.verifyChain();
  }
}
