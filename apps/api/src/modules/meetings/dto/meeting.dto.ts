import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDateString, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { SCALES, type Scale } from '@samraad/domain';

export class ParticipantInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId!: string;

  @ApiPropertyOptional({ description: 'What this person contributes to the meeting.', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  contribution?: string;
}

export class CreateMeetingDto {
  @ApiPropertyOptional({ maxLength: 200, default: 'Opfølgningsmøde' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiProperty({ format: 'date-time' })
  @IsDateString({ strict: true })
  startsAt!: string;

  @ApiProperty({ minimum: 10, maximum: 480 })
  @IsInt()
  @Min(10)
  @Max(480)
  durationMinutes!: number;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  location?: string;

  @ApiPropertyOptional({ description: 'Link for an online meeting.' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(500)
  onlineUrl?: string;

  @ApiPropertyOptional({ minimum: 5, maximum: 240, description: 'How long the child can manage to take part.' })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(240)
  childTimeBudgetMinutes?: number;

  @ApiPropertyOptional({ type: [ParticipantInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ParticipantInputDto)
  participants?: ParticipantInputDto[];
}

export class UpdateMeetingDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  startsAt?: string;

  @ApiPropertyOptional({ minimum: 10, maximum: 480 })
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(480)
  durationMinutes?: number;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  location?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(500)
  onlineUrl?: string;

  @ApiPropertyOptional({ minimum: 5, maximum: 240 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(240)
  childTimeBudgetMinutes?: number;
}

export class ConfirmParticipationDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  contribution?: string;
}

export class ProposeAgendaItemDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 120 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  minutesBudget?: number;
}

export class DecisionDto {
  @ApiProperty({ enum: ['accepted', 'declined'] })
  @IsIn(['accepted', 'declined'])
  decision!: 'accepted' | 'declined';
}

export class MoveAgendaItemDto {
  @ApiProperty({ minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  position!: number;
}

export class SuggestParticipantDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A case member, or give a name for someone from the private network.' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ maxLength: 120 })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** Both fields are checked by the service, so a missing one gets FollowUpDateRequired with its field. */
export class ConcludeMeetingDto {
  @ApiPropertyOptional({ format: 'date', description: 'Required: the next follow-up date.' })
  @IsOptional()
  @IsDateString({ strict: true })
  nextFollowUpDate?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Required: who keeps the caseworker informed about the child's wellbeing until then." })
  @IsOptional()
  @IsUUID()
  responsibleUserId?: string;
}

export class RateDto {
  @ApiPropertyOptional({ description: 'The goal rated (from the plan); none for the SRS session rating.', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  goalId?: string;

  @ApiProperty({ enum: SCALES })
  @IsIn(SCALES)
  scale!: Scale;

  @ApiPropertyOptional({ description: 'For dialogue (1–10) and safety (0–10).' })
  @IsOptional()
  @IsInt()
  value?: number;

  @ApiPropertyOptional({ type: [Number], description: 'For ORS, CORS and SRS: four values 0–10.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsNumber({ maxDecimalPlaces: 1 }, { each: true })
  subscales?: number[];
}

export class AddendumDto {
  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @Length(1, 5000)
  text!: string;
}
