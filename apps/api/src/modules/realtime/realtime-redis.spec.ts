import { afterEach, describe, expect, it } from '@jest/globals';
import { IN_MEMORY, loadConfig } from '../../config/app-config.js';
import { RealtimeRedis } from './realtime-redis.js';

describe('RealtimeRedis', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown): void => {
    unhandled.push(reason);
  };
  let redis: RealtimeRedis | null = null;

  afterEach(async () => {
    process.off('unhandledRejection', record);
    await redis?.onApplicationShutdown();
    unhandled.length = 0;
  });

  it("keeps the adapter's fire-and-forget commands from becoming unhandled rejections", async () => {
    // Any URL will do: the clients are closed before a command is sent, as at shutdown or when Redis is gone.
    redis = new RealtimeRedis(loadConfig({ SAMRAAD_DATA_DIR: IN_MEMORY, REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:1' }));
    process.on('unhandledRejection', record);
    redis.pub?.disconnect();
    redis.sub?.disconnect();

    // As the Socket.IO adapter calls them: the promise is dropped.
    void redis.pub?.publish('samraad:test', 'message');
    void redis.sub?.unsubscribe('samraad:test');
    void redis.sub?.punsubscribe('samraad:test*');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);

    // A caller that awaits still sees the failure.
    await expect(redis.pub!.publish('samraad:test', 'message')).rejects.toThrow('Connection is closed');
  });
});
