import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import { DomainError, ERROR_CATALOGUE, type ErrorCode, isDomainError } from '@samraad/domain';
import { DomainEvents, type DomainEventMap } from '../../common/domain-events.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { ackError } from './ack.js';
import { CaseRoomsService } from './case-rooms.service.js';
import { MeetingRoomsService } from './meeting-rooms.service.js';
import { TokenBucket } from './rate-limiter.js';
import { RealtimeRedis } from './realtime-redis.js';
import { RealtimeServerRef } from './realtime-server.ref.js';
import { RealtimeService } from './realtime.service.js';
import { RealtimeAuthService } from './realtime-auth.service.js';
import { userRoom } from './rooms.js';
import type { RealtimeServer, RealtimeSocket } from './socket-data.js';

/** Client→server events; anything else is answered NotFound and dropped. */
export const CLIENT_EVENTS = ['case:join', 'case:leave', 'meeting:join', 'meeting:leave', 'meeting:state', 'meeting:focus', 'meeting:timer', 'meeting:pause', 'meeting:hand'] as const;
const KNOWN_EVENTS = new Set<string>(CLIENT_EVENTS);

/** Instances tell each other about member changes through the adapter (Redis), by this event. */
const MEMBER_CHANGED_BETWEEN_INSTANCES = 'samraad:member-changed';
type MemberChange = { change: 'added' | 'removed'; caseId: string; userId: string };

/**
 * The life of a connection: handshake authentication, the per-user connection limit, the event
 * rate limit, the token's expiry, and what member changes do to open sockets, on this instance
 * and (through the Redis adapter) on the others.
 */
@Injectable()
export class RealtimeConnectionsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Realtime');
  private readonly unsubscribe: (() => void)[] = [];
  private readonly expiryTimers = new WeakMap<RealtimeSocket, NodeJS.Timeout>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: RealtimeAuthService,
    private readonly cases: CaseRoomsService,
    private readonly meetings: MeetingRoomsService,
    private readonly realtime: RealtimeService,
    private readonly redis: RealtimeRedis,
    private readonly events: DomainEvents,
    private readonly ref: RealtimeServerRef,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      this.events.on('member.removed', (event) => this.onMemberEvent('removed', event)),
      this.events.on('member.added', (event) => this.onMemberEvent('added', event)),
      // A stored in-app notification: pushed to every open session of its user, on any instance.
      this.events.on('notification.created', (event) => this.realtime.notifyUser(event.userId, 'notification.created', event.notification)),
    );
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** Called once by the gateway when the Socket.IO server exists, before it accepts connections. */
  attach(server: RealtimeServer): void {
    this.ref.server = server;
    if (this.redis.enabled) server.adapter(createAdapter(this.redis.pub, this.redis.sub, { key: 'samraad:socket.io' }));
    server.use((socket, next) => {
      this.authenticate(socket as RealtimeSocket).then(
        () => next(),
        (error: unknown) => next(handshakeError(isDomainError(error) ? error.code : 'Internal')),
      );
    });
    server.on(MEMBER_CHANGED_BETWEEN_INSTANCES, (change: MemberChange) => this.applyMemberChange(change));
  }

  onConnect(socket: RealtimeSocket): void {
    socket.join(userRoom(socket.data.user.id));
    this.limitEvents(socket);
    const timer = setTimeout(() => {
      socket.emit('auth:expired', {});
      socket.disconnect(true);
    }, Math.max(0, socket.data.expiresAt - Date.now()));
    timer.unref();
    this.expiryTimers.set(socket, timer);
  }

  async onDisconnect(socket: RealtimeSocket): Promise<void> {
    clearTimeout(this.expiryTimers.get(socket));
    if (socket.data?.user) await this.meetings.onDisconnect(socket);
  }

  private async authenticate(socket: RealtimeSocket): Promise<void> {
    const { user, expiresAt } = await this.auth.authenticate(socket.handshake);
    const open = this.ref.server?.of('/').adapter.rooms.get(userRoom(user.id))?.size ?? 0;
    if (open >= this.config.realtime.maxConnectionsPerUser) throw new DomainError('TooManyRequests');
    socket.data = { user, expiresAt, cases: {}, meetings: {} };
  }

  /**
   * Token bucket per socket over all incoming events. A refused event is answered
   * TooManyRequests; a client that keeps sending far above the limit is disconnected.
   */
  private limitEvents(socket: RealtimeSocket): void {
    const { eventsPerSecond, eventBurst } = this.config.realtime;
    const events = new TokenBucket(eventsPerSecond, eventBurst, Date.now());
    const refusals = new TokenBucket(eventsPerSecond, eventBurst * 2, Date.now());
    socket.use((packet, next) => {
      const [event] = packet;
      const last = packet[packet.length - 1];
      const ack = typeof last === 'function' ? (last as (answer: unknown) => void) : null;
      const now = Date.now();
      if (!events.take(now)) {
        ack?.(ackError('TooManyRequests'));
        if (!refusals.take(now)) {
          this.logger.warn(`closing a Socket.IO connection of user ${socket.data.user.id}: event flood`);
          socket.disconnect(true);
        }
        return;
      }
      if (typeof event !== 'string' || !KNOWN_EVENTS.has(event)) {
        ack?.(ackError('NotFound'));
        return;
      }
      next();
    });
  }

  private onMemberEvent(change: MemberChange['change'], event: DomainEventMap['member.added'] | DomainEventMap['member.removed']): void {
    const server = this.ref.server;
    if (!server) return;
    const memberChange: MemberChange = { change, caseId: event.caseId, userId: event.userId };
    this.applyMemberChange(memberChange);
    if (this.redis.enabled) server.serverSideEmit(MEMBER_CHANGED_BETWEEN_INSTANCES, memberChange);
    const role = 'role' in event ? event.role : null;
    this.realtime.notifyCase(event.caseId, 'member.changed', { change, userId: event.userId, role }, { resource: 'members' });
    if (change === 'added') this.realtime.notifyUser(event.userId, 'case:added', { caseId: event.caseId, role });
  }

  /** This instance's sockets of the user: removed → out of the case's rooms at once; added → role read again. */
  private applyMemberChange({ change, caseId, userId }: MemberChange): void {
    const server = this.ref.server;
    const ids = server?.of('/').adapter.rooms.get(userRoom(userId));
    if (!server || !ids) return;
    for (const id of [...ids]) {
      const socket = server.of('/').sockets.get(id) as RealtimeSocket | undefined;
      if (!socket) continue;
      if (change === 'removed') this.cases.evict(socket, caseId, true);
      else this.cases.invalidate(socket, caseId);
    }
  }
}

function handshakeError(code: ErrorCode): Error & { data: { code: ErrorCode; message: string } } {
  return Object.assign(new Error(code), { data: { code, message: ERROR_CATALOGUE[code].message } });
}
