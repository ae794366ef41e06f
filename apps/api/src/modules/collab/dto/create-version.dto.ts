import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

/** `plan`, `meeting/<meetingId>` or `internal/<name>`: the document name after `case/<caseId>/`. */
export const DOCUMENT_PATH = /^(plan|meeting\/[0-9a-f-]{36}|internal\/[a-z0-9][a-z0-9-]{0,63})$/;

export class CreateVersionDto {
  @ApiProperty({ example: 'meeting/3f0e…', description: 'plan, meeting/<meetingId> or internal/<name>' })
  @IsString()
  @Matches(DOCUMENT_PATH)
  document!: string;

  @ApiProperty({ example: 'Minutes signed off 2026-03-01' })
  @IsString()
  @Length(1, 200)
  label!: string;
}

export class ListVersionsQueryDto {
  @ApiProperty({ example: 'plan' })
  @IsString()
  @Matches(DOCUMENT_PATH)
  document!: string;
}
