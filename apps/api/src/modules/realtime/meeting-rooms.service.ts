import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type CaseRole, can, DomainError } from '@samraad/domain';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { AuditService } from '../audit/audit.service.js';
import { CaseRoomsService } from './case-rooms.service.js';
import { MeetingFocusDto } from './dto/meeting-focus.dto.js';
import { MeetingHandDto } from './dto/meeting-hand.dto.js';
import { MeetingPauseDto } from './dto/meeting-pause.dto.js';
import { MeetingRefDto } from './dto/meeting-ref.dto.js';
import { MeetingTimerDto } from './dto/meeting-timer.dto.js';
import { parsePayload } from './dto/parse-payload.js';
import { MEETING_ROOM_ACCESS, type MeetingRoomAccess } from './meeting-room-access.js';
import {
  applyTimer,
  type FocusState,
  INITIAL_FOCUS,
  INITIAL_REFLECTION,
  INITIAL_TIMER,
  type MeetingRoomState,
  type Participant,
  participantsOf,
  type RaisedHand,
  type ReflectionState,
  type TimerState,
} from './meeting-state.js';
import { MeetingStateStore } from './meeting-state.store.js';
import { RealtimeServerRef } from './realtime-server.ref.js';
import { meetingRoom } from './rooms.js';
import { type RealtimeSocket, socketIp } from './socket-data.js';

const HAND_FIELD = 'hand:';

interface MeetingContext {
  room: string;
  caseId: string;
  meetingId: string;
  role: CaseRole;
}

/**
 * Meeting rooms: presence, the agenda item in focus, the shared timer, the pause for reflection
 * and raised hands. Every change is stamped by the server and broadcast to the whole room
 * (sender included), so all clients show the same state; a late joiner gets it on `meeting:join`.
 * Presence comes from the sockets in the room (across instances with the Redis adapter), so it
 * cannot go stale when an instance dies.
 */
