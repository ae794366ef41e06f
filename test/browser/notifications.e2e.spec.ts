import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loginAs } from '../helpers/test-app.js';
import { type BrowserHarness, newContext, seriousAxeViolations, signIn, startBrowserHarness } from './support.js';

interface NotificationRow {
  id: string;
  type: string;
  read: boolean;
}

describe('live notifications in the browser', () => {
  let harness: BrowserHarness;
  let caseId: string;
  let caseworkerToken: string;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    caseworkerToken = await loginAs(harness.app, 'caseworker');
    const cases = (await (await fetch(`${harness.app.url}/api/cases`, { headers: { authorization: `Bearer ${caseworkerToken}` } })).json()) as { id: string; childName: string }[];
    caseId = cases.find((c) => c.childName === 'Emil (demo)')!.id;
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  const notifications = async (): Promise<NotificationRow[]> =>
    (await (await fetch(`${harness.app.url}/api/notifications`, { headers: { authorization: `Bearer ${caseworkerToken}` } })).json()) as NotificationRow[];

  it("a teacher's concern appears on the caseworker's open page without a reload, and can be read and acknowledged", async () => {
    const caseworker = await newContext(harness);
    const teacher = await newContext(harness);
    try {
      const a = await caseworker.newPage();
      const b = await teacher.newPage();
      await signIn(a, 'caseworker');
      await a.getByTestId('case-table').waitFor();
      const bell = a.getByTestId('notification-bell');
      await a.locator('[data-testid="notification-bell"][data-live="true"]').waitFor({ timeout: 10_000 });
      const before = Number(await bell.getAttribute('data-unread'));
      // Marks this document: a reload would lose it.
      await a.evaluate(() => ((window as unknown as { samraadMarker: number }).samraadMarker = 42));
      const navigations: string[] = [];
      a.on('framenavigated', (frame) => {
        if (frame === a.mainFrame()) navigations.push(frame.url());
      });

      await signIn(b, 'school');
      await b.goto(`/cases/${caseId}/observations`);
      const form = b.getByTestId('observation-form');
      await form.waitFor();
      // The form refuses an observation without an area or goal, before sending anything.
      await form.getByLabel('Observation', { exact: true }).fill('Emil sad alene i frikvarteret tre dage i træk.');
      await form.getByRole('button', { name: 'Del observationen' }).click();
      await form.getByText('Vælg et hverdagsområde eller et mål.').waitFor();
      await form.getByLabel('Område eller mål').selectOption('area:school');
      await form.getByLabel('Bekymring').check();
      await form.getByLabel('Skal følges op før næste møde').check();
      await form.getByRole('button', { name: 'Del observationen' }).click();
      await b.getByText('Observationen er delt.').waitFor();
      await b.getByTestId('observation-list').getByText('Emil sad alene i frikvarteret tre dage i træk.').waitFor();

      // The caseworker's page (still the same document) shows it live.
      await a.locator(`[data-testid="notification-bell"][data-unread="${before + 1}"]`).waitFor({ timeout: 5000 });
      expect(await a.evaluate(() => (window as unknown as { samraadMarker?: number }).samraadMarker)).toBe(42);
      expect(navigations).toEqual([]);
      await bell.click();
      const panel = a.getByTestId('notification-panel');
      const item = panel.locator('li[data-type="observation.concern"]').first();
      await item.getByText('Ny bekymring om Emil (demo)').waitFor();
      expect(await seriousAxeViolations(a)).toEqual([]);

      // Following the link marks it read and opens the case's observations, where the concern is acknowledged.
      await item.getByRole('link').click();
      await a.getByTestId('observation-list').getByText('Emil sad alene i frikvarteret tre dage i træk.').waitFor();
      await a.locator(`[data-testid="notification-bell"][data-unread="${before}"]`).waitFor();
      const stored = (await notifications()).filter((n) => n.type === 'observation.concern');
      expect(stored).toHaveLength(1);
      expect(stored[0]!.read).toBe(true);
      await a.getByRole('button', { name: 'Kvittér for bekymringen' }).click();
      await a.getByTestId('observation-list').getByText(/kvitteret/).waitFor();
      const observations = (await (await fetch(`${harness.app.url}/api/cases/${caseId}/observations`, { headers: { authorization: `Bearer ${caseworkerToken}` } })).json()) as { kind: string; needsFollowUp: boolean; acknowledgedAt: string | null }[];
      expect(observations).toEqual([expect.objectContaining({ kind: 'concern', needsFollowUp: true, acknowledgedAt: expect.any(String) })]);
    } finally {
      await caseworker.close();
      await teacher.close();
    }
  });
});
