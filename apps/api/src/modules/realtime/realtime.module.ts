import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { CaseRoomsService } from './case-rooms.service.js';
import { MeetingRoomsService } from './meeting-rooms.service.js';
import { MeetingStateStore, MemoryMeetingStateStore, RedisMeetingStateStore } from './meeting-state.store.js';
import { RealtimeAuthService } from './realtime-auth.service.js';
import { RealtimeConnectionsService } from './realtime-connections.service.js';
import { RealtimeRedis } from './realtime-redis.js';
import { RealtimeServerRef } from './realtime-server.ref.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { RealtimeService } from './realtime.service.js';

/**
 * Socket.IO meeting rooms and live notifications. Other modules import it for RealtimeService
 * (notifyCase, notifyUser); a meetings module may register MEETING_ROOM_ACCESS to restrict rooms.
 */
@Module({
  imports: [CasesModule],
  providers: [
    RealtimeGateway,
    RealtimeServerRef,
    RealtimeRedis,
    RealtimeAuthService,
    CaseRoomsService,
    MeetingRoomsService,
    RealtimeConnectionsService,
    RealtimeService,
    {
      provide: MeetingStateStore,
      inject: [RealtimeRedis, APP_CONFIG],
      useFactory: (redis: RealtimeRedis, config: AppConfig): MeetingStateStore =>
        redis.pub
          ? new RedisMeetingStateStore(redis.pub, config.realtime.meetingStateTtlSeconds)
          : new MemoryMeetingStateStore(config.realtime.meetingStateTtlSeconds * 1000),
    },
  ],
  exports: [RealtimeService],
})
export class RealtimeModule {}
