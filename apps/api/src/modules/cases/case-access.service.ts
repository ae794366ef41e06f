import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import type { CaseRole } from '@samraad/domain';
import { type CaseEntity, CasesRepository } from '@samraad/persistence';

export interface CaseAccess {
  case: CaseEntity;
  role: CaseRole;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who is in a case, and as what. Membership is read from the database on each call, so a removed
 * member loses access with their next request.
 */
@Injectable()
export class CaseAccessService {
  constructor(private readonly cases: CasesRepository) {}

  /** The caller's role in the case, or null when the case is unknown or the caller is not in it. */
  async resolve(user: AuthUser, caseId: string): Promise<CaseAccess | null> {
    if (!UUID.test(caseId)) return null;
    const found = await this.cases.findWithMemberRole(caseId, user.id);
    if (!found || found.case.municipalityId !== user.municipalityId) return null;
    if (found.memberRole) return { case: found.case, role: found.memberRole };
    if (user.role === 'team_leader' && user.organisationId === found.case.organisationId) return { case: found.case, role: 'team_leader' };
    return null;
  }
}
