import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { compareDates, DomainError, isLocalDate, localDateOf } from '@samraad/domain';
import { type ObservationRow, ObservationsRepository, PlanRepository } from '@samraad/persistence';
import type { CaseAccess } from '../cases/case-access.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { CreateObservationDto, UpdateObservationFlagsDto } from './dto/observation.dto.js';

export type ObservationView = Omit<ObservationRow, 'acknowledgedAt' | 'createdAt'> & { acknowledgedAt: string | null; createdAt: string };

function toView(row: ObservationRow): ObservationView {
  return { ...row, acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString() };
}

/** Dated observations from the child's everyday life, posted between meetings. */
@Injectable()
export class ObservationsService {
  constructor(
    private readonly observations: ObservationsRepository,
    private readonly plan: PlanRepository,
    private readonly notifications: NotificationsService,
  ) {}

  async create(user: AuthUser, access: CaseAccess, dto: CreateObservationDto, now = new Date()): Promise<ObservationView> {
    const observedOn = dto.observedOn.slice(0, 10);
    if (!isLocalDate(observedOn) || compareDates(observedOn, localDateOf(now)) > 0) throw new DomainError('ValidationFailed', { observedOn: ['must be a date, not in the future'] });
    if (!dto.area && !dto.goalId) throw new DomainError('ValidationFailed', { area: ['tag the observation with an everyday area or a goal'] });
    if (dto.goalId && !(await this.plan.listGoals(access.case.id)).some((goal) => goal.id === dto.goalId)) throw new DomainError('ValidationFailed', { goalId: ['no such goal in the plan'] });
    const created = await this.observations.create({
      caseId: access.case.id,
      authorId: user.id,
      authorOrganisationId: user.organisationId,
      observedOn,
      area: dto.area ?? null,
      goalId: dto.goalId ?? null,
      kind: dto.kind,
      text: dto.text,
      needsFollowUp: dto.kind === 'concern' && (dto.needsFollowUp ?? false),
    });
    await this.notifications.notify([access.case.ownerId], access.case.id, created.kind === 'concern' ? 'observation.concern' : 'observation.created', {
      observationId: created.id,
      kind: created.kind,
      needsFollowUp: created.needsFollowUp,
    });
    return toView(created);
  }

  async list(access: CaseAccess): Promise<ObservationView[]> {
    return (await this.observations.listForCase(access.case.id)).map(toView);
  }

  /** The caseworker acknowledges a concern, or marks it as needing follow-up before the next meeting. */
  async updateFlags(user: AuthUser, access: CaseAccess, observationId: string, dto: UpdateObservationFlagsDto): Promise<ObservationView> {
    if (access.role !== 'caseworker') throw new DomainError('Forbidden');
    const observation = await this.observations.find(access.case.id, observationId);
    if (!observation) throw new DomainError('ObservationNotFound');
    if (dto.acknowledged) await this.observations.acknowledge(observationId, user.id);
    if (dto.needsFollowUp !== undefined) await this.observations.setNeedsFollowUp(observationId, dto.needsFollowUp);
    return toView((await this.observations.find(access.case.id, observationId))!);
  }
}
