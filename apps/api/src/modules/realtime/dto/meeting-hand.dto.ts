import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';
import { UUID_PATTERN } from './case-ref.dto.js';
import { MeetingRefDto } from './meeting-ref.dto.js';

/** `meeting:hand`: raise or lower one's own hand; the facilitator may lower another's (`userId`). */
export class MeetingHandDto extends MeetingRefDto {
  @IsBoolean()
  raised!: boolean;

  @IsOptional()
  @IsString()
  @Matches(UUID_PATTERN, { message: 'userId must be a UUID' })
  userId?: string;
}
