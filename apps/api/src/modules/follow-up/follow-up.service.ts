import { Injectable } from '@nestjs/common';
import { type LocalDate, nextFollowUpDue } from '@samraad/domain';
import { FollowUpsRepository, InterventionsRepository } from '@samraad/persistence';

/**
 * Keeps each case's next follow-up date current, so the overview reads it from one indexed
 * column. Called whenever something it depends on changes: an intervention, the case interval,
 * a concluded meeting.
 */
@Injectable()
export class FollowUpService {
  constructor(
    private readonly followUps: FollowUpsRepository,
    private readonly interventions: InterventionsRepository,
  ) {}

  async recompute(caseId: string): Promise<LocalDate> {
    const dates = await this.followUps.caseDates(caseId);
    const interventions = await this.interventions.listForCase(caseId);
    const next = nextFollowUpDue({
      agreedNextFollowUp: dates.agreedNextFollowUp,
      lastFollowUp: dates.lastFollowUpDate,
      intervalMonths: dates.intervalMonths,
      openedOn: dates.openedOn,
      interventions: interventions.map((intervention) => ({ startDate: intervention.startDate, investigationEndDate: intervention.investigationEndDate, status: intervention.status })),
    });
    if (next !== dates.nextFollowUpDate) await this.followUps.setCaseDates(caseId, { nextFollowUpDate: next });
    return next;
  }

  currentDue(caseId: string): Promise<LocalDate> {
    return this.recompute(caseId);
  }
}
