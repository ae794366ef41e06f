import { describe, expect, it } from '@jest/globals';
import { checkRating } from './scales.js';

describe('rating scales', () => {
  it('accepts Dialoglinealen 1–10 for a goal', () => {
    expect(checkRating('dialogue', { value: 7, goalId: 'g1' })).toEqual({ ok: true, value: 7 });
  });

  it('refuses values outside the scale', () => {
    expect(checkRating('dialogue', { value: 0, goalId: 'g1' })).toMatchObject({ ok: false, field: 'value' });
    expect(checkRating('safety', { value: 11, goalId: 'g1' })).toMatchObject({ ok: false, field: 'value' });
    expect(checkRating('dialogue', { value: 5.5, goalId: 'g1' })).toMatchObject({ ok: false, field: 'value' });
  });

  it('sums the four ORS subscales', () => {
    expect(checkRating('ors', { subscales: [6, 7.5, 5, 8], goalId: 'g1' })).toEqual({ ok: true, value: 26.5 });
    expect(checkRating('cors', { subscales: [6, 7], goalId: 'g1' })).toMatchObject({ ok: false, field: 'subscales' });
  });

  it('rates the session with SRS, not a goal', () => {
    expect(checkRating('srs', { subscales: [9, 9, 9, 9] })).toEqual({ ok: true, value: 36 });
    expect(checkRating('srs', { subscales: [9, 9, 9, 9], goalId: 'g1' })).toMatchObject({ ok: false, field: 'goalId' });
  });

  it('requires a goal for goal scales', () => {
    expect(checkRating('dialogue', { value: 5 })).toMatchObject({ ok: false, field: 'goalId' });
  });
});
