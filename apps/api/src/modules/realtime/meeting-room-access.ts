import type { AuthUser } from '@samraad/auth';
import type { CaseRole } from '@samraad/domain';

/**
 * Optional hook: who may enter a meeting room. The meetings module registers a provider under
 * this token (anywhere in the app) to restrict rooms to a meeting's participants and to refuse
 * unknown meetings. Without one, every case member who may read 'meetings' may join.
 * It is asked on `meeting:join` and again when a socket's cached access is re-checked.
 */
export const MEETING_ROOM_ACCESS = Symbol('MEETING_ROOM_ACCESS');

export interface MeetingRoomAccess {
  canJoin(user: AuthUser, caseId: string, meetingId: string, caseRole: CaseRole): Promise<boolean>;
}
