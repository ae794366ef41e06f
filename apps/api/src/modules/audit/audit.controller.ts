import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CaseAccess } from '../cases/case-access.service.js';
import { CaseScoped, CurrentCase } from '../cases/case-scoped.decorator.js';
import { AuditService, type AuditEntryView } from './audit.service.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('cases/:caseId/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The case's access log: owner caseworker and team leaders. Reading it is itself audited. */
  @Get()
  @CaseScoped('audit', 'read', 'audit.read')
  list(@CurrentCase() access: CaseAccess, @Query() query: AuditQueryDto): Promise<AuditEntryView[]> {
    return this.audit.listForCase(access.case.id, query.limit ?? 100, query.before);
  }
}
