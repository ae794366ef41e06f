import { IsString, Matches } from 'class-validator';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `case:join` / `case:leave`. */
export class CaseRefDto {
  @IsString()
  @Matches(UUID_PATTERN, { message: 'caseId must be a UUID' })
  caseId!: string;
}
