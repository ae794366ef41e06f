import { Controller, Get, Header, Param, ParseUUIDPipe, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import { DomainError } from '@samraad/domain';
import type { Response } from 'express';
import type { CaseAccess } from '../cases/case-access.service.js';
import { CaseScoped, CurrentCase } from '../cases/case-scoped.decorator.js';
import { ExportsService } from './exports.service.js';

const meetingId = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('MeetingNotFound') });

@ApiTags('exports')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('meetings/:meetingId/minutes.md')
  @Header('Content-Type', 'text/markdown; charset=utf-8')
  @ApiProduces('text/markdown')
  @CaseScoped('minutes', 'read', 'minutes.export.markdown')
  async markdown(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string): Promise<string> {
    return (await this.exports.minutesMarkdown(user, access, id)).markdown;
  }

  @Get('meetings/:meetingId/minutes.pdf')
  @ApiProduces('application/pdf')
  @CaseScoped('minutes', 'read', 'minutes.export.pdf')
  async pdf(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const pdf = await this.exports.minutesPdf(user, access, id);
    response.setHeader('Content-Type', 'application/pdf');
    response.setHeader('Content-Disposition', `attachment; filename="referat-${id}.pdf"`);
    return new StreamableFile(pdf);
  }

  /** The family's right of access: everything in the case the caller may see. */
  @Get('export')
  @CaseScoped('case', 'read', 'case.export')
  caseExport(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess): Promise<Record<string, unknown>> {
    return this.exports.caseExport(user, access);
  }
}
