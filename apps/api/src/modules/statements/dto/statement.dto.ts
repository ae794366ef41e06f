import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDateString, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class RequestStatementDto {
  @ApiProperty({ format: 'uuid', description: 'The school, daycare, health visitor or provider member asked to write.' })
  @IsUUID()
  authorId!: string;

  @ApiProperty({ format: 'date', description: 'Due before the meeting it is for.' })
  @IsDateString({ strict: true })
  dueDate!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  meetingId?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class GoalEntryDto {
  @ApiProperty({ maxLength: 64 })
  @IsString()
  @Length(1, 64)
  goalId!: string;

  @ApiProperty({ description: 'What has changed since the last meeting.', maxLength: 5000 })
  @IsString()
  @MaxLength(5000)
  change!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10, description: 'The author’s rating on the 1–10 scale.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  rating?: number;

  @ApiProperty({ description: 'Examples from the child’s everyday life.', maxLength: 5000 })
  @IsString()
  @MaxLength(5000)
  examples!: string;
}

export class SubmitStatementDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The request answered, if any.' })
  @IsOptional()
  @IsUUID()
  requestId?: string;

  @ApiProperty({ type: [GoalEntryDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => GoalEntryDto)
  goalEntries!: GoalEntryDto[];

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @MaxLength(20000)
  freeText!: string;

  @ApiProperty({ description: 'The author has gone through the statement with the family before the meeting.' })
  @IsBoolean()
  reviewedWithFamily!: boolean;

  @ApiPropertyOptional({ description: 'Let the other professionals of the case read it.', default: false })
  @IsOptional()
  @IsBoolean()
  sharedWithMembers?: boolean;
}

/** A correction has the statement's content; it answers the same request as the version it replaces. */
export class CorrectStatementDto extends OmitType(SubmitStatementDto, ['requestId'] as const) {}
