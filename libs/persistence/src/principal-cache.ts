import type { NotificationHandlers } from './database-notifications.js';

/** The channel the users table announces its changes on (migration 1763900007000). */
export const USER_CHANGED_CHANNEL = 'samraad_user_changed';

/** How long a cached user is used at most, also if a change notification were never to arrive. */
export const PRINCIPAL_CACHE_MAX_AGE_MS = 5_000;

/** Above this many entries the cache starts afresh (a bound, not a policy: entries are cheap). */
const MAX_ENTRIES = 10_000;

/**
 * Remembers, for a few seconds, the users that requests authenticated as, so that every request
 * need not read its user row again. An entry is dropped as soon as the database announces a
 * change to that user (any UPDATE or DELETE on `users`, on whichever instance or in SQL); while
 * the listening connection is down nothing is cached or served from the cache.
 *
 * A read that was under way while any change was announced is not cached: it may have read the
 * row from before the change.
 */
export class PrincipalCache<T> implements NotificationHandlers {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();
  private generation = 0;
  private listening = false;

  constructor(
    private readonly maxAgeMs = PRINCIPAL_CACHE_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value for `id`, or what `load` reads (cached when it is found). */
  async get(id: string, load: () => Promise<T | null>): Promise<T | null> {
    if (this.listening) {
      const hit = this.entries.get(id);
      if (hit && hit.expiresAt > this.now()) return hit.value;
      if (hit) this.entries.delete(id);
    }
    const generation = this.generation;
    const value = await load();
    if (value !== null && this.listening && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(id, { value, expiresAt: this.now() + this.maxAgeMs });
    }
    return value;
  }

  /** A user changed (an empty payload: all of them). */
  message(userId: string): void {
    this.generation += 1;
    if (userId === '') this.entries.clear();
    else this.entries.delete(userId);
  }

  live(): void {
    this.generation += 1;
    this.entries.clear();
    this.listening = true;
  }

  lost(): void {
    this.listening = false;
    this.generation += 1;
    this.entries.clear();
  }
}
