import { describe, expect, it } from '@jest/globals';
import { applyTimer, INITIAL_TIMER, participantsOf, type TimerState } from './meeting-state.js';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');

describe('the shared meeting timer', () => {
  it('starts with a duration and stamps when it ends', () => {
    const running = applyTimer(INITIAL_TIMER, { action: 'start', durationMs: 600_000 }, T0, 'u1')!;
    expect(running).toMatchObject({ status: 'running', durationMs: 600_000, remainingMs: 600_000, startedAt: '2026-03-01T10:00:00.000Z', endsAt: '2026-03-01T10:10:00.000Z', by: 'u1' });
  });

  it('keeps the remaining time over a pause and resumes from it', () => {
    const running = applyTimer(INITIAL_TIMER, { action: 'start', durationMs: 600_000 }, T0, 'u1')!;
    const paused = applyTimer(running, { action: 'pause' }, T0 + 240_000, 'u1')!;
    expect(paused).toMatchObject({ status: 'paused', remainingMs: 360_000, endsAt: null });
    const resumed = applyTimer(paused, { action: 'start' }, T0 + 900_000, 'u1')!;
    expect(resumed).toMatchObject({ status: 'running', durationMs: 600_000, remainingMs: 360_000, endsAt: '2026-03-01T10:21:00.000Z' });
  });

  it('resets to the full duration, or a new one', () => {
    const running = applyTimer(INITIAL_TIMER, { action: 'start', durationMs: 600_000 }, T0, 'u1')!;
    expect(applyTimer(running, { action: 'reset' }, T0 + 1000, 'u2')).toMatchObject({ status: 'stopped', durationMs: 600_000, remainingMs: 600_000, endsAt: null, by: 'u2' });
    expect(applyTimer(running, { action: 'reset', durationMs: 300_000 }, T0 + 1000, 'u2')).toMatchObject({ status: 'stopped', durationMs: 300_000, remainingMs: 300_000 });
  });

  it('refuses to start a timer that has no time left, and ignores a pause when not running', () => {
    expect(applyTimer(INITIAL_TIMER, { action: 'start' }, T0, 'u1')).toBeNull();
    const expired: TimerState = { ...INITIAL_TIMER, status: 'paused', durationMs: 1000, remainingMs: 0 };
    expect(applyTimer(expired, { action: 'start' }, T0, 'u1')).toBeNull();
    expect(applyTimer(INITIAL_TIMER, { action: 'pause' }, T0, 'u1')).toBe(INITIAL_TIMER);
  });
});

describe('the presence list', () => {
  it('lists each user once with their number of connections', () => {
    const list = participantsOf([
      { userId: 'b', displayName: 'Lars', role: 'school' },
      { userId: 'a', displayName: 'Sara', role: 'caseworker' },
      { userId: 'b', displayName: 'Lars', role: 'school' },
    ]);
    expect(list).toEqual([
      { userId: 'b', displayName: 'Lars', role: 'school', connections: 2 },
      { userId: 'a', displayName: 'Sara', role: 'caseworker', connections: 1 },
    ]);
  });
});
