import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import { DomainError } from '@samraad/domain';
import type { CaseAccess } from '../cases/case-access.service.js';
import { CaseScoped, CurrentCase } from '../cases/case-scoped.decorator.js';
import { DocumentVersionsService, type VersionContent, type VersionDiff, type VersionSummary } from './document-versions.service.js';
import { CreateVersionDto, ListVersionsQueryDto } from './dto/create-version.dto.js';

const versionIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('VersionNotFound') });

/**
 * Version history of a case's collaborative documents. The guard admits case members; the
 * service then checks access to the document kind (plan, minutes, assessment).
 */
@ApiTags('collaboration')
@ApiBearerAuth()
@Controller('cases/:caseId/documents/versions')
export class DocumentVersionsController {
  constructor(private readonly versions: DocumentVersionsService) {}

  @Post()
  @CaseScoped('case', 'read', 'collab.version.create')
  create(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Body() dto: CreateVersionDto): Promise<VersionSummary> {
    return this.versions.createVersionAs(user, access, dto.document, dto.label);
  }

  @Get()
  @CaseScoped('case', 'read', 'collab.version.list')
  list(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Query() query: ListVersionsQueryDto): Promise<VersionSummary[]> {
    return this.versions.listVersionsAs(user, access, query.document);
  }

  @Get(':versionId')
  @CaseScoped('case', 'read', 'collab.version.read')
  read(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('versionId', versionIdPipe) versionId: string): Promise<VersionContent> {
    return this.versions.readVersionAs(user, access, versionId);
  }

  @Get(':versionId/diff/:otherId')
  @CaseScoped('case', 'read', 'collab.version.diff')
  diff(
    @CurrentUser() user: AuthUser,
    @CurrentCase() access: CaseAccess,
    @Param('versionId', versionIdPipe) versionId: string,
    @Param('otherId', versionIdPipe) otherId: string,
  ): Promise<VersionDiff> {
    return this.versions.diffAs(user, access, versionId, otherId);
  }
}
