import { describe, expect, it } from '@jest/globals';
import { localDateOf } from '@samraad/domain';
import { caseToday } from './case-today.js';

describe('caseToday', () => {
  it('agrees with localDateOf every five minutes (and at the last millisecond of each hour) across midnights and both daylight-saving changes', () => {
    // 2026: summer time starts 29 March 01:00 UTC and ends 25 October 01:00 UTC.
    for (const start of ['2026-03-28T18:00:00Z', '2026-10-24T18:00:00Z', '2026-12-31T20:00:00Z']) {
      const from = Date.parse(start);
      for (let t = from; t < from + 36 * 3_600_000; t += 5 * 60_000) {
        // Out of order as well, so the answer never depends on the previous call.
        for (const instant of [new Date(t), new Date(t + 3_599_999 - (t % 3_600_000)), new Date(from + ((t - from) * 7) % (36 * 3_600_000))]) {
          expect([instant.toISOString(), caseToday(instant)]).toEqual([instant.toISOString(), localDateOf(instant)]);
        }
      }
    }
  });

  it('turns at Copenhagen midnight, not UTC midnight', () => {
    expect(caseToday(new Date('2026-01-15T22:59:59.999Z'))).toBe('2026-01-15');
    expect(caseToday(new Date('2026-01-15T23:00:00.000Z'))).toBe('2026-01-16');
    expect(caseToday(new Date('2026-07-15T21:59:59.999Z'))).toBe('2026-07-15');
    expect(caseToday(new Date('2026-07-15T22:00:00.000Z'))).toBe('2026-07-16');
  });
});
