import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MeetingRefDto } from './meeting-ref.dto.js';

/** `meeting:pause`: starts or ends a pause for reflection. */
export class MeetingPauseDto extends MeetingRefDto {
  @IsBoolean()
  active!: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  durationSeconds?: number;
}
