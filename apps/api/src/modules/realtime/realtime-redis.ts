import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';

/**
 * The Redis connections of the realtime module when REDIS_URL is set: `pub` publishes and runs
 * commands (meeting-room state), `sub` is held in subscriber mode by the Socket.IO adapter.
 * Closed after the Socket.IO server has closed (Nest runs shutdown hooks after disposing it).
 */
@Injectable()
export class RealtimeRedis implements OnApplicationShutdown {
  private readonly logger = new Logger('RealtimeRedis');
  readonly pub: Redis | null = null;
  readonly sub: Redis | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const url = config.redisUrl?.reveal();
    if (!url) return;
    this.pub = new Redis(url, { maxRetriesPerRequest: 3, connectionName: 'samraad-realtime-pub' });
    this.sub = new Redis(url, { maxRetriesPerRequest: null, connectionName: 'samraad-realtime-sub' });
    for (const client of [this.pub, this.sub]) {
      // Never log the URL: it may carry a password. An error event without a listener would crash the process.
      client.on('error', (error: Error) => this.logger.warn(`Redis connection problem: ${error.message}`));
    }
  }

  get enabled(): boolean {
    return this.pub !== null;
  }

  async onApplicationShutdown(): Promise<void> {
    // disconnect, not quit: the Socket.IO server and its adapter have closed, so nothing in flight
    // still needs an answer; quit() left an unhandled "Connection is closed" rejection at shutdown.
    await Promise.allSettled([this.pub, this.sub].filter((client): client is Redis => client !== null).map((client) => client.disconnect()));
  }
}
