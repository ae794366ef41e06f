import { describe, expect, it } from '@jest/globals';
import { TokenBucket } from './rate-limiter.js';

describe('TokenBucket', () => {
  it('allows the burst at once and refuses the next event', () => {
    const bucket = new TokenBucket(2, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true]);
    expect(bucket.take(0)).toBe(false);
  });

  it('refills at the sustained rate, never above the burst', () => {
    const bucket = new TokenBucket(2, 3, 0);
    for (let i = 0; i < 3; i++) bucket.take(0);
    expect(bucket.take(499)).toBe(false);
    expect(bucket.take(1000)).toBe(true);
    const rested = new TokenBucket(2, 3, 0);
    const taken = Array.from({ length: 5 }, () => rested.take(60_000)).filter(Boolean).length;
    expect(taken).toBe(3);
  });
});
