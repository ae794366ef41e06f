import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import { DomainError } from '@samraad/domain';
import type { CaseAccess } from '../cases/case-access.service.js';
import { CaseScoped, CurrentCase } from '../cases/case-scoped.decorator.js';
import { AssessmentsService, type AssessmentView, type SharedAssessmentView } from './assessments.service.js';
import { AssessmentDecisionsDto } from './dto/assessment.dto.js';

const meetingId = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('MeetingNotFound') });

@ApiTags('assessments')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Get('assessments')
  @CaseScoped('assessment', 'read', 'assessment.list')
  list(@CurrentCase() access: CaseAccess): Promise<AssessmentView[]> {
    return this.assessments.list(access);
  }

  /** Opens the assessment of a concluded meeting; its text is edited in the returned internal document. */
  @Post('meetings/:meetingId/assessment')
  @CaseScoped('assessment', 'write', 'assessment.open')
  open(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string): Promise<AssessmentView> {
    return this.assessments.open(user, access, id);
  }

  /** Continue, adjust or end each intervention; whether the investigation must be updated. */
  @Put('meetings/:meetingId/assessment/decisions')
  @CaseScoped('assessment', 'write', 'assessment.decide')
  decide(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string, @Body() dto: AssessmentDecisionsDto): Promise<AssessmentView> {
    return this.assessments.decide(user, access, id, dto);
  }

  @Post('meetings/:meetingId/assessment/share')
  @CaseScoped('assessment', 'write', 'assessment.share')
  share(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string): Promise<SharedAssessmentView> {
    return this.assessments.share(user, access, id);
  }

  /** Assessments the caseworker shared with the family. */
  @Get('shared-assessments')
  @CaseScoped('case', 'read', 'assessment.shared.list')
  listShared(@CurrentCase() access: CaseAccess): Promise<SharedAssessmentView[]> {
    return this.assessments.listShared(access);
  }
}
