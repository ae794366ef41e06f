import { Controller, Get, Header, Ip, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import { IsDateString, IsOptional } from 'class-validator';
import { OverviewService } from './overview.service.js';

export class OverviewQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'Start of the period for the on-time share (team leaders).' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}

@ApiTags('overview')
@ApiBearerAuth()
@Controller('overview')
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  /** The caller's cases by next follow-up; for a team leader, the department's and the on-time share. */
  @Get()
  // The service writes the JSON itself (an `Overview`, see overview.service.ts).
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({ description: 'role, today, cases (by next follow-up), myStatementRequests, team (team leaders)' })
  get(@CurrentUser() user: AuthUser, @Query() query: OverviewQueryDto, @Ip() ip: string): Promise<string> {
    return this.overview.forUser(user, query, ip);
  }
}
