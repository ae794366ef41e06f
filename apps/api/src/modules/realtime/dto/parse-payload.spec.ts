import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@samraad/domain';
import { MeetingFocusDto } from './meeting-focus.dto.js';
import { MeetingTimerDto } from './meeting-timer.dto.js';
import { parsePayload } from './parse-payload.js';

const ref = { caseId: '4b0f3c55-2a55-4c8e-9d7e-1f0a5b2c3d4e', meetingId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d' };

function failure(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a ValidationFailed error');
}

describe('event payload parsing', () => {
  it('accepts a valid payload, including a null focus', () => {
    expect(parsePayload(MeetingFocusDto, { ...ref, agendaItemId: 'item-1' }).agendaItemId).toBe('item-1');
    expect(parsePayload(MeetingFocusDto, { ...ref, agendaItemId: null }).agendaItemId).toBeNull();
  });

  it('refuses unknown fields, wrong types and non-objects', () => {
    expect(failure(() => parsePayload(MeetingFocusDto, { ...ref, agendaItemId: 'x', extra: 1 })).fields).toHaveProperty('extra');
    expect(failure(() => parsePayload(MeetingTimerDto, { ...ref, action: 'start', durationSeconds: '60' })).fields).toHaveProperty('durationSeconds');
    expect(failure(() => parsePayload(MeetingTimerDto, { ...ref, action: 'explode' })).fields).toHaveProperty('action');
    expect(failure(() => parsePayload(MeetingFocusDto, [ref])).code).toBe('ValidationFailed');
    expect(failure(() => parsePayload(MeetingFocusDto, undefined)).code).toBe('ValidationFailed');
    expect(failure(() => parsePayload(MeetingFocusDto, { ...ref, caseId: 'not-a-uuid', agendaItemId: 'x' })).fields).toHaveProperty('caseId');
  });

  it('refuses an oversized payload before validating it', () => {
    expect(failure(() => parsePayload(MeetingFocusDto, { ...ref, agendaItemId: 'x'.repeat(5000) })).fields).toEqual({ payload: ['is too large'] });
  });
});
