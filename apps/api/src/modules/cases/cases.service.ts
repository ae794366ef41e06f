import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { type CaseRole, DomainError, isOverdue } from '@samraad/domain';
import { type CaseEntity, CasesRepository, TransactionHost } from '@samraad/persistence';
import { AuditService } from '../audit/audit.service.js';
import { FollowUpService } from '../follow-up/follow-up.service.js';
import type { CaseAccess } from './case-access.service.js';
import type { CreateCaseDto } from './dto/create-case.dto.js';
import type { UpdateCaseDto } from './dto/update-case.dto.js';

export interface CaseView {
  id: string;
  childName: string;
  childBirthDate: string | null;
  childBirthYear: number | null;
  ownerId: string;
  organisationId: string;
  followUpIntervalMonths: number;
  myRole: CaseRole;
  createdAt: string;
  updatedAt: string;
  /** The next follow-up is due on this day (Barnets lov § 95 and the case's interval). */
  nextFollowUpDate: string | null;
  overdue: boolean;
}

export function toCaseView(entity: CaseEntity, myRole: CaseRole): CaseView {
  return {
    id: entity.id,
    childName: entity.childName,
    childBirthDate: entity.childBirthDate,
    childBirthYear: entity.childBirthYear ?? (entity.childBirthDate ? Number(entity.childBirthDate.slice(0, 4)) : null),
    ownerId: entity.ownerId,
    organisationId: entity.organisationId,
    followUpIntervalMonths: entity.followUpIntervalMonths,
    myRole,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    nextFollowUpDate: entity.nextFollowUpDate,
    overdue: entity.nextFollowUpDate !== null && isOverdue(entity.nextFollowUpDate, new Date()),
  };
}

@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly tx: TransactionHost,
    private readonly audit: AuditService,
    private readonly followUps: FollowUpService,
  ) {}

  /** The caller's cases; listing is itself an audited read. */
  async listMine(user: AuthUser, ip: string | null): Promise<CaseView[]> {
    const overseen = user.role === 'team_leader' ? user.organisationId : null;
    const found = await this.cases.listVisibleTo(user.id, overseen);
    // Where a team leader is not a member, they see the case as its department's team leader.
    const views = found.map((row) => toCaseView(row.case, row.memberRole ?? 'team_leader'));
    await this.audit.record(user, { action: 'case.list', caseId: null, resource: 'case', outcome: 'success', ip, detail: { count: views.length } });
    return views;
  }

  /** A caseworker opens a case space for a child and becomes its owner and first member. */
  async create(user: AuthUser, dto: CreateCaseDto, ip: string | null): Promise<CaseView> {
    if (user.role !== 'caseworker' || !user.organisationId) {
      await this.audit.record(user, { action: 'case.create', caseId: null, resource: 'case', outcome: 'denied', ip });
      throw new DomainError('Forbidden');
    }
    return this.tx.run(async () => {
      const created = await this.cases.create({
        municipalityId: user.municipalityId,
        organisationId: user.organisationId!,
        ownerId: user.id,
        childName: dto.childName,
        childBirthDate: dto.childBirthDate ?? null,
        childBirthYear: dto.childBirthYear ?? null,
        followUpIntervalMonths: dto.followUpIntervalMonths ?? 3,
      });
      await this.cases.addMember(created.id, user.id, 'caseworker', user.id);
      await this.followUps.recompute(created.id);
      await this.audit.record(user, { action: 'case.create', caseId: created.id, resource: 'case', outcome: 'success', ip, role: 'caseworker' });
      return toCaseView((await this.cases.findById(created.id))!, 'caseworker');
    });
  }

  get(access: CaseAccess): CaseView {
    return toCaseView(access.case, access.role);
  }

  async update(access: CaseAccess, dto: UpdateCaseDto): Promise<CaseView> {
    const birthDate = dto.childBirthDate !== undefined ? dto.childBirthDate : access.case.childBirthDate;
    const birthYear = dto.childBirthYear !== undefined ? dto.childBirthYear : access.case.childBirthYear;
    if (birthDate === null && birthYear === null) {
      const problem = ['a birth date or a birth year is required'];
      throw new DomainError('ValidationFailed', dto.childBirthDate === null ? { childBirthDate: problem } : { childBirthYear: problem });
    }
    await this.cases.update(access.case.id, { ...dto });
    // A new interval moves the next follow-up.
    if (dto.followUpIntervalMonths !== undefined) await this.followUps.recompute(access.case.id);
    return toCaseView((await this.cases.findById(access.case.id))!, access.role);
  }
}
