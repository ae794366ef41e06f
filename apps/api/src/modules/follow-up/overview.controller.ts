import { Controller, Get, Header, Ip, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, Max, Min } from 'class-validator';
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

  @ApiPropertyOptional({ minimum: 1, maximum: 500, description: 'At most this many cases (one page); all of them when absent. `casesTotal` counts them all.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Leave out this many cases first (the pages before).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
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
  @ApiOkResponse({ description: 'role, today, cases (by next follow-up; one page with limit/offset), casesTotal, myStatementRequests, team (team leaders)' })
  get(@CurrentUser() user: AuthUser, @Query() query: OverviewQueryDto, @Ip() ip: string): Promise<string> {
    return this.overview.forUser(user, query, ip);
  }
}
