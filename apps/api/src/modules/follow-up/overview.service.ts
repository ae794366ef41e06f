import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { addMonths, type LocalDate } from '@samraad/domain';
import { type CaseOverviewRow, FollowUpsRepository, type ListPage, type OpenStatementRequestRow } from '@samraad/persistence';
import { caseToday } from '../../common/case-today.js';
import { AuditService } from '../audit/audit.service.js';

export type OverviewCase = CaseOverviewRow;

export interface Overview {
  role: string;
  today: LocalDate;
  /** By next follow-up: all of the caller's cases, or the page that `limit` and `offset` asked for. */
  cases: OverviewCase[];
  /** The number of cases the caller's overview has in all (`cases` may be one page of them). */
  casesTotal: number;
  myStatementRequests: OpenStatementRequestRow[];
  team: { from: LocalDate; to: LocalDate; onTime: number; total: number; share: number | null; overdueCases: number; caseworkers: number } | null;
}

/** The start page's data: the caller's cases with their next follow-up, overdue ones first in line. */
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
  async forUser(user: AuthUser, query: { from?: LocalDate; to?: LocalDate } & ListPage, ip: string | null, now = new Date()): Promise<string> {
    const today = caseToday(now);
    const isTeamLeader = user.role === 'team_leader' && user.organisationId !== null;
    const from = query.from ?? addMonths(today, -12);
    const to = query.to ?? today;
    const [lists, figures] = await Promise.all([
      this.followUps.overview(isTeamLeader ? { organisationId: user.organisationId! } : { memberId: user.id }, user.id, today, now, { limit: query.limit, offset: query.offset }),
      isTeamLeader ? this.followUps.teamFigures(user.organisationId!, from, to, today) : null,
    ]);
    const team: Overview['team'] = figures && { from, to, onTime: figures.onTime, total: figures.total, share: figures.total === 0 ? null : figures.onTime / figures.total, overdueCases: figures.overdueCases, caseworkers: figures.caseworkers };

    await this.audit.record(user, { action: 'overview.read', caseId: null, resource: 'case', outcome: 'success', ip, detail: { cases: lists.caseCount, ...(query.offset ? { offset: query.offset } : {}) } });
    return `{"role":${JSON.stringify(user.role)},"today":${JSON.stringify(today)},"cases":${lists.cases},"casesTotal":${lists.casesTotal},"myStatementRequests":${lists.openRequests},"team":${JSON.stringify(team)}}`;
  }
}
