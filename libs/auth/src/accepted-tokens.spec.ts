import { describe, expect, it } from '@jest/globals';
import { AcceptedTokens } from './accepted-tokens.js';

const SUB = '6f1c1a52-0d3e-4a55-9d0c-3b1c2d4e5f60';

function at(seconds: number) {
  const clock = { now: seconds * 1000 };
  return { clock, tokens: (capacity = 10) => new AcceptedTokens(capacity, () => clock.now) };
}

describe('AcceptedTokens', () => {
  it('finds a remembered token by its exact text only', () => {
    const { tokens } = at(1_000);
    const accepted = tokens();
    accepted.remember('a.b.c', { sub: SUB, role: 'school', exp: 1_900 });
    expect(accepted.lookup('a.b.c')).toEqual({ sub: SUB, role: 'school', exp: 1_900 });
    expect(accepted.lookup('a.b.C')).toBeNull();
    expect(accepted.lookup('a.b.c ')).toBeNull();
    expect(accepted.lookup('')).toBeNull();
  });

  it('forgets a token once the second of its expiry has come, as jsonwebtoken refuses it', () => {
    const { clock, tokens } = at(1_000);
    const accepted = tokens();
    accepted.remember('t', { sub: SUB, role: 'school', exp: 1_010 });
    clock.now = 1_009_999;
    expect(accepted.lookup('t')).not.toBeNull();
    clock.now = 1_010_000;
    expect(accepted.lookup('t')).toBeNull();
    expect(accepted.size).toBe(0);
    // Nor is an already expired one (or one without a usable expiry) taken in.
    accepted.remember('old', { sub: SUB, role: 'school', exp: 1_000 });
    accepted.remember('nan', { sub: SUB, role: 'school', exp: Number.NaN });
    expect(accepted.size).toBe(0);
  });

  it('holds at most its capacity, letting the one remembered longest ago go', () => {
    const { tokens } = at(1_000);
    const accepted = tokens(3);
    for (const name of ['t1', 't2', 't3']) accepted.remember(name, { sub: SUB, role: 'school', exp: 2_000 });
    // Remembering t1 again makes it the newest.
    accepted.remember('t1', { sub: SUB, role: 'school', exp: 2_000 });
    accepted.remember('t4', { sub: SUB, role: 'school', exp: 2_000 });
    expect(accepted.size).toBe(3);
    expect(accepted.lookup('t2')).toBeNull();
    for (const name of ['t1', 't3', 't4']) expect(accepted.lookup(name)).not.toBeNull();
  });
});
