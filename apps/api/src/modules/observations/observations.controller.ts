import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import { DomainError } from '@samraad/domain';
import type { CaseAccess } from '../cases/case-access.service.js';
import { CaseScoped, CurrentCase } from '../cases/case-scoped.decorator.js';
import { CreateObservationDto, UpdateObservationFlagsDto } from './dto/observation.dto.js';
import { ObservationsService, type ObservationView } from './observations.service.js';

const observationId = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('ObservationNotFound') });

@ApiTags('observations')
@ApiBearerAuth()
@Controller('cases/:caseId/observations')
export class ObservationsController {
  constructor(private readonly observations: ObservationsService) {}

  @Get()
  @CaseScoped('observations', 'read', 'observation.list')
  list(@CurrentCase() access: CaseAccess): Promise<ObservationView[]> {
    return this.observations.list(access);
  }

  @Post()
  @CaseScoped('observations', 'write', 'observation.create')
  create(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Body() dto: CreateObservationDto): Promise<ObservationView> {
    return this.observations.create(user, access, dto);
  }

  /** Acknowledging a concern is the caseworker's, who runs the case. */
  @Patch(':observationId')
  @CaseScoped('case', 'write', 'observation.update')
  update(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('observationId', observationId) id: string, @Body() dto: UpdateObservationFlagsDto): Promise<ObservationView> {
    return this.observations.updateFlags(user, access, id, dto);
  }
}
