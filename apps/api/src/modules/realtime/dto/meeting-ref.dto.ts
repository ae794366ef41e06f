import { IsString, Matches } from 'class-validator';
import { CaseRefDto, UUID_PATTERN } from './case-ref.dto.js';

/** `meeting:join` / `meeting:leave`, and the address part of every meeting event. */
export class MeetingRefDto extends CaseRefDto {
  @IsString()
  @Matches(UUID_PATTERN, { message: 'meetingId must be a UUID' })
  meetingId!: string;
}
