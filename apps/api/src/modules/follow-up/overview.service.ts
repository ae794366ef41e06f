import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { addMonths, type LocalDate } from '@samraad/domain';
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
   * The overview of `user` as JSON text (an `Overview`): the database writes both lists in the
   * reply's shape and they are copied in as text. A team leader's figures for the period are
   * counted in the database as well, beside the list.
   */
  async forUser(user: AuthUser, period: { from?: LocalDate; to?: LocalDate }, ip: string | null, now = new Date()): Promise<string> {
    const today = caseToday(now);
    const isTeamLeader = user.role === 'team_leader' && user.organisationId !== null;
    const from = period.from ?? addMonths(today, -12);
    const to = period.to ?? today;
    const [lists, figures] = await Promise.all([
      this.followUps.overview(isTeamLeader ? { organisationId: user.organisationId! } : { memberId: user.id }, user.id, today, now),
      isTeamLeader ? this.followUps.teamFigures(user.organisationId!, from, to, today) : null,
    ]);
    const team: Overview['team'] = figures && { from, to, onTime: figures.onTime, total: figures.total, share: figures.total === 0 ? null : figures.onTime / figures.total, overdueCases: figures.overdueCases };

    await this.audit.record(user, { action: 'overview.read', caseId: null, resource: 'case', outcome: 'success', ip, detail: { cases: lists.caseCount } });
    return `{"role":${JSON.stringify(user.role)},"today":${JSON.stringify(today)},"cases":${lists.cases},"myStatementRequests":${lists.openRequests},"team":${JSON.stringify(team)}}`;
  }
}
