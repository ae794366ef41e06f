import { localDateOf } from './dates.js';

describe('localDateOf', () => {
  // 23:30 UTC on 14 January: already the 15th in Copenhagen (UTC+1), still the 14th in New York.
  const lateEvening = new Date('2026-01-14T23:30:00Z');

  it('gives the date in each zone asked for, whichever zone was asked first', () => {
    expect(localDateOf(lateEvening, 'America/New_York')).toBe('2026-01-14');
    expect(localDateOf(lateEvening)).toBe('2026-01-15');
    expect(localDateOf(lateEvening, 'UTC')).toBe('2026-01-14');
    expect(localDateOf(lateEvening, 'Europe/Copenhagen')).toBe('2026-01-15');
    expect(localDateOf(lateEvening, 'America/New_York')).toBe('2026-01-14');
  });

  it('answers for each instant, not the first one it formatted', () => {
    expect(localDateOf(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(localDateOf(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it('refuses an unknown time zone every time', () => {
    expect(() => localDateOf(lateEvening, 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => localDateOf(lateEvening, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
