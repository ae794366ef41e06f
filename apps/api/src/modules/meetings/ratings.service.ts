import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { checkRating, DomainError, SCALE_DEFINITIONS, type Scale } from '@samraad/domain';
import { PlanRepository } from '@samraad/persistence';
import type { CaseAccess } from '../cases/case-access.service.js';
import type { RateDto } from './dto/meeting.dto.js';
import { MeetingsService } from './meetings.service.js';

export interface RatingView {
  id: string;
  goalId: string | null;
  raterId: string;
  raterName: string;
  raterRole: string;
  scale: string;
  value: number;
  subscales: number[] | null;
}

/**
 * Ratings are attributable records: the rater is the signed-in participant, stamped by the server,
 * so a rating cannot be entered in someone else's name. One per rater, goal and scale per meeting.
 */
@Injectable()
export class RatingsService {
  constructor(
    private readonly plan: PlanRepository,
    private readonly meetings: MeetingsService,
  ) {}

  async rate(user: AuthUser, access: CaseAccess, meetingId: string, dto: RateDto): Promise<RatingView> {
    const meeting = await this.meetings.requireParticipant(user, access, meetingId);
    if (meeting.status !== 'planned' && meeting.status !== 'in_progress') throw new DomainError('MeetingConcluded');
    const check = checkRating(dto.scale, { value: dto.value, subscales: dto.subscales, goalId: dto.goalId ?? null });
    if (!check.ok) throw new DomainError('ValidationFailed', { [check.field]: [check.problem] });
    if (dto.goalId && !(await this.plan.listGoals(access.case.id)).some((goal) => goal.id === dto.goalId)) {
      throw new DomainError('ValidationFailed', { goalId: ['no such goal in the plan'] });
    }
    await this.plan.upsertRating({
      caseId: access.case.id,
      meetingId,
      goalId: dto.goalId ?? null,
      raterId: user.id,
      raterRole: access.role,
      scale: dto.scale,
      value: check.value,
      subscales: SCALE_DEFINITIONS[dto.scale as Scale].subscales > 0 ? dto.subscales! : null,
    });
    const saved = (await this.plan.listRatings(access.case.id, meetingId)).find((rating) => rating.raterId === user.id && rating.goalId === (dto.goalId ?? null) && rating.scale === dto.scale)!;
    return { id: saved.id, goalId: saved.goalId, raterId: saved.raterId, raterName: saved.raterName, raterRole: saved.raterRole, scale: saved.scale, value: saved.value, subscales: saved.subscales };
  }

  async list(user: AuthUser, access: CaseAccess, meetingId: string): Promise<RatingView[]> {
    await this.meetings.requireParticipant(user, access, meetingId);
    return (await this.plan.listRatings(access.case.id, meetingId)).map((rating) => ({
      id: rating.id,
      goalId: rating.goalId,
      raterId: rating.raterId,
      raterName: rating.raterName,
      raterRole: rating.raterRole,
      scale: rating.scale,
      value: rating.value,
      subscales: rating.subscales,
    }));
  }
}
