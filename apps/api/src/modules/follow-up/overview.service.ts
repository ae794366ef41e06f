import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { addMonths, isOverdueOn, type LocalDate, onTimeShare } from '@samraad/domain';
import { type CaseOverviewRow, FollowUpsRepository } from '@samraad/persistence';
import { caseToday } from '../../common/case-today.js';
import { AuditService } from '../audit/audit.service.js';

export interface OverviewCase {
  caseId: string;
  childName: string;
  ownerName: string;
  nextFollowUpDate: string | null;
  overdue: boolean;
  lastFollowUpDate: string | null;
  openStatementRequests: number;
  overdueStatementRequests: number;
  openConcerns: number;
  nextMeeting: { id: string; startsAt: string } | null;
}

export interface Overview {
  role: string;
  today: LocalDate;
  cases: OverviewCase[];
  myStatementRequests: { id: string; caseId: string; childName: string; dueDate: string; overdue: boolean; meetingId: string | null }[];
  team: { from: LocalDate; to: LocalDate; onTime: number; total: number; share: number | null; overdueCases: number } | null;
}

function toOverviewCase(row: CaseOverviewRow, today: LocalDate): OverviewCase {
  return {
    caseId: row.caseId,
    childName: row.childName,
    ownerName: row.ownerName,
    nextFollowUpDate: row.nextFollowUpDate,
    overdue: row.nextFollowUpDate !== null && isOverdueOn(row.nextFollowUpDate, today),
    lastFollowUpDate: row.lastFollowUpDate,
    openStatementRequests: row.openStatementRequests,
    overdueStatementRequests: row.overdueStatementRequests,
    openConcerns: row.openConcerns,
    nextMeeting: row.nextMeetingId && row.nextMeetingAt ? { id: row.nextMeetingId, startsAt: new Date(row.nextMeetingAt).toISOString() } : null,
  };
}

/** The start page's data: every case with its next follow-up, overdue ones first in line. */
@Injectable()
export class OverviewService {
  constructor(
    private readonly followUps: FollowUpsRepository,
    private readonly audit: AuditService,
  ) {}

  async forUser(user: AuthUser, period: { from?: LocalDate; to?: LocalDate }, ip: string | null, now = new Date()): Promise<Overview> {
    const today = caseToday(now);
    const isTeamLeader = user.role === 'team_leader' && user.organisationId !== null;
    const { cases: rows, openRequests: requests } = await this.followUps.overview(isTeamLeader ? { organisationId: user.organisationId! } : { memberId: user.id }, user.id, today, now);
    const cases = rows.map((row) => toOverviewCase(row, today));

    let team: Overview['team'] = null;
    if (isTeamLeader) {
      const from = period.from ?? addMonths(today, -12);
      const to = period.to ?? today;
      const held = await this.followUps.listFollowUps(rows.map((row) => row.caseId));
      // Held follow-ups, plus each case's current deadline that has not been met yet.
      const outcomes = [
        ...held.map((followUp) => ({ due: followUp.dueDate, heldOn: followUp.heldOn })),
        ...rows.filter((row) => row.nextFollowUpDate).map((row) => ({ due: row.nextFollowUpDate!, heldOn: null })),
      ];
      team = { from, to, ...onTimeShare(outcomes, from, to, now), overdueCases: cases.filter((c) => c.overdue).length };
    }

    await this.audit.record(user, { action: 'overview.read', caseId: null, resource: 'case', outcome: 'success', ip, detail: { cases: cases.length } });
    return {
      role: user.role,
      today,
      cases,
      myStatementRequests: requests.map((request) => ({
        id: request.id,
        caseId: request.caseId,
        childName: request.childName,
        dueDate: request.dueDate,
        overdue: isOverdueOn(request.dueDate, today),
        meetingId: request.meetingId,
      })),
      team,
    };
  }
}
