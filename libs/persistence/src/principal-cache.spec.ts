/** Unit tier: the cache of authenticated users, with the database read and the clock mocked. */
import { describe, expect, it } from '@jest/globals';
import { PrincipalCache } from './principal-cache.js';

interface User {
  id: string;
  disabled: boolean;
}

function setUp() {
  let clock = 0;
  const rows = new Map<string, User>([['u1', { id: 'u1', disabled: false }]]);
  let reads = 0;
  const cache = new PrincipalCache<User>(5_000, () => clock);
  const load = (id: string) => async () => {
    reads += 1;
    return rows.get(id) ?? null;
  };
  return { cache, rows, load, reads: () => reads, advance: (ms: number) => (clock += ms) };
}

describe('PrincipalCache', () => {
  it('reads a user once while listening, and again after the maximum age', async () => {
    const { cache, load, reads, advance } = setUp();
    cache.live();
    expect(await cache.get('u1', load('u1'))).toEqual({ id: 'u1', disabled: false });
    expect(await cache.get('u1', load('u1'))).toEqual({ id: 'u1', disabled: false });
    expect(reads()).toBe(1);
    advance(5_000);
    await cache.get('u1', load('u1'));
    expect(reads()).toBe(2);
  });

  it('refuses the cached state once the user is announced as changed: a disabled user is read as disabled', async () => {
    const { cache, rows, load } = setUp();
    cache.live();
    await cache.get('u1', load('u1'));
    rows.set('u1', { id: 'u1', disabled: true });
    cache.message('u1');
    expect(await cache.get('u1', load('u1'))).toEqual({ id: 'u1', disabled: true });
  });

  it('drops everything on an empty payload (TRUNCATE)', async () => {
    const { cache, rows, load } = setUp();
    cache.live();
    await cache.get('u1', load('u1'));
    rows.delete('u1');
    cache.message('');
    expect(await cache.get('u1', load('u1'))).toBeNull();
  });

  it('does not keep a read that was under way while a change was announced', async () => {
    const { cache, rows, load, reads } = setUp();
    cache.live();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The read sees the row from before the change, and its answer comes after the notification.
    const stale = cache.get('u1', async () => {
      const before = { ...rows.get('u1')! };
      await gate;
      return before;
    });
    rows.set('u1', { id: 'u1', disabled: true });
    cache.message('u1');
    release();
    expect(await stale).toEqual({ id: 'u1', disabled: false });
    expect(await cache.get('u1', load('u1'))).toEqual({ id: 'u1', disabled: true });
    expect(reads()).toBe(1);
  });

  it('neither caches nor serves from the cache while not listening', async () => {
    const { cache, load, reads } = setUp();
    await cache.get('u1', load('u1'));
    await cache.get('u1', load('u1'));
    expect(reads()).toBe(2);
    cache.live();
    await cache.get('u1', load('u1'));
    cache.lost();
    await cache.get('u1', load('u1'));
    expect(reads()).toBe(4);
  });

  it('does not cache a user that does not exist', async () => {
    const { cache, load, reads } = setUp();
    cache.live();
    expect(await cache.get('nobody', load('nobody'))).toBeNull();
    expect(await cache.get('nobody', load('nobody'))).toBeNull();
    expect(reads()).toBe(2);
  });
});
