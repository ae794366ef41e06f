import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';

export class CreateInterventionDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ maxLength: 2000, description: 'What the intervention is for (formål).' })
  @IsString()
  @Length(1, 2000)
  purpose!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The provider organisation delivering it.' })
  @IsOptional()
  @IsUUID()
  providerOrganisationId?: string;

  @ApiProperty({ format: 'date' })
  @IsDateString({ strict: true })
  startDate!: string;

  @ApiPropertyOptional({ format: 'date', description: 'When an accompanying investigation ends (§ 95: follow up then, if sooner).' })
  @IsOptional()
  @IsDateString({ strict: true })
  investigationEndDate?: string;
}

export class UpdateInterventionDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  purpose?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateString({ strict: true })
  investigationEndDate?: string;

  @ApiPropertyOptional({ enum: ['active', 'adjusted', 'ended'] })
  @IsOptional()
  @IsIn(['active', 'adjusted', 'ended'])
  status?: 'active' | 'adjusted' | 'ended';

  @ApiPropertyOptional({ maxLength: 2000, description: 'Why it was adjusted or ended.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  statusReason?: string;
}
