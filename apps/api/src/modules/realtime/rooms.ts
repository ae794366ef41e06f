import type { CaseRole } from '@samraad/domain';

/**
 * Socket.IO room names. Every room of a case starts with `case:<caseId>`, so leaving a case
 * (on removal) is one prefix match; a UUID never prefixes another, the next character is `:`.
 */
export const REALTIME_PATH = '/api/socket.io';

export function userRoom(userId: string): string {
  return `user:${userId}`;
}

export function caseRoom(caseId: string): string {
  return `case:${caseId}`;
}

/** Members of the case in one role: notifications go to the roles that may read them. */
export function caseRoleRoom(caseId: string, role: CaseRole): string {
  return `case:${caseId}:role:${role}`;
}

export function meetingRoom(caseId: string, meetingId: string): string {
  return `case:${caseId}:meeting:${meetingId}`;
}

export function isRoomOfCase(room: string, caseId: string): boolean {
  return room === caseRoom(caseId) || room.startsWith(`${caseRoom(caseId)}:`);
}
