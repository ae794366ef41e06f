import type { MeetingRow } from '@samraad/persistence';

function icsDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/**
 * An iCalendar invitation (RFC 5545) for a meeting. It names no child: calendars are shared and
 * synchronised to places case data must not go.
 */
export function meetingInvitation(meeting: MeetingRow, method: 'REQUEST' | 'PUBLISH'): string {
  const end = new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Samraad//Follow-up meetings//DA',
    `METHOD:${method}`,
    'BEGIN:VEVENT',
    `UID:${meeting.id}@samraad`,
    `DTSTAMP:${icsDate(meeting.updatedAt)}`,
    `SEQUENCE:${Math.floor(meeting.updatedAt.getTime() / 1000) - Math.floor(meeting.createdAt.getTime() / 1000)}`,
    `DTSTART:${icsDate(meeting.startsAt)}`,
    `DTEND:${icsDate(end)}`,
    `SUMMARY:${escape(meeting.title)}`,
    ...(meeting.location ? [`LOCATION:${escape(meeting.location)}`] : []),
    ...(meeting.onlineUrl ? [`URL:${meeting.onlineUrl}`] : []),
    `STATUS:${meeting.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.join('\r\n')}\r\n`;
}
