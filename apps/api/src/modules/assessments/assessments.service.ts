import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { internalDocumentName } from '@samraad/collab/schema';
import { DomainError, localDateOf } from '@samraad/domain';
import { type AssessmentRow, AssessmentsRepository, InterventionsRepository } from '@samraad/persistence';
import type { CaseAccess } from '../cases/case-access.service.js';
import { DocumentVersionsService } from '../collab/document-versions.service.js';
import { FollowUpService } from '../follow-up/follow-up.service.js';
import { MeetingsService } from '../meetings/meetings.service.js';
import type { AssessmentDecisionsDto } from './dto/assessment.dto.js';

export type AssessmentView = Omit<AssessmentRow, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

export interface SharedAssessmentView {
  id: string;
  meetingId: string;
  sharedAt: string;
  markdown: string;
}

function toView(row: AssessmentRow): AssessmentView {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

/**
 * The professional assessment (socialfaglig vurdering, Anbefaling 17 step 6), written after a
 * concluded meeting in an internal document only the caseworker and team leader can open. Its
 * decisions — whether each intervention continues, is adjusted or ends, and whether the
 * investigation must be updated — are recorded here and applied to the interventions. The family
 * sees it only when the caseworker shares a frozen version.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly assessments: AssessmentsRepository,
    private readonly interventions: InterventionsRepository,
    private readonly meetings: MeetingsService,
    private readonly versions: DocumentVersionsService,
    private readonly followUps: FollowUpService,
  ) {}

  /** Opens (creates on first use) the assessment of a concluded meeting; returns its document name. */
  async open(user: AuthUser, access: CaseAccess, meetingId: string): Promise<AssessmentView> {
    if (access.role !== 'caseworker') throw new DomainError('Forbidden');
    const meeting = await this.meetings.require(access.case.id, meetingId);
    if (meeting.status !== 'concluded') throw new DomainError('MeetingNotOpen');
    return toView(await this.assessments.findOrCreate(access.case.id, meetingId, internalDocumentName(access.case.id, `assessment-${meetingId}`), user.id));
  }

  async list(access: CaseAccess): Promise<AssessmentView[]> {
    return (await this.assessments.listForCase(access.case.id)).map(toView);
  }

  async decide(user: AuthUser, access: CaseAccess, meetingId: string, dto: AssessmentDecisionsDto, now = new Date()): Promise<AssessmentView> {
    const assessment = await this.open(user, access, meetingId);
    const known = new Set((await this.interventions.listForCase(access.case.id)).map((intervention) => intervention.id));
    const fields: Record<string, string[]> = {};
    dto.interventionDecisions.forEach((decision, index) => {
      if (!known.has(decision.interventionId)) fields[`interventionDecisions.${index}.interventionId`] = ['no such intervention in this case'];
      if (decision.decision !== 'continue' && !decision.reason) fields[`interventionDecisions.${index}.reason`] = ['say why it is adjusted or ended'];
    });
    if (Object.keys(fields).length > 0) throw new DomainError('ValidationFailed', fields);
    const decisions = dto.interventionDecisions.map((decision) => ({ interventionId: decision.interventionId, decision: decision.decision, reason: decision.reason ?? null }));
    await this.assessments.updateDecisions(assessment.id, dto.investigationUpdateNeeded ?? null, decisions);
    for (const decision of decisions) {
      if (decision.decision === 'continue') continue;
      await this.interventions.update(access.case.id, decision.interventionId, {
        status: decision.decision === 'end' ? 'ended' : 'adjusted',
        statusReason: decision.reason,
        endedOn: decision.decision === 'end' ? localDateOf(now) : undefined,
      });
    }
    await this.followUps.recompute(access.case.id);
    return toView((await this.assessments.findForMeeting(access.case.id, meetingId))!);
  }

  /** Freezes the assessment as it is now and lets the family read that version. */
  async share(user: AuthUser, access: CaseAccess, meetingId: string, now = new Date()): Promise<SharedAssessmentView> {
    const assessment = await this.open(user, access, meetingId);
    const version = await this.versions.createVersion(assessment.documentName, `Vurdering delt med familien ${localDateOf(now)}`, user.id);
    const shared = await this.assessments.share(assessment.id, access.case.id, version.id, user.id);
    return { id: shared.id, meetingId, sharedAt: shared.sharedAt.toISOString(), markdown: (await this.versions.readMarkdown(version.id)) ?? '' };
  }

  /**
   * What has been shared with the family: for the family, the caseworker and the team leader.
   * Other members get an empty list — nothing has been shared with them.
   */
  async listShared(access: CaseAccess): Promise<SharedAssessmentView[]> {
    if (!['parent', 'child', 'caseworker', 'team_leader'].includes(access.role)) return [];
    const shared = await this.assessments.listShared(access.case.id);
    return Promise.all(shared.map(async (row) => ({ id: row.id, meetingId: row.meetingId, sharedAt: row.sharedAt.toISOString(), markdown: (await this.versions.readMarkdown(row.versionId)) ?? '' })));
  }
}
