import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';

export class InterventionDecisionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  interventionId!: string;

  @ApiProperty({ enum: ['continue', 'adjust', 'end'], description: 'Does the intervention still fit the child’s needs?' })
  @IsIn(['continue', 'adjust', 'end'])
  decision!: 'continue' | 'adjust' | 'end';

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class AssessmentDecisionsDto {
  @ApiPropertyOptional({ description: 'Does new significant information mean the investigation must be updated?' })
  @IsOptional()
  @IsBoolean()
  investigationUpdateNeeded?: boolean;

  @ApiProperty({ type: [InterventionDecisionDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => InterventionDecisionDto)
  interventionDecisions!: InterventionDecisionDto[];
}
