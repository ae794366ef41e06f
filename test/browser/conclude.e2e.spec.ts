import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { meetingDocumentName, meetingRoots, xmlFragmentToText } from '@samraad/collab/schema';
import { connectClient, synced } from '../helpers/collab-client.js';
import { loginAs } from '../helpers/test-app.js';
import { type BrowserHarness, asTwo, seriousAxeViolations, startBrowserHarness } from './support.js';

function inDays(days: number): string {
  const day = new Date();
  day.setDate(day.getDate() + days);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

describe('concluding a meeting in the browser', () => {
  let harness: BrowserHarness;
  let caseId: string;
  let meetingId: string;
  let token: string;
  const api = async <T>(path: string): Promise<T> => (await (await fetch(`${harness.app.url}/api${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    token = await loginAs(harness.app, 'caseworker');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const cases = await api<{ id: string; childName: string }[]>('/cases');
    caseId = cases.find((c) => c.childName === 'Emil (demo)')!.id;
    const members = await api<{ userId: string; role: string }[]>(`/cases/${caseId}/members`);
    const school = members.find((m) => m.role === 'school')!;
    const created = await fetch(`${harness.app.url}/api/cases/${caseId}/meetings`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Opfølgning', startsAt: new Date(Date.now() + 3_600_000).toISOString(), durationMinutes: 60, participants: [{ userId: school.userId }] }),
    });
    expect(created.status).toBe(201);
    meetingId = ((await created.json()) as { id: string }).id;
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  /** The minutes as the server holds them, read by a stock Yjs client. */
  async function serverMinutes(): Promise<string> {
    const client = connectClient(harness.app.url, meetingDocumentName(caseId, meetingId), token);
    try {
      await synced(client);
      return xmlFragmentToText(meetingRoots(client.doc).minutes);
    } finally {
      client.destroy();
    }
  }

  it('refuses to conclude without the next follow-up date; with it the minutes are read-only for everyone', async () => {
    await asTwo(harness, ['caseworker', 'school'], `/cases/${caseId}/meetings/${meetingId}`, async (a, b, { url }) => {
      for (const page of [a, b]) await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();

      // The caseworker starts the meeting; the teacher sees the status change with the next news.
      await a.getByRole('button', { name: 'Start mødet' }).click();
      await a.locator('[data-testid="meeting-status"][data-status="in_progress"]').waitFor();
      await a.getByTestId('minutes-editor').click();
      await a.keyboard.type('Aftalt før afslutning.');
      await b.getByTestId('minutes-editor').getByText('Aftalt før afslutning.').waitFor({ timeout: 5000 });

      // Without a date: refused in the UI, nothing sent that changes the meeting.
      await a.getByRole('button', { name: 'Afslut mødet' }).click();
      const dialog = a.getByRole('dialog', { name: 'Afslut mødet' });
      await dialog.getByLabel('Ansvarlig indtil da').selectOption({ label: 'Lars Lærer (demo) · Skole' });
      await dialog.getByRole('button', { name: 'Afslut og lås referatet' }).click();
      await dialog.getByTestId('conclude-date-error').getByText('Angiv datoen for næste opfølgning.').waitFor();
      expect(await dialog.getByLabel('Næste opfølgning').getAttribute('aria-invalid')).toBe('true');
      expect(await seriousAxeViolations(a)).toEqual([]);
      expect((await api<{ status: string }>(`/cases/${caseId}/meetings/${meetingId}`)).status).toBe('in_progress');
      expect(await a.getByTestId('minutes-editor').getAttribute('contenteditable')).toBe('true');

      // With the date: concluded, and the minutes are locked in both browsers.
      await dialog.getByLabel('Næste opfølgning').fill(inDays(90));
      await dialog.getByRole('button', { name: 'Afslut og lås referatet' }).click();
      await dialog.waitFor({ state: 'detached' });
      const concluded = await api<{ status: string; nextFollowUpDate: string; responsibleUserId: string }>(`/cases/${caseId}/meetings/${meetingId}`);
      expect(concluded).toEqual(expect.objectContaining({ status: 'concluded', nextFollowUpDate: inDays(90) }));
      for (const page of [a, b]) {
        await page.locator('[data-testid="meeting-status"][data-status="concluded"]').waitFor({ timeout: 10_000 });
        await page.getByTestId('concluded-notice').waitFor();
        await page.locator('[data-testid="minutes-editor"][contenteditable="false"]').waitFor();
      }
      await a.getByRole('link', { name: 'Hent referat (Markdown)' }).waitFor();
      await a.getByRole('link', { name: 'Hent referat (PDF)' }).waitFor();
      expect(await a.getByRole('button', { name: 'Afslut mødet' }).count()).toBe(0);

      for (const [page, text] of [
        [a, 'Sagsbehandler efter afslutning'],
        [b, 'Lærer efter afslutning'],
      ] as const) {
        await page.getByTestId('minutes-editor').click();
        await page.keyboard.press('Control+End');
        await page.keyboard.type(text);
      }
      await a.waitForTimeout(1000);
      for (const page of [a, b]) {
        const shown = await page.getByTestId('minutes-editor').innerText();
        expect(shown).toContain('Aftalt før afslutning.');
        expect(shown).not.toContain('efter afslutning');
      }
      const stored = await serverMinutes();
      expect(stored).toContain('Aftalt før afslutning.');
      expect(stored).not.toContain('efter afslutning');
      const markdown = await (await fetch(`${harness.app.url}/api/cases/${caseId}/meetings/${meetingId}/minutes.md`, { headers: { authorization: `Bearer ${token}` } })).text();
      expect(markdown).toContain('Aftalt før afslutning.');
    });
  });
});
