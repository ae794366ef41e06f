import { IsString, Matches, ValidateIf } from 'class-validator';
import { MeetingRefDto } from './meeting-ref.dto.js';

/** `meeting:focus`: the agenda item everyone looks at, or null for none. */
export class MeetingFocusDto extends MeetingRefDto {
  @ValidateIf((_dto, value) => value !== null)
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'agendaItemId must be 1 to 64 letters, digits, - or _' })
  agendaItemId!: string | null;
}
