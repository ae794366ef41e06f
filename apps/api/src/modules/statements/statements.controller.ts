import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import { DomainError } from '@samraad/domain';
import type { CaseAccess } from '../cases/case-access.service.js';
import { CaseScoped, CurrentCase } from '../cases/case-scoped.decorator.js';
import { CorrectStatementDto, RequestStatementDto, SubmitStatementDto } from './dto/statement.dto.js';
import { type StatementRequestView, StatementsService, type StatementView } from './statements.service.js';

const statementId = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('StatementNotFound') });

@ApiTags('statements')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  @Get('statement-requests')
  @CaseScoped('statements', 'read', 'statement.request.list')
  listRequests(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess): Promise<StatementRequestView[]> {
    return this.statements.listRequests(user, access);
  }

  /** The caseworker asks a school, daycare, health visitor or provider member for a statement. */
  @Post('statement-requests')
  @CaseScoped('case', 'write', 'statement.request.create')
  request(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Body() dto: RequestStatementDto): Promise<StatementRequestView> {
    return this.statements.request(user, access, dto);
  }

  @Get('statements')
  @CaseScoped('statements', 'read', 'statement.list')
  list(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess): Promise<StatementView[]> {
    return this.statements.list(user, access);
  }

  @Post('statements')
  @CaseScoped('statements', 'write', 'statement.submit')
  submit(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Body() dto: SubmitStatementDto): Promise<StatementView> {
    return this.statements.submit(user, access, dto);
  }

  @Get('statements/:statementId')
  @CaseScoped('statements', 'read', 'statement.read')
  get(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('statementId', statementId) id: string): Promise<StatementView> {
    return this.statements.get(user, access, id);
  }

  /** Submitted statements are immutable: a correction is stored as a new version. */
  @Post('statements/:statementId/corrections')
  @CaseScoped('statements', 'write', 'statement.correct')
  correct(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('statementId', statementId) id: string, @Body() dto: CorrectStatementDto): Promise<StatementView> {
    return this.statements.correct(user, access, id, dto);
  }
}
