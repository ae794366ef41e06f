import { describe, expect, it } from '@jest/globals';
import type { MeetingRow } from '@samraad/persistence';
import { meetingInvitation } from './ics.js';

const meeting: MeetingRow = {
  id: '5f1e8a52-1111-4a3b-9c1d-2e3f4a5b6c7d',
  caseId: '7a2b3c4d-2222-4e5f-8a9b-0c1d2e3f4a5b',
  title: 'Opfølgningsmøde; runde 2',
  startsAt: new Date('2026-03-29T08:30:00Z'),
  durationMinutes: 90,
  location: 'Familiehuset, lokale 2',
  onlineUrl: null,
  childTimeBudgetMinutes: 30,
  status: 'planned',
  nextFollowUpDate: null,
  responsibleUserId: null,
  minutesVersionId: null,
  startedAt: null,
  concludedAt: null,
  concludedBy: null,
  createdBy: '00000000-0000-4000-8000-000000000001',
  createdAt: new Date('2026-03-01T10:00:00Z'),
  updatedAt: new Date('2026-03-02T10:00:00Z'),
};

describe('meeting invitation (.ics)', () => {
  const ics = meetingInvitation(meeting, 'REQUEST');

  it('is an RFC 5545 calendar with CRLF line ends', () => {
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('METHOD:REQUEST');
  });

  it('gives the time in UTC and the end from the duration', () => {
    expect(ics).toContain('DTSTART:20260329T083000Z');
    expect(ics).toContain('DTEND:20260329T100000Z');
  });

  it('keeps one UID per meeting and a growing sequence, so a moved meeting updates the same event', () => {
    expect(ics).toContain(`UID:${meeting.id}@samraad`);
    const moved = meetingInvitation({ ...meeting, updatedAt: new Date('2026-03-05T10:00:00Z') }, 'REQUEST');
    const sequence = (text: string) => Number(/SEQUENCE:(\d+)/.exec(text)![1]);
    expect(sequence(moved)).toBeGreaterThan(sequence(ics));
  });

  it('escapes text values', () => {
    expect(ics).toContain('SUMMARY:Opfølgningsmøde\\; runde 2');
    expect(ics).toContain('LOCATION:Familiehuset\\, lokale 2');
  });
});
