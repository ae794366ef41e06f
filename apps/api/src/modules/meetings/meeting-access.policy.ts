import { Injectable } from '@nestjs/common';
import type { MeetingDocumentAccess } from '@samraad/collab/server';
import { type CaseRole, can } from '@samraad/domain';
import { MeetingsRepository } from '@samraad/persistence';
import type { MeetingRoomAccess } from '../realtime/meeting-room-access.js';

/**
 * Who takes part in a meeting, for the live channels: its Yjs document (participants; read-only
 * once concluded) and its Socket.IO room. The caseworker and the team leader are always in.
 */
@Injectable()
export class MeetingAccessPolicy implements MeetingDocumentAccess, MeetingRoomAccess {
  constructor(private readonly meetings: MeetingsRepository) {}

  private async takesPart(userId: string, caseId: string, meetingId: string, caseRole: string): Promise<'lead' | 'participant' | null> {
    const meeting = await this.meetings.find(caseId, meetingId);
    if (!meeting) return null;
    if (caseRole === 'caseworker' || caseRole === 'team_leader') return 'lead';
    return (await this.meetings.isParticipant(meetingId, userId)) ? 'participant' : null;
  }

  async access(user: { id: string }, caseId: string, meetingId: string, caseRole: string): Promise<'write' | 'read' | null> {
    const role = caseRole as CaseRole;
    if (!can(role, 'minutes', 'read') || !(await this.takesPart(user.id, caseId, meetingId, caseRole))) return null;
    const meeting = await this.meetings.find(caseId, meetingId);
    if (!meeting || meeting.status === 'concluded' || meeting.status === 'cancelled') return meeting ? 'read' : null;
    return can(role, 'minutes', 'write') ? 'write' : 'read';
  }

  async canJoin(user: { id: string }, caseId: string, meetingId: string, caseRole: CaseRole): Promise<boolean> {
    return can(caseRole, 'meetings', 'read') && (await this.takesPart(user.id, caseId, meetingId, caseRole)) !== null;
  }
}
