import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { AuthUser } from '@samraad/auth';
import { type DocumentName, PLAN_ROOTS } from '@samraad/collab/schema';
import { type DocumentAccess, MEETING_DOCUMENT_ACCESS, type MeetingDocumentAccess } from '@samraad/collab/server';
import { type CaseResource, type CaseRole, can } from '@samraad/domain';
import { CaseAccessService } from '../cases/case-access.service.js';

export interface DocumentAccessDecision {
  access: DocumentAccess;
  caseRole: CaseRole;
  /** With write access: the only root types the user may change (all when absent). */
  writableRoots?: readonly string[];
}

/** The permission-matrix resource a document kind's content belongs to (audit entries name it). */
export function resourceOf(kind: DocumentName['kind']): CaseResource {
  return kind === 'plan' ? 'plan' : kind === 'meeting' ? 'minutes' : 'assessment';
}

/**
 * Who may open a collaborative document, and whether they may write to it.
 *
 * - plan (`case/<id>/plan`): read with `plan` read; `plan` write may change every root. The plan
 *   document also holds the network map: a role with `network_map` write but only `plan` read
 *   (parent, child, provider) may change the `network` root and nothing else — the engine checks
 *   which roots each update touches and refuses the rest. A role with network_map but no plan
 *   access (network) does not get the plan document at all: it would reveal the goals.
 * - meeting (`case/<id>/meeting/<meetingId>`): the meetings module decides when it registered
 *   MEETING_DOCUMENT_ACCESS (participants only, read-only after sign-off); otherwise `minutes`.
 * - internal (`case/<id>/internal/<name>`): `assessment` (caseworker writes, team leader reads).
 *
 * Non-members, unknown cases and documents the user may not read all give null (answered as 404).
 */
@Injectable()
export class CollabAccessService {
  private readonly logger = new Logger('CollabAccess');
  private meetingAccess: MeetingDocumentAccess | null | undefined;

  constructor(
    private readonly cases: CaseAccessService,
    private readonly moduleRef: ModuleRef,
  ) {}

  async decide(user: AuthUser, parsed: DocumentName): Promise<DocumentAccessDecision | null> {
    const membership = await this.cases.resolve(user, parsed.caseId);
    if (!membership) return null;
    const role = membership.role;
    switch (parsed.kind) {
      case 'plan': {
        if (!can(role, 'plan', 'read')) return null;
        if (can(role, 'plan', 'write')) return { access: 'write', caseRole: role };
        if (can(role, 'network_map', 'write')) return { access: 'write', caseRole: role, writableRoots: [PLAN_ROOTS.network] };
        return { access: 'read', caseRole: role };
      }
      case 'meeting': {
        const meetings = this.meetingDocumentAccess();
        if (meetings) {
          const access = await meetings.access(user, parsed.caseId, parsed.meetingId, role);
          return access ? { access, caseRole: role } : null;
        }
        return this.byMatrix(role, 'minutes');
      }
      case 'internal':
        return this.byMatrix(role, 'assessment');
    }
  }

  private byMatrix(role: CaseRole, resource: CaseResource): DocumentAccessDecision | null {
    if (!can(role, resource, 'read')) return null;
    return { access: can(role, resource, 'write') ? 'write' : 'read', caseRole: role };
  }

  private meetingDocumentAccess(): MeetingDocumentAccess | null {
    if (this.meetingAccess === undefined) {
      try {
        this.meetingAccess = this.moduleRef.get<MeetingDocumentAccess>(MEETING_DOCUMENT_ACCESS, { strict: false });
        this.logger.log('meeting documents use the meetings module for access');
      } catch {
        this.meetingAccess = null;
      }
    }
    return this.meetingAccess;
  }
}
