import { describe, expect, it } from '@jest/globals';
import { addMonths, localDateOf } from './dates.js';
import { firstFollowUpDue, isOverdue, isOverdueOn, nextFollowUpDue, onTimeShare, type CaseFollowUpState } from './deadlines.js';

describe('calendar months', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });

  it('crosses year ends both ways', () => {
    expect(addMonths('2026-10-15', 3)).toBe('2027-01-15');
    expect(addMonths('2026-02-15', -3)).toBe('2025-11-15');
  });
});

describe('Barnets lov § 95: the first follow-up', () => {
  it('is due three months after the support started', () => {
    expect(firstFollowUpDue({ startDate: '2026-03-01', investigationEndDate: null })).toBe('2026-06-01');
  });

  it('is due earlier when the accompanying investigation ends sooner', () => {
    expect(firstFollowUpDue({ startDate: '2026-03-01', investigationEndDate: '2026-04-20' })).toBe('2026-04-20');
  });

  it('keeps the three months when the investigation ends later', () => {
    expect(firstFollowUpDue({ startDate: '2026-03-01', investigationEndDate: '2026-08-01' })).toBe('2026-06-01');
  });
});

describe('the next follow-up of a case', () => {
  const base: CaseFollowUpState = { agreedNextFollowUp: null, lastFollowUp: null, intervalMonths: 3, interventions: [], openedOn: '2026-01-10' };

  it('before any follow-up, takes the earliest § 95 deadline of running interventions', () => {
    const state = {
      ...base,
      interventions: [
        { startDate: '2026-02-01', investigationEndDate: null, status: 'active' as const },
        { startDate: '2026-01-15', investigationEndDate: null, status: 'active' as const },
        { startDate: '2025-12-01', investigationEndDate: null, status: 'ended' as const },
      ],
    };
    expect(nextFollowUpDue(state)).toBe('2026-04-15');
  });

  it('without interventions, falls back to three months after the case opened', () => {
    expect(nextFollowUpDue(base)).toBe('2026-04-10');
  });

  it('after a meeting, uses the agreed date when it is within the interval', () => {
    expect(nextFollowUpDue({ ...base, lastFollowUp: '2026-04-01', agreedNextFollowUp: '2026-06-01' })).toBe('2026-06-01');
  });

  it('never lets the agreed date stretch past the case interval', () => {
    expect(nextFollowUpDue({ ...base, lastFollowUp: '2026-04-01', agreedNextFollowUp: '2026-12-01' })).toBe('2026-07-01');
  });

  it('brings the date forward for an intervention started after the last meeting', () => {
    const state = { ...base, lastFollowUp: '2026-04-01', agreedNextFollowUp: '2026-07-01', interventions: [{ startDate: '2026-04-10', investigationEndDate: '2026-05-20', status: 'active' as const }] };
    expect(nextFollowUpDue(state)).toBe('2026-05-20');
  });
});

describe('overdue, in Copenhagen time', () => {
  it('is not overdue on the due day itself', () => {
    expect(isOverdue('2026-06-01', new Date('2026-06-01T21:59:00Z'))).toBe(false);
  });

  it('is overdue from local midnight after the due day, although UTC is still on the due day (summer time, UTC+2)', () => {
    expect(isOverdue('2026-06-01', new Date('2026-06-01T22:00:00Z'))).toBe(true);
  });

  it('compares with a given local date the same way (isOverdueOn)', () => {
    expect(isOverdueOn('2026-06-01', '2026-06-01')).toBe(false);
    expect(isOverdueOn('2026-06-01', '2026-06-02')).toBe(true);
    expect(isOverdueOn('2026-06-01', '2026-05-31')).toBe(false);
  });

  it('uses UTC+1 in winter', () => {
    expect(isOverdue('2026-01-15', new Date('2026-01-15T22:59:00Z'))).toBe(false);
    expect(isOverdue('2026-01-15', new Date('2026-01-15T23:00:00Z'))).toBe(true);
  });

  it('handles the night the clocks go forward and back', () => {
    // 29 March 2026: 02:00 CET → 03:00 CEST. 22:30 UTC on the 28th is 23:30 CET, still the 28th.
    expect(localDateOf(new Date('2026-03-28T22:30:00Z'))).toBe('2026-03-28');
    expect(localDateOf(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    // 25 October 2026: 03:00 CEST → 02:00 CET. 22:30 UTC on the 25th is 23:30 CET, still the 25th.
    expect(localDateOf(new Date('2026-10-25T22:30:00Z'))).toBe('2026-10-25');
    expect(localDateOf(new Date('2026-10-24T22:30:00Z'))).toBe('2026-10-25');
  });
});

describe('share of follow-ups on time', () => {
  const now = new Date('2026-07-01T10:00:00Z');

  it('counts held-on-time, held-late and missed follow-ups due in the period', () => {
    const result = onTimeShare(
      [
        { due: '2026-04-10', heldOn: '2026-04-08' },
        { due: '2026-04-20', heldOn: '2026-04-20' },
        { due: '2026-05-01', heldOn: '2026-05-09' },
        { due: '2026-06-01', heldOn: null },
        { due: '2026-07-15', heldOn: null },
        { due: '2026-01-01', heldOn: '2026-01-01' },
      ],
      '2026-04-01',
      '2026-07-31',
      now,
    );
    expect(result).toEqual({ onTime: 2, total: 4, share: 0.5 });
  });

  it('is null when nothing was due', () => {
    expect(onTimeShare([], '2026-04-01', '2026-06-30', now).share).toBeNull();
  });
});
