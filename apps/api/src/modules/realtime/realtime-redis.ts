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
      this.handleFireAndForget(client);
    }
  }

  /**
   * The Socket.IO Redis adapter publishes and (un)subscribes without awaiting the answer. While
   * Redis is away (or at shutdown) those commands reject, and an unhandled rejection ends the
   * process; so each returned promise gets a handler here. A caller that awaits it still sees the error.
   */
  private handleFireAndForget(client: Redis): void {
    for (const name of ['publish', 'subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe'] as const) {
      const command = client[name].bind(client) as (...args: unknown[]) => Promise<unknown>;
      Object.defineProperty(client, name, {
        configurable: true,
        value: (...args: unknown[]) => {
          const answer = command(...args);
          answer.catch((error: Error) => this.logger.warn(`Redis ${name} failed: ${error.message}`));
          return answer;
        },
      });
    }
  }

  get enabled(): boolean {
    return this.pub !== null;
  }

  async onApplicationShutdown(): Promise<void> {
    const clients = [this.pub, this.sub].filter((client): client is Redis => client !== null);
    // The Socket.IO adapter has closed, but its unsubscribe commands are fire-and-forget. Redis
    // answers in order, so a PING answered means they are answered too; disconnecting before that
    // rejected them unhandled ("Connection is closed"). quit() is no better: any later command rejects.
    await Promise.allSettled(clients.map((client) => drain(client, 1000)));
    for (const client of clients) client.disconnect();
  }
}

/** Resolves once every command sent before it has been answered, or after `timeoutMs`. */
async function drain(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status !== 'ready') return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  await Promise.race([client.ping().then(() => undefined, () => undefined), timeout]);
  clearTimeout(timer);
}
