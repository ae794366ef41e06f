import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MeetingRefDto } from './meeting-ref.dto.js';

export const TIMER_ACTIONS = ['start', 'pause', 'reset'] as const;
export const MAX_TIMER_SECONDS = 4 * 3600;

/** `meeting:timer`: start (or resume), pause, reset; a duration starts or resets it anew. */
export class MeetingTimerDto extends MeetingRefDto {
  @IsIn(TIMER_ACTIONS)
  action!: (typeof TIMER_ACTIONS)[number];

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TIMER_SECONDS)
  durationSeconds?: number;
}
