import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { addMonths, type LocalDate, onTimeShare } from '@samraad/domain';
import { type CaseOverviewRow, FollowUpsRepository, type OpenStatementRequestRow } from '@samraad/persistence';
import { caseToday } from '../../common/case-today.js';
import { AuditService } from '../audit/audit.service.js';

export type OverviewCase = CaseOverviewRow;

export interface Overview {
  role: string;
  today: LocalDate;
  cases: OverviewCase[];
  myStatementRequests: OpenStatementRequestRow[];
  team: { from: LocalDate; to: LocalDate; onTime: number; total: number; share: number | null; overdueCases: number } | null;
}

/** The start page's data: every case with its next follow-up, overdue ones first in line. */
@Injectable()
export class OverviewService {
  constructor(
    private readonly followUps: FollowUpsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * The overview of `user` as JSON text (an `Overview`). The database writes both lists in the
   * reply's shape and they are copied in as text; only a team leader's, which needs the cases for
   * the on-time share, is parsed.
   */
  async forUser(user: AuthUser, period: { from?: LocalDate; to?: LocalDate }, ip: string | null, now = new Date()): Promise<string> {
    const today = caseToday(now);
    const isTeamLeader = user.role === 'team_leader' && user.organisationId !== null;
    const lists = await this.followUps.overview(isTeamLeader ? { organisationId: user.organisationId! } : { memberId: user.id }, user.id, today, now);

    let team: Overview['team'] = null;
    if (isTeamLeader) {
      const cases = JSON.parse(lists.cases) as OverviewCase[];
      const from = period.from ?? addMonths(today, -12);
      const to = period.to ?? today;
      const held = await this.followUps.listFollowUps(cases.map((row) => row.caseId));
      // Held follow-ups, plus each case's current deadline that has not been met yet.
      const outcomes = [
        ...held.map((followUp) => ({ due: followUp.dueDate, heldOn: followUp.heldOn })),
        ...cases.filter((row) => row.nextFollowUpDate).map((row) => ({ due: row.nextFollowUpDate!, heldOn: null })),
      ];
      team = { from, to, ...onTimeShare(outcomes, from, to, now), overdueCases: cases.filter((c) => c.overdue).length };
    }

    await this.audit.record(user, { action: 'overview.read', caseId: null, resource: 'case', outcome: 'success', ip, detail: { cases: lists.caseCount } });
    return `{"role":${JSON.stringify(user.role)},"today":${JSON.stringify(today)},"cases":${lists.cases},"myStatementRequests":${lists.openRequests},"team":${JSON.stringify(team)}}`;
  }
}
