import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addGoal, planDocumentName } from '@samraad/collab/schema';
import { connectClient, sleep, synced } from '../helpers/collab-client.js';
import { loginAs } from '../helpers/test-app.js';
import { type BrowserHarness, asTwo, seriousAxeViolations, startBrowserHarness } from './support.js';

interface CaseRow {
  id: string;
  childName: string;
}

describe('live meeting room and network map in two browsers', () => {
  let harness: BrowserHarness;
  let caseId: string;
  let meetingId: string;
  let token: string;
  let schoolId: string;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    token = await loginAs(harness.app, 'caseworker');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const cases = (await (await fetch(`${harness.app.url}/api/cases`, { headers })).json()) as CaseRow[];
    caseId = cases.find((c) => c.childName === 'Emil (demo)')!.id;
    const members = (await (await fetch(`${harness.app.url}/api/cases/${caseId}/members`, { headers })).json()) as { userId: string; role: string }[];
    const school = members.find((m) => m.role === 'school')!;
    schoolId = school.userId;
    const created = await fetch(`${harness.app.url}/api/cases/${caseId}/meetings`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Opfølgning', startsAt: new Date(Date.now() + 86_400_000).toISOString(), durationMinutes: 60, participants: [{ userId: school.userId }] }),
    });
    expect(created.status).toBe(201);
    meetingId = ((await created.json()) as { id: string }).id;
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('text typed by the caseworker appears for the teacher within a second, and both see each other present', async () => {
    await asTwo(harness, ['caseworker', 'school'], `/cases/${caseId}/meetings/${meetingId}`, async (a, b) => {
      for (const page of [a, b]) await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();

      await a.getByTestId('minutes-editor').click();
      await a.keyboard.type('Emil har haft en god måned.');
      const started = Date.now();
      await b.getByTestId('minutes-editor').getByText('Emil har haft en god måned.').waitFor({ timeout: 5000 });
      expect(Date.now() - started).toBeLessThan(1000);

      await b.getByTestId('minutes-editor').click();
      await b.keyboard.press('Control+End');
      await b.keyboard.press('Enter');
      await b.keyboard.type('Skolen: mere deltagelse i timerne.');
      await a.getByTestId('minutes-editor').getByText('Skolen: mere deltagelse i timerne.').waitFor({ timeout: 5000 });

      // Presence from awareness, with names stamped by the server; the other's caret carries their name.
      await a.getByTestId('presence').getByText('Lars Lærer (demo)').waitFor();
      await b.getByTestId('presence').getByText('Sara Sagsbehandler (demo)').waitFor();
      await a.locator('.collaboration-carets__label', { hasText: 'Lars Lærer (demo)' }).waitFor();
      // Still connected: relaying presence never got a connection closed.
      expect(await a.getByTestId('connection-state').getAttribute('data-state')).toBe('connected');

      expect(await seriousAxeViolations(a)).toEqual([]);
    });
  });

  it('edits made offline are kept and reach the other side after reconnecting', async () => {
    await asTwo(harness, ['caseworker', 'school'], `/cases/${caseId}/meetings/${meetingId}`, async (a, b, { contexts: [, teacher] }) => {
      for (const page of [a, b]) await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();

      await teacher.setOffline(true);
      await b.locator('[data-testid="connection-state"][data-state="offline"]').waitFor({ timeout: 10_000 });
      await b.getByTestId('minutes-editor').click();
      await b.keyboard.press('Control+End');
      await b.keyboard.press('Enter');
      await b.keyboard.type('Skrevet uden forbindelse.');
      await a.waitForTimeout(500);
      expect(await a.getByTestId('minutes-editor').innerText()).not.toContain('Skrevet uden forbindelse.');

      await teacher.setOffline(false);
      await a.getByTestId('minutes-editor').getByText('Skrevet uden forbindelse.').waitFor({ timeout: 15_000 });
    });
  });

  it('agenda, focus, shared timer, reflection pause, raised hands and Dialoglineal ratings are live for both', async () => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // A goal in the plan (written in the plan document, as the caseworker's client would).
    const plan = connectClient(harness.app.url, planDocumentName(caseId), token);
    await synced(plan);
    const goalId = addGoal(plan.doc, { title: 'Emil kommer i skole hver dag', ownerId: schoolId, createdBy: null });
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const goals = (await (await fetch(`${harness.app.url}/api/cases/${caseId}/goals`, { headers })).json()) as { id: string }[];
      if (goals.some((goal) => goal.id === goalId)) break;
      await sleep(100);
    }
    plan.destroy();
    // A meeting scheduled ten minutes ago with a five-minute budget for the child.
    const created = await fetch(`${harness.app.url}/api/cases/${caseId}/meetings`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Netværksmøde', startsAt: new Date(Date.now() - 600_000).toISOString(), durationMinutes: 60, childTimeBudgetMinutes: 5, participants: [{ userId: schoolId }] }),
    });
    expect(created.status).toBe(201);
    const liveMeetingId = ((await created.json()) as { id: string }).id;

    await asTwo(harness, ['caseworker', 'school'], `/cases/${caseId}/meetings/${liveMeetingId}`, async (a, b, { url, contexts: [caseworker] }) => {
      for (const page of [a, b]) await page.getByTestId('live-panel').getByRole('button', { name: 'Ræk hånden op' }).waitFor({ timeout: 10_000 });

      // The teacher proposes an item; the caseworker (told live) accepts it and puts it in focus.
      await b.getByLabel('Foreslå et punkt til dagsordenen').fill('Skolens erfaringer');
      await b.getByRole('button', { name: 'Foreslå', exact: true }).click();
      await a.getByRole('button', { name: 'Godkend: Skolens erfaringer' }).click();
      await a.getByRole('button', { name: 'Sæt i fokus: Skolens erfaringer' }).click();
      await b.getByTestId('focus-strip').getByText('Skolens erfaringer').waitFor({ timeout: 5000 });
      expect(await b.locator('[data-agenda-item="Skolens erfaringer"]').getAttribute('aria-current')).toBe('step');

      // Start: the child's time counts from the real start, not the scheduled one (this meeting
      // was scheduled ten minutes ago), so no reminder yet. Ten minutes later it shows.
      await a.getByRole('button', { name: 'Start mødet' }).click();
      // Once the start has committed (the room reloads the meeting after the answer): "Afslut
      // mødet" shows for a planned meeting too, and the start sets started_at, so moving it back
      // before then raced with it.
      await a.locator('[data-testid="meeting-status"][data-status="in_progress"]').waitFor();
      expect(await a.getByTestId('child-budget').getByText('Barnets tidsbudget på 5 min. er nået', { exact: false }).count()).toBe(0);
      await harness.app.dataSource.query(`UPDATE meetings SET started_at = now() - interval '10 minutes' WHERE id = $1`, [liveMeetingId]);
      // Leave the room and come back inside the app (no reload, so the session stays in memory):
      // the room reads the meeting again.
      await a.getByRole('navigation', { name: 'Du er her' }).getByRole('link', { name: 'Emil (demo)' }).click();
      await a.waitForFunction(() => !window.location.pathname.includes('/meetings/'));
      await a.goBack();
      await a.getByTestId('child-budget').getByText('Barnets tidsbudget på 5 min. er nået', { exact: false }).waitFor();
      await a.getByTestId('live-panel').getByRole('button', { name: 'Ræk hånden op' }).waitFor({ timeout: 10_000 });

      // The shared timer runs for both.
      await a.getByLabel('Minutter', { exact: true }).fill('5');
      await a.getByRole('button', { name: 'Start ur' }).click();
      await b.locator('[data-testid="timer"][data-status="running"]').waitFor({ timeout: 5000 });
      expect(await b.getByRole('timer').innerText()).toMatch(/^0[45]:\d\d$/);

      // Anyone may ask for a pause for reflection; a raised hand shows for the caseworker.
      await b.getByRole('button', { name: 'Pause til eftertanke' }).click();
      await a.getByTestId('reflection').getByText('Bedt om af Lars Lærer (demo)').waitFor({ timeout: 5000 });
      await b.getByRole('button', { name: 'Ræk hånden op' }).click();
      await a.getByTestId('hands').locator('li', { hasText: 'Lars Lærer (demo)' }).waitFor({ timeout: 5000 });
      await a.getByRole('button', { name: 'Tag Lars Lærer (demo)s hånd ned' }).click();
      await b.getByRole('button', { name: 'Ræk hånden op' }).waitFor({ timeout: 5000 });

      // Rating on the Dialoglineal: a tap on 7, then the arrow key to 8 (a radio group).
      const scale = b.getByRole('radiogroup', { name: 'Vurdering af målet: Emil kommer i skole hver dag' });
      await scale.locator('label').filter({ hasText: /^7$/ }).click();
      await b.getByText('Gemt: Emil kommer i skole hver dag = 7').waitFor();
      const box = await scale.locator('label').first().boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.width).toBeGreaterThanOrEqual(44);
      await b.keyboard.press('ArrowRight');
      await b.getByText('Gemt: Emil kommer i skole hver dag = 8').waitFor();
      const ratings = (await (await fetch(`${harness.app.url}/api/cases/${caseId}/meetings/${liveMeetingId}/ratings`, { headers })).json()) as { raterId: string; goalId: string; scale: string; value: number }[];
      expect(ratings).toEqual([expect.objectContaining({ raterId: schoolId, goalId, scale: 'dialogue', value: 8 })]);

      // A decision added by the teacher is part of the minutes document, seen by the caseworker.
      await b.getByLabel('Ny beslutning').fill('Emil får en fast makker i frikvarteret');
      await b.getByRole('button', { name: 'Tilføj beslutning' }).click();
      await a.getByTestId('decisions').getByText('Emil får en fast makker i frikvarteret').waitFor({ timeout: 5000 });

      expect(await seriousAxeViolations(a)).toEqual([]);
      expect(await seriousAxeViolations(b)).toEqual([]);
    }, { second: { viewport: { width: 820, height: 1180 } } });
  });

  it('a person added to the network map by the caseworker appears live for the parent', async () => {
    await asTwo(harness, ['caseworker', 'parent'], `/cases/${caseId}/network-map`, async (a, b) => {
      for (const page of [a, b]) await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();

      const form = a.locator('form.network-form');
      await form.getByLabel('Navn').fill('Mormor Inge');
      await form.getByLabel('Område').selectOption('extended_family');
      await form.getByLabel('Nærhed').selectOption('1');
      await form.getByLabel('Relation til barnet').selectOption('supportive');
      await form.getByRole('button', { name: 'Tilføj til kortet' }).click();

      await b.locator('[data-testid="network-svg"] [data-person="Mormor Inge"]').waitFor({ timeout: 5000 });
      const row = b.getByTestId('network-persons').locator('tr', { hasText: 'Mormor Inge' });
      expect(await row.innerText()).toContain('Øvrig familie');
      expect(await row.innerText()).toContain('Støttende');
      expect(await b.locator('[data-testid="network-svg"] line[data-quality="supportive"]').count()).toBe(1);

      // Keyboard move: arrow down moves the person one ring further out, for everyone.
      await a.locator('[data-testid="network-svg"] [data-person="Mormor Inge"]').focus();
      await a.keyboard.press('ArrowDown');
      await b.getByTestId('network-persons').locator('tr', { hasText: 'Mormor Inge' }).getByText('Mellem').waitFor({ timeout: 5000 });
      expect(await seriousAxeViolations(a)).toEqual([]);
    });
  });
});
