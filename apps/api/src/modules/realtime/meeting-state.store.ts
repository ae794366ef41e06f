import type { OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * Where meeting rooms keep their live state (focus, timer, reflection pause, raised hands), as
 * named fields of one record per room. In memory for one instance; in Redis with REDIS_URL, so a
 * participant who joins on another instance receives the same state. Redis holds only what is
 * in flight: the record expires when the room has been idle for the configured time.
 */
export abstract class MeetingStateStore {
  abstract read(room: string): Promise<Record<string, string>>;
  /** Sets fields (a null value deletes the field) and renews the record's lifetime. */
  abstract write(room: string, fields: Record<string, string | null>): Promise<void>;
}

export class MemoryMeetingStateStore extends MeetingStateStore implements OnModuleDestroy {
  private readonly rooms = new Map<string, { fields: Map<string, string>; touchedAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly ttlMs: number) {
    super();
    this.sweeper = setInterval(() => this.sweep(Date.now()), Math.min(ttlMs, 10 * 60_000));
    this.sweeper.unref();
  }

  async read(room: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.rooms.get(room)?.fields ?? []);
  }

  async write(room: string, fields: Record<string, string | null>): Promise<void> {
    let entry = this.rooms.get(room);
    if (!entry) {
      entry = { fields: new Map(), touchedAt: Date.now() };
      this.rooms.set(room, entry);
    }
    for (const [name, value] of Object.entries(fields)) {
      if (value === null) entry.fields.delete(name);
      else entry.fields.set(name, value);
    }
    entry.touchedAt = Date.now();
    if (entry.fields.size === 0) this.rooms.delete(room);
  }

  sweep(now: number): void {
    for (const [room, entry] of this.rooms) if (now - entry.touchedAt > this.ttlMs) this.rooms.delete(room);
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}

export class RedisMeetingStateStore extends MeetingStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
  ) {
    super();
  }

  private key(room: string): string {
    return `samraad:meeting-room:${room}`;
  }

  read(room: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.key(room));
  }

  async write(room: string, fields: Record<string, string | null>): Promise<void> {
    const key = this.key(room);
    const set = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== null);
    const removed = Object.entries(fields).filter(([, value]) => value === null).map(([name]) => name);
    const batch = this.redis.multi();
    if (set.length > 0) batch.hset(key, Object.fromEntries(set));
    if (removed.length > 0) batch.hdel(key, ...removed);
    batch.expire(key, this.ttlSeconds);
    const results = await batch.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  }
}
