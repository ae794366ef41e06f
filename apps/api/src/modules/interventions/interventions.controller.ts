import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import { DomainError } from '@samraad/domain';
import type { CaseAccess } from '../cases/case-access.service.js';
import { CaseScoped, CurrentCase } from '../cases/case-scoped.decorator.js';
import { CreateInterventionDto, UpdateInterventionDto } from './dto/intervention.dto.js';
import { InterventionsService, type InterventionView } from './interventions.service.js';

const interventionId = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('InterventionNotFound') });

@ApiTags('interventions')
@ApiBearerAuth()
@Controller('cases/:caseId/interventions')
export class InterventionsController {
  constructor(private readonly interventions: InterventionsService) {}

  @Get()
  @CaseScoped('plan', 'read', 'intervention.list')
  list(@CurrentCase() access: CaseAccess): Promise<InterventionView[]> {
    return this.interventions.list(access);
  }

  @Post()
  @CaseScoped('plan', 'write', 'intervention.create')
  create(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Body() dto: CreateInterventionDto): Promise<InterventionView> {
    return this.interventions.create(user, access, dto);
  }

  @Patch(':interventionId')
  @CaseScoped('plan', 'write', 'intervention.update')
  update(@CurrentCase() access: CaseAccess, @Param('interventionId', interventionId) id: string, @Body() dto: UpdateInterventionDto): Promise<InterventionView> {
    return this.interventions.update(access, id, dto);
  }
}
