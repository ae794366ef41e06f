import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { Public } from '@samraad/auth';
import { acknowledge } from './ack.js';
import { CaseRoomsService } from './case-rooms.service.js';
import { MeetingRoomsService } from './meeting-rooms.service.js';
import { RealtimeConnectionsService } from './realtime-connections.service.js';
import { REALTIME_PATH } from './rooms.js';
import type { RealtimeServer, RealtimeSocket } from './socket-data.js';

/**
 * Socket.IO at /api/socket.io: case rooms, meeting rooms and live notifications. Sockets are
 * authenticated at the handshake (RealtimeConnectionsService), so the HTTP JWT guard is not
 * used here (@Public); every event checks case membership and role itself. Each handler
 * answers through the acknowledgement: `{ ok: true, ... }` or `{ ok: false, error }`.
 */
@Public()
@WebSocketGateway({ path: REALTIME_PATH, serveClient: false })
export class RealtimeGateway implements OnGatewayInit<RealtimeServer>, OnGatewayConnection<RealtimeSocket>, OnGatewayDisconnect<RealtimeSocket> {
  private readonly logger = new Logger('RealtimeGateway');

  constructor(
    private readonly connections: RealtimeConnectionsService,
    private readonly cases: CaseRoomsService,
    private readonly meetings: MeetingRoomsService,
  ) {}

  afterInit(server: RealtimeServer): void {
    this.connections.attach(server);
  }

  handleConnection(socket: RealtimeSocket): void {
    this.connections.onConnect(socket);
  }

  handleDisconnect(socket: RealtimeSocket): Promise<void> {
    return this.connections.onDisconnect(socket);
  }

  @SubscribeMessage('case:join')
  joinCase(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return acknowledge(this.logger, 'case:join', () => this.cases.join(socket, payload));
  }

  @SubscribeMessage('case:leave')
  leaveCase(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return acknowledge(this.logger, 'case:leave', async () => this.cases.leave(socket, payload));
  }

  @SubscribeMessage('meeting:join')
  joinMeeting(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return acknowledge(this.logger, 'meeting:join', () => this.meetings.join(socket, payload));
  }

  @SubscribeMessage('meeting:leave')
  leaveMeeting(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return acknowledge(this.logger, 'meeting:leave', () => this.meetings.leave(socket, payload));
  }

  @SubscribeMessage('meeting:state')
  meetingState(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return acknowledge(this.logger, 'meeting:state', () => this.meetings.state(socket, payload));
  }

  @SubscribeMessage('meeting:focus')
  focus(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return acknowledge(this.logger, 'meeting:focus', () => this.meetings.focus(socket, payload));
  }

  @SubscribeMessage('meeting:timer')
  timer(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return acknowledge(this.logger, 'meeting:timer', () => this.meetings.timer(socket, payload));
  }

  @SubscribeMessage('meeting:pause')
  pause(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return acknowledge(this.logger, 'meeting:pause', () => this.meetings.pause(socket, payload));
  }

  @SubscribeMessage('meeting:hand')
  hand(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return acknowledge(this.logger, 'meeting:hand', () => this.meetings.hand(socket, payload));
  }
}