@Injectable()
export class MeetingRoomsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('MeetingRooms');
  private readonly recheckMs: number;
  private readonly trustProxy: boolean;
  private hook: MeetingRoomAccess | null = null;
  private closing = false;

  constructor(
    private readonly cases: CaseRoomsService,
    private readonly store: MeetingStateStore,
    private readonly audit: AuditService,
    private readonly ref: RealtimeServerRef,
    private readonly moduleRef: ModuleRef,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.recheckMs = config.realtime.accessRecheckSeconds * 1000;
    this.trustProxy = config.trustProxy;
    cases.onEviction((_socket, _caseId, rooms) => {
      for (const room of rooms) void this.afterLeaving(room);
    });
  }

  onModuleInit(): void {
    try {
      this.hook = this.moduleRef.get<MeetingRoomAccess>(MEETING_ROOM_ACCESS, { strict: false });
    } catch {
      this.hook = null; // no meetings module hook registered: case members with 'meetings' read may join
    }
  }

  /** `meeting:join`: enters the meeting room (and the case, if needed); answers the room's state. */
  async join(socket: RealtimeSocket, payload: unknown): Promise<{ state: MeetingRoomState }> {
    const { caseId, meetingId } = parsePayload(MeetingRefDto, payload);
    const room = meetingRoom(caseId, meetingId);
    const role = await this.cases.require(socket, caseId, 'meetings', 'read', 'realtime.meeting_join');
    if (!(await this.mayEnter(socket, caseId, meetingId, role))) {
      await this.cases.deny(socket, caseId, role, 'realtime.meeting_join', 'meetings', 'not_participant', { meetingId });
      throw new DomainError('NotFound');
    }
    await this.cases.enter(socket, caseId);
    if (!socket.data.meetings[room]) {
      await this.audit.record(socket.data.user, {
        action: 'realtime.meeting_join',
        caseId,
        resource: 'meetings',
        role,
        outcome: 'success',
        ip: socketIp(socket, this.trustProxy),
        detail: { meetingId },
      });
      // The case may have been taken away while the entry was written.
      if (!socket.rooms.has(`case:${caseId}`) || !socket.connected) throw new DomainError('CaseNotFound');
      socket.data.meetings[room] = { caseId, meetingId, role, checkedAt: Date.now() };
      socket.join(room);
    }
    const state = await this.stateOf(caseId, meetingId);
    this.server().to(room).except(socket.id).emit('meeting:presence', { caseId, meetingId, participants: state.participants, serverTime: state.serverTime });
    return { state };
  }

  /** `meeting:leave`. */
  async leave(socket: RealtimeSocket, payload: unknown): Promise<{ caseId: string; meetingId: string }> {
    const { caseId, meetingId } = parsePayload(MeetingRefDto, payload);
    const room = meetingRoom(caseId, meetingId);
    if (socket.data.meetings[room]) {
      delete socket.data.meetings[room];
      socket.leave(room);
      await this.afterLeaving(room);
    }
    return { caseId, meetingId };
  }

  /** `meeting:state`: the current state again (after a reconnect, say). */
  async state(socket: RealtimeSocket, payload: unknown): Promise<{ state: MeetingRoomState }> {
    const ref = parsePayload(MeetingRefDto, payload);
    await this.requireInRoom(socket, ref, 'read', 'realtime.meeting_state');
    return { state: await this.stateOf(ref.caseId, ref.meetingId) };
  }

  /** `meeting:focus`: the facilitator (who may write 'meetings') sets the agenda item in focus. */
  async focus(socket: RealtimeSocket, payload: unknown): Promise<{ focus: FocusState }> {
    const dto = parsePayload(MeetingFocusDto, payload);
    const meeting = await this.requireInRoom(socket, dto, 'write', 'realtime.meeting_focus');
    const focus: FocusState = { agendaItemId: dto.agendaItemId, by: socket.data.user.id, at: new Date().toISOString() };
    await this.store.write(meeting.room, { focus: JSON.stringify(focus) });
    this.broadcast(meeting, 'meeting:focus', { focus });
    return { focus };
  }

  /** `meeting:timer`: the facilitator starts, pauses or resets the shared timer. */
  async timer(socket: RealtimeSocket, payload: unknown): Promise<{ timer: TimerState }> {
    const dto = parsePayload(MeetingTimerDto, payload);
    const meeting = await this.requireInRoom(socket, dto, 'write', 'realtime.meeting_timer');
    const current = parseField<TimerState>((await this.store.read(meeting.room))['timer'], INITIAL_TIMER);
    const durationMs = dto.durationSeconds === undefined ? undefined : dto.durationSeconds * 1000;
    const command = dto.action === 'pause' ? { action: 'pause' as const } : { action: dto.action, ...(durationMs === undefined ? {} : { durationMs }) };
    const timer = applyTimer(current, command, Date.now(), socket.data.user.id);
    if (!timer) throw new DomainError('ValidationFailed', { durationSeconds: ['is required to start a timer that has no time left'] });
    await this.store.write(meeting.room, { timer: JSON.stringify(timer) });
    this.broadcast(meeting, 'meeting:timer', { timer });
    return { timer };
  }

  /**
   * `meeting:pause`: any participant may ask for a pause for reflection (the child, too); it is
   * ended by the facilitator or by whoever asked for it.
   */
  async pause(socket: RealtimeSocket, payload: unknown): Promise<{ reflection: ReflectionState }> {
    const dto = parsePayload(MeetingPauseDto, payload);
    const meeting = await this.requireInRoom(socket, dto, 'read', 'realtime.meeting_pause');
    const user = socket.data.user;
    const current = parseField<ReflectionState>((await this.store.read(meeting.room))['reflection'], INITIAL_REFLECTION);
    if (!dto.active && current.active && current.by !== user.id && !can(meeting.role, 'meetings', 'write')) {
      await this.cases.deny(socket, meeting.caseId, meeting.role, 'realtime.meeting_pause', 'meetings', 'no_permission', { meetingId: meeting.meetingId });
      throw new DomainError('Forbidden');
    }
    const at = new Date().toISOString();
    const reflection: ReflectionState = dto.active
      ? { active: true, durationMs: dto.durationSeconds === undefined ? null : dto.durationSeconds * 1000, by: user.id, byName: user.displayName, at }
      : { ...INITIAL_REFLECTION, by: user.id, byName: user.displayName, at };
    await this.store.write(meeting.room, { reflection: JSON.stringify(reflection) });
    this.broadcast(meeting, 'meeting:pause', { reflection });
    return { reflection };
  }

  /** `meeting:hand`: raise or lower one's own hand; the facilitator may lower anyone's. */
  async hand(socket: RealtimeSocket, payload: unknown): Promise<{ hands: RaisedHand[] }> {
    const dto = parsePayload(MeetingHandDto, payload);
    const meeting = await this.requireInRoom(socket, dto, 'read', 'realtime.meeting_hand');
    const user = socket.data.user;
    const target = dto.userId ?? user.id;
    if (target !== user.id && (dto.raised || !can(meeting.role, 'meetings', 'write'))) {
      await this.cases.deny(socket, meeting.caseId, meeting.role, 'realtime.meeting_hand', 'meetings', 'no_permission', { meetingId: meeting.meetingId });
      throw new DomainError('Forbidden');
    }
    const hand: RaisedHand = { userId: user.id, displayName: user.displayName, role: meeting.role, raisedAt: new Date().toISOString() };
    await this.store.write(meeting.room, { [HAND_FIELD + target]: dto.raised ? JSON.stringify(hand) : null });
    const hands = handsOf(await this.store.read(meeting.room));
    this.broadcast(meeting, 'meeting:hands', { hands });
    return { hands };
  }

  /** Nest runs this before it closes the Socket.IO server: the disconnects that follow are the shutdown's own. */
  onModuleDestroy(): void {
    this.closing = true;
  }

  /** After a socket left a room (leave, disconnect, removal): new presence; hands of users gone are lowered. */
  async afterLeaving(room: string): Promise<void> {
    const server = this.ref.server;
    const [, caseId, , meetingId] = room.split(':');
    if (!server || !caseId || !meetingId || this.closing) return;
    try {
      const participants = await this.participants(room);
      const present = new Set(participants.map((participant) => participant.userId));
      const stale = handsOf(await this.store.read(room)).filter((hand) => !present.has(hand.userId));
      const serverTime = new Date().toISOString();
      server.to(room).emit('meeting:presence', { caseId, meetingId, participants, serverTime });
      if (stale.length > 0) {
        await this.store.write(room, Object.fromEntries(stale.map((hand) => [HAND_FIELD + hand.userId, null])));
        server.to(room).emit('meeting:hands', { caseId, meetingId, hands: handsOf(await this.store.read(room)), serverTime });
      }
    } catch (error) {
      this.logger.warn(`presence update failed: ${(error as Error).message}`);
    }
  }

  /** On disconnect: the socket has already left its rooms; update the rooms it was in. */
  async onDisconnect(socket: RealtimeSocket): Promise<void> {
    const rooms = Object.keys(socket.data.meetings ?? {});
    socket.data.meetings = {};
    await Promise.all(rooms.map((room) => this.afterLeaving(room)));
  }

  async stateOf(caseId: string, meetingId: string): Promise<MeetingRoomState> {
    const room = meetingRoom(caseId, meetingId);
    const [fields, participants] = await Promise.all([this.store.read(room), this.participants(room)]);
    return {
      caseId,
      meetingId,
      participants,
      focus: parseField(fields['focus'], INITIAL_FOCUS),
      timer: parseField(fields['timer'], INITIAL_TIMER),
      reflection: parseField(fields['reflection'], INITIAL_REFLECTION),
      hands: handsOf(fields),
      serverTime: new Date().toISOString(),
    };
  }

  /**
   * Checks, for an event in a meeting room: the case membership and permission (`action` on
   * 'meetings'), that the socket joined the room, and (when stale) the meeting hook again.
   */
  private async requireInRoom(socket: RealtimeSocket, ref: MeetingRefDto, action: 'read' | 'write', auditAction: string): Promise<MeetingContext> {
    const room = meetingRoom(ref.caseId, ref.meetingId);
    const role = await this.cases.require(socket, ref.caseId, 'meetings', action, auditAction);
    const entry = socket.data.meetings[room];
    if (!entry) throw new DomainError('NotFound');
    if (Date.now() - entry.checkedAt >= this.recheckMs) {
      if (!(await this.mayEnter(socket, ref.caseId, ref.meetingId, role))) {
        delete socket.data.meetings[room];
        socket.leave(room);
        void this.afterLeaving(room);
        await this.cases.deny(socket, ref.caseId, role, auditAction, 'meetings', 'not_participant', { meetingId: ref.meetingId });
        throw new DomainError('NotFound');
      }
      entry.checkedAt = Date.now();
    }
    entry.role = role;
    return { room, caseId: ref.caseId, meetingId: ref.meetingId, role };
  }

  private mayEnter(socket: RealtimeSocket, caseId: string, meetingId: string, role: CaseRole): Promise<boolean> {
    return this.hook ? this.hook.canJoin(socket.data.user, caseId, meetingId, role) : Promise.resolve(true);
  }

  private async participants(room: string): Promise<Participant[]> {
    const sockets = await this.server().in(room).fetchSockets();
    return participantsOf(
      sockets.flatMap((socket) => {
        const meeting = socket.data.meetings?.[room];
        return meeting ? [{ userId: socket.data.user.id, displayName: socket.data.user.displayName, role: meeting.role }] : [];
      }),
    );
  }

  private broadcast(meeting: MeetingContext, event: string, body: object): void {
    this.server().to(meeting.room).emit(event, { caseId: meeting.caseId, meetingId: meeting.meetingId, ...body, serverTime: new Date().toISOString() });
  }

  private server() {
    if (!this.ref.server) throw new DomainError('Internal');
    return this.ref.server;
  }
}

function parseField<T>(raw: string | undefined, fallback: T): T {
  if (raw === undefined) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}

function handsOf(fields: Record<string, string>): RaisedHand[] {
  return Object.entries(fields)
    .filter(([name]) => name.startsWith(HAND_FIELD))
    .map(([, value]) => parseField<RaisedHand | null>(value, null))
    .filter((hand): hand is RaisedHand => hand !== null)
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
}
