import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { DomainError, firstFollowUpDue, isLocalDate, isOverdue, localDateOf } from '@samraad/domain';
import { type InterventionRow, InterventionsRepository, OrganisationsRepository } from '@samraad/persistence';
import type { CaseAccess } from '../cases/case-access.service.js';
import { FollowUpService } from '../follow-up/follow-up.service.js';
import type { CreateInterventionDto, UpdateInterventionDto } from './dto/intervention.dto.js';

export type InterventionView = Omit<InterventionRow, 'createdAt' | 'updatedAt'> & {
  /** § 95: the first follow-up's deadline; flagged when passed without a follow-up. */
  firstFollowUpDue: string;
  followUpOverdue: boolean;
};

function toView(row: InterventionRow, now: Date): InterventionView {
  const { createdAt: _createdAt, updatedAt: _updatedAt, ...rest } = row;
  const due = firstFollowUpDue(row);
  return { ...rest, firstFollowUpDue: due, followUpOverdue: row.status !== 'ended' && row.lastFollowUpDate === null && isOverdue(due, now) };
}

/** Interventions (indsatser) and their status; every change moves the case's next follow-up. */
@Injectable()
export class InterventionsService {
  constructor(
    private readonly interventions: InterventionsRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly followUps: FollowUpService,
  ) {}

  async list(access: CaseAccess, now = new Date()): Promise<InterventionView[]> {
    return (await this.interventions.listForCase(access.case.id)).map((row) => toView(row, now));
  }

  async create(actor: AuthUser, access: CaseAccess, dto: CreateInterventionDto, now = new Date()): Promise<InterventionView> {
    if (access.role !== 'caseworker') throw new DomainError('Forbidden');
    if (dto.providerOrganisationId) {
      const provider = await this.organisations.findById(dto.providerOrganisationId);
      if (!provider || provider.municipalityId !== access.case.municipalityId) throw new DomainError('ValidationFailed', { providerOrganisationId: ['no such organisation'] });
    }
    const created = await this.interventions.create({
      caseId: access.case.id,
      title: dto.title,
      purpose: dto.purpose,
      providerOrganisationId: dto.providerOrganisationId ?? null,
      startDate: dto.startDate.slice(0, 10),
      investigationEndDate: dto.investigationEndDate?.slice(0, 10) ?? null,
      createdBy: actor.id,
    });
    await this.followUps.recompute(access.case.id);
    return toView(created, now);
  }

  async update(access: CaseAccess, interventionId: string, dto: UpdateInterventionDto, now = new Date()): Promise<InterventionView> {
    if (access.role !== 'caseworker') throw new DomainError('Forbidden');
    const existing = await this.interventions.find(access.case.id, interventionId);
    if (!existing) throw new DomainError('InterventionNotFound');
    if ((dto.status === 'adjusted' || dto.status === 'ended') && !dto.statusReason) throw new DomainError('ValidationFailed', { statusReason: ['say why the intervention is adjusted or ended'] });
    const investigationEndDate = dto.investigationEndDate?.slice(0, 10);
    if (investigationEndDate !== undefined && !isLocalDate(investigationEndDate)) throw new DomainError('ValidationFailed', { investigationEndDate: ['must be a date'] });
    const updated = await this.interventions.update(access.case.id, interventionId, {
      title: dto.title,
      purpose: dto.purpose,
      investigationEndDate,
      status: dto.status,
      statusReason: dto.statusReason,
      endedOn: dto.status === 'ended' ? localDateOf(now) : undefined,
    });
    await this.followUps.recompute(access.case.id);
    return toView(updated, now);
  }
}
