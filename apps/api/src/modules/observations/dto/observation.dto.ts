import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDateString, IsIn, IsOptional, IsString, Length } from 'class-validator';

export const EVERYDAY_AREAS = ['school', 'leisure', 'daily_routines', 'home', 'health', 'friendships'] as const;
export const OBSERVATION_KINDS = ['resource', 'concern', 'neutral'] as const;

export class CreateObservationDto {
  @ApiProperty({ format: 'date' })
  @IsDateString({ strict: true })
  observedOn!: string;

  @ApiPropertyOptional({ enum: EVERYDAY_AREAS, description: 'An everyday area, or give goalId.' })
  @IsOptional()
  @IsIn(EVERYDAY_AREAS)
  area?: (typeof EVERYDAY_AREAS)[number];

  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  goalId?: string;

  @ApiProperty({ enum: OBSERVATION_KINDS })
  @IsIn(OBSERVATION_KINDS)
  kind!: (typeof OBSERVATION_KINDS)[number];

  @ApiProperty({ maxLength: 10000 })
  @IsString()
  @Length(1, 10000)
  text!: string;

  @ApiPropertyOptional({ description: 'A concern that needs follow-up before the next meeting.' })
  @IsOptional()
  @IsBoolean()
  needsFollowUp?: boolean;
}

export class UpdateObservationFlagsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  acknowledged?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  needsFollowUp?: boolean;
}
