import { Inject, Injectable } from '@nestjs/common';
import { type CaseAction, type CaseResource, type CaseRole, can, DomainError } from '@samraad/domain';
import { UsersRepository } from '@samraad/persistence';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { AuditService } from '../audit/audit.service.js';
import { CaseAccessService } from '../cases/case-access.service.js';
import { CaseRefDto, UUID_PATTERN } from './dto/case-ref.dto.js';
import { parsePayload } from './dto/parse-payload.js';
import { caseRoleRoom, caseRoom, isRoomOfCase } from './rooms.js';
import { type RealtimeSocket, socketIp } from './socket-data.js';

/** Called after a socket lost a case, with the meeting rooms it was taken out of. */
export type CaseEvictionListener = (socket: RealtimeSocket, caseId: string, meetingRooms: string[]) => void;

/**
 * Case rooms and the membership check behind every event. A socket's role in a case is cached
 * on the socket and read again from the database when older than REALTIME_ACCESS_RECHECK_SECONDS;
 * member changes evict it at once (see RealtimeConnectionsService), so removal takes effect on
 * the next event, not after the cache expires.
 */
@Injectable()
export class CaseRoomsService {
  private readonly recheckMs: number;
  private readonly trustProxy: boolean;
  private readonly evictionListeners: CaseEvictionListener[] = [];
  /** Bumped on every eviction, so a membership read that raced with a removal is not cached. */
  private readonly epochs = new WeakMap<RealtimeSocket, number>();

  constructor(
    private readonly access: CaseAccessService,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.recheckMs = config.realtime.accessRecheckSeconds * 1000;
    this.trustProxy = config.trustProxy;
  }

  onEviction(listener: CaseEvictionListener): void {
    this.evictionListeners.push(listener);
  }

  /** `case:join`: enters the case's rooms, so the socket receives the case's live notifications. */
  async join(socket: RealtimeSocket, payload: unknown): Promise<{ caseId: string; role: CaseRole }> {
    const { caseId } = parsePayload(CaseRefDto, payload);
    const role = await this.enter(socket, caseId);
    return { caseId, role };
  }

  /** `case:leave`: leaves the case and its meeting rooms. */
  leave(socket: RealtimeSocket, payload: unknown): { caseId: string } {
    const { caseId } = parsePayload(CaseRefDto, payload);
    this.evict(socket, caseId);
    return { caseId };
  }

  /**
   * Joins the case's rooms unless the socket is in them already; the join is audited
   * (`realtime.join`). A non-member, or an unknown case, is refused as CaseNotFound and audited.
   */
  async enter(socket: RealtimeSocket, caseId: string): Promise<CaseRole> {
    const role = await this.require(socket, caseId, 'case', 'read', 'realtime.join');
    if (socket.rooms.has(caseRoom(caseId))) return role;
    const epoch = this.epochOf(socket);
    await this.audit.record(socket.data.user, { action: 'realtime.join', caseId, resource: 'case', role, outcome: 'success', ip: socketIp(socket, this.trustProxy) });
    // Removed while the audit entry was written: do not join after all.
    if (this.epochOf(socket) !== epoch || !socket.connected) throw new DomainError('CaseNotFound');
    socket.join([caseRoom(caseId), caseRoleRoom(caseId, role)]);
    return role;
  }

  /**
   * The socket's role in the case when it may do `action` on `resource`; otherwise the denial is
   * audited under `auditAction` and CaseNotFound (not a member, or no such case) or Forbidden is thrown.
   */
  async require(socket: RealtimeSocket, caseId: string, resource: CaseResource, action: CaseAction, auditAction: string): Promise<CaseRole> {
    const role = await this.currentRole(socket, caseId);
    if (!role) {
      await this.deny(socket, caseId, null, auditAction, resource, 'not_member');
      throw new DomainError('CaseNotFound');
    }
    if (!can(role, resource, action)) {
      await this.deny(socket, caseId, role, auditAction, resource, 'no_permission');
      throw new DomainError('Forbidden');
    }
    return role;
  }

  async deny(socket: RealtimeSocket, caseId: string, role: CaseRole | null, action: string, resource: CaseResource, reason: string, detail: Record<string, string> = {}): Promise<void> {
    await this.audit.record(socket.data.user, {
      action,
      caseId: UUID_PATTERN.test(caseId) ? caseId : null,
      resource,
      role,
      outcome: 'denied',
      ip: socketIp(socket, this.trustProxy),
      detail: { reason, ...detail },
    });
  }

  /** The socket's current role in the case, or null (and the socket is taken out of the case). */
  async currentRole(socket: RealtimeSocket, caseId: string): Promise<CaseRole | null> {
    const cached = socket.data.cases[caseId];
    if (cached && Date.now() - cached.checkedAt < this.recheckMs) return cached.role;
    const epoch = this.epochOf(socket);
    // The account itself is checked again too: a disabled account loses its open sockets here,
    // without waiting for its access token to expire.
    const account = await this.users.findById(socket.data.user.id);
    if (!account || account.disabledAt || account.role !== socket.data.user.role) {
      socket.disconnect(true);
      return null;
    }
    const access = await this.access.resolve(socket.data.user, caseId);
    if (!access) {
      if (cached || this.roomsOfCase(socket, caseId).length > 0) this.evict(socket, caseId, true);
      return null;
    }
    if (this.epochOf(socket) !== epoch) return null;
    socket.data.cases[caseId] = { role: access.role, checkedAt: Date.now() };
    if (cached && cached.role !== access.role && socket.rooms.has(caseRoleRoom(caseId, cached.role))) {
      socket.leave(caseRoleRoom(caseId, cached.role));
      socket.join(caseRoleRoom(caseId, access.role));
    }
    return access.role;
  }

  /** Forgets the cached role, so the next event reads membership from the database. */
  invalidate(socket: RealtimeSocket, caseId: string): void {
    delete socket.data.cases[caseId];
    this.epochs.set(socket, this.epochOf(socket) + 1);
  }

  /**
   * Takes the socket out of every room of the case at once. With `notify`, the client is told
   * with `case:removed { caseId }` (when it was in the case at all).
   */
  evict(socket: RealtimeSocket, caseId: string, notify = false): void {
    const rooms = this.roomsOfCase(socket, caseId);
    const wasInCase = rooms.length > 0 || socket.data.cases[caseId] !== undefined;
    this.invalidate(socket, caseId);
    const meetingRooms = Object.keys(socket.data.meetings).filter((room) => socket.data.meetings[room]!.caseId === caseId);
    for (const room of meetingRooms) delete socket.data.meetings[room];
    for (const room of rooms) socket.leave(room);
    if (notify && wasInCase) socket.emit('case:removed', { caseId });
    for (const listener of this.evictionListeners) listener(socket, caseId, meetingRooms);
  }

  private roomsOfCase(socket: RealtimeSocket, caseId: string): string[] {
    return [...socket.rooms].filter((room) => isRoomOfCase(room, caseId));
  }

  private epochOf(socket: RealtimeSocket): number {
    return this.epochs.get(socket) ?? 0;
  }
}
