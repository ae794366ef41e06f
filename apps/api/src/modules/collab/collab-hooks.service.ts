import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import type { AccessDecision, CollabHooks, CollabSession } from '@samraad/collab/server';
import { AuditService } from '../audit/audit.service.js';
import { CollabAccessService, resourceOf } from './collab-access.service.js';

/** What the engine asks of the rest of the app: access decisions and audit entries. */
@Injectable()
export class CollabHooksService implements CollabHooks {
  constructor(
    private readonly access: CollabAccessService,
    private readonly audit: AuditService,
  ) {}

  async resolveAccess(session: CollabSession): Promise<AccessDecision | null> {
    return this.access.decide(session.user as AuthUser, session.parsed);
  }

  async auditDeniedWrite(session: CollabSession, refusedSinceLastEntry: number): Promise<void> {
    await this.audit.record(session.user as AuthUser, {
      action: 'collab.write',
      caseId: session.parsed.caseId,
      resource: resourceOf(session.parsed.kind),
      role: session.caseRole,
      outcome: 'denied',
      detail: { doc: session.docName, reason: session.access === 'write' ? 'root_not_writable' : 'read_only', refused: refusedSinceLastEntry },
    });
  }
}
