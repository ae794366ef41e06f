import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SMTPServer } from 'smtp-server';
import { NotificationsService } from '../../apps/api/src/modules/notifications/notifications.service.js';
import { apiClient } from '../helpers/api-client.js';
import { loginAs, seedDemo, startTestApp, type TestApp } from '../helpers/test-app.js';

interface Received {
  to: string[];
  raw: string;
}

/** E-mail leaves through a real SMTP conversation (a local SMTP server stands in for the municipality's). */
describe('e-mail through SMTP', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const received: Received[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, OUTBOX_INTERVAL_SECONDS: '0' });
    await seedDemo(t);
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('sends a meeting invitation with its .ics, naming no child, and marks it sent', async () => {
    const caseworker = apiClient(t, await loginAs(t, 'caseworker'));
    const cases = (await caseworker.get('/cases')).body as { id: string; childName: string }[];
    const emil = cases.find((c) => c.childName.startsWith('Emil'))!;
    const members = (await caseworker.get(`/cases/${emil.id}/members`)).body as { userId: string; email: string }[];
    const parentId = members.find((m) => m.email === 'parent@samraad.example')!.userId;
    const scheduled = await caseworker.post(`/cases/${emil.id}/meetings`, { startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), durationMinutes: 60, participants: [{ userId: parentId }] });
    expect(scheduled.status).toBe(201);

    expect(await t.app.get(NotificationsService).flushOutbox()).toBe(1);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['parent@samraad.example']);
    expect(received[0]!.raw).toContain('text/calendar');
    expect(received[0]!.raw).not.toContain('Emil');
    const [row] = await t.dataSource.query(`SELECT sent_at FROM email_outbox WHERE to_email = 'parent@samraad.example'`);
    expect(row.sent_at).not.toBeNull();
    // Sent mail is not sent again.
    expect(await t.app.get(NotificationsService).flushOutbox()).toBe(0);
  });
});
