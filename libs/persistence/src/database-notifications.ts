import pg from 'pg';
import type { PgliteConnection } from './pglite/pglite-thread.js';

/** What a subscriber to a notification channel hears. */
export interface NotificationHandlers {
  /** A notification's payload. */
  message(payload: string): void;
  /** Listening (again): from now on every notification arrives. */
  live(): void;
  /** The listening connection is gone: notifications may be missed until `live` is called again. */
  lost(): void;
}

/** LISTEN on one channel; resolves once the first attempt to listen has succeeded or failed. */
export type Listen = (channel: string, handlers: NotificationHandlers) => Promise<void>;

export interface DatabaseNotifications {
  listen: Listen;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/;
const RECONNECT_MS = 1000;

/**
 * PostgreSQL: one connection of its own per channel, outside the pool (a pooled connection is
 * not kept), reconnected after a second when it breaks, with `lost` and `live` around the gap.
 */
export function postgresNotifications(url: string): DatabaseNotifications {
  const stops: (() => Promise<void>)[] = [];
  return {
    listen: (channel, handlers) => {
      if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
      let closed = false;
      let current: pg.Client | null = null;
      let timer: NodeJS.Timeout | undefined;
      const retry = () => {
        if (closed || timer) return;
        timer = setTimeout(() => {
          timer = undefined;
          void connect();
        }, RECONNECT_MS);
      };
      const connect = async (): Promise<void> => {
        const client = new pg.Client({ connectionString: url, keepAlive: true });
        client.on('notification', (notification) => {
          if (notification.channel === channel) handlers.message(notification.payload ?? '');
        });
        let up = false;
        // 'end' also follows an 'error'; one place decides what a broken connection means.
        client.on('error', () => undefined);
        client.on('end', () => {
          if (current === client) current = null;
          if (up) handlers.lost();
          up = false;
          retry();
        });
        try {
          await client.connect();
          await client.query(`LISTEN ${channel}`);
          if (closed) {
            await client.end();
            return;
          }
          current = client;
          up = true;
          handlers.live();
        } catch {
          await client.end().catch(() => undefined);
          retry();
        }
      };
      stops.push(async () => {
        closed = true;
        clearTimeout(timer);
        timer = undefined;
        await current?.end().catch(() => undefined);
      });
      return connect();
    },
    close: async () => {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}

/** PGlite: its own LISTEN; the connection is lost only when the database closes. */
export function pgliteNotifications(db: PgliteConnection): DatabaseNotifications {
  const stops: (() => Promise<void>)[] = [];
  return {
    listen: async (channel, handlers) => {
      if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
      const unlisten = await db.listen(channel, (payload) => handlers.message(payload));
      stops.push(async () => {
        handlers.lost();
        await unlisten();
      });
      handlers.live();
    },
    close: async () => {
      await Promise.all(stops.map((stop) => stop().catch(() => undefined)));
    },
  };
}
