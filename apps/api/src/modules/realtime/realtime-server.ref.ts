import { Injectable } from '@nestjs/common';
import type { RealtimeServer } from './socket-data.js';

/** The Socket.IO server, once the gateway is initialised; null before (and in module-only tests). */
@Injectable()
export class RealtimeServerRef {
  server: RealtimeServer | null = null;
}
