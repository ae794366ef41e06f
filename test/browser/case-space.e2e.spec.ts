import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { loginAs } from '../helpers/test-app.js';
import { type BrowserHarness, newContext, seriousAxeViolations, signIn, startBrowserHarness } from './support.js';

interface Member {
  userId: string;
  role: string;
  displayName: string;
}

/** A small API client for the test's setup steps (what other people do outside this browser). */
function api(harness: BrowserHarness, token: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${harness.app.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function expectNoSeriousAxe(page: Page, where: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect({ where, violations }).toEqual({ where, violations: [] });
}

describe('case space: plan, progress, statements, interventions', () => {
  let harness: BrowserHarness;
  let caseId: string;
  let members: Member[];
  let caseworkerApi: ReturnType<typeof api>;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    caseworkerApi = api(harness, await loginAs(harness.app, 'caseworker'));
    const cases = await caseworkerApi<{ id: string; childName: string }[]>('GET', '/cases');
    caseId = cases.body.find((c) => c.childName === 'Emil (demo)')!.id;
    members = (await caseworkerApi<Member[]>('GET', `/cases/${caseId}/members`)).body;
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('the caseworker adds a goal; ratings from three people draw three lines; a teacher answers a statement request; interventions change status', async () => {
    const caseworker = await newContext(harness);
    const teacherContext = await newContext(harness);
    try {
      const page = await caseworker.newPage();
      await signIn(page, 'caseworker');

      // 1. A goal written into the live plan shows in the goals list.
      await page.goto(`/cases/${caseId}/plan`);
      await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
      await page.getByLabel('Nyt mål').fill('Emil kommer i skole hver dag');
      await page.getByRole('button', { name: 'Tilføj mål' }).click();
      await page.getByTestId('goals-list').getByText('Emil kommer i skole hver dag').waitFor();

      // The server projects the plan document; the goal is then known to the ratings API.
      const goalId = await waitFor(async () => (await caseworkerApi<{ id: string; title: string }[]>('GET', `/cases/${caseId}/goals`)).body.find((g) => g.title === 'Emil kommer i skole hver dag')?.id, 'the projected goal');

      // 2. Two meetings, each rated on the dialogue ruler by the caseworker, the teacher and a parent.
      const school = members.find((m) => m.role === 'school')!;
      const parent = members.find((m) => m.role === 'parent')!;
      const raters = { caseworker: caseworkerApi, school: api(harness, await loginAs(harness.app, 'school')), parent: api(harness, await loginAs(harness.app, 'parent')) };
      const values = { caseworker: [3, 5], school: [4, 7], parent: [2, 6] };
      for (const [index, days] of [1, 8].entries()) {
        const meeting = await caseworkerApi<{ id: string }>('POST', `/cases/${caseId}/meetings`, {
          title: `Opfølgning ${index + 1}`,
          startsAt: new Date(Date.now() + days * 86_400_000).toISOString(),
          durationMinutes: 60,
          participants: [{ userId: school.userId }, { userId: parent.userId }],
        });
        expect(meeting.status).toBe(201);
        for (const [who, client] of Object.entries(raters) as [keyof typeof values, ReturnType<typeof api>][]) {
          const rated = await client('POST', `/cases/${caseId}/meetings/${meeting.body.id}/ratings`, { scale: 'dialogue', goalId, value: values[who][index] });
          expect(rated.status).toBe(201);
        }
        const ors = await raters.parent('POST', `/cases/${caseId}/meetings/${meeting.body.id}/ratings`, { scale: 'ors', goalId, subscales: index === 0 ? [4, 5, 6, 5] : [7, 7, 8, 6] });
        expect(ors.status).toBe(201);
      }

      await page.reload();
      const dialogue = page.locator('[data-testid="progress-chart"][data-scale="dialogue"]');
      await dialogue.waitFor();
      expect(await dialogue.locator('path[data-rater]').count()).toBe(3);
      const paths = await dialogue.locator('path[data-rater]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('d') ?? ''));
      // Two points per rater: a real line (move + line), not a lone dot.
      for (const d of paths) expect(d).toMatch(/^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+$/);
      const legend = await dialogue.getByTestId('progress-legend').locator('li').allInnerTexts();
      expect(legend).toHaveLength(3);
      expect(legend.join('\n')).toContain('Lars Lærer (demo)');
      expect(legend.join('\n')).toContain('Mette Mor (demo)');
      expect(legend.join('\n')).toContain('Sara Sagsbehandler (demo)');
      // The dialogue ruler's anchors are smileys; the FIT scale shows its cut-off.
      expect(await dialogue.getByTestId('anchor-happy').count()).toBe(1);
      expect(await dialogue.getByTestId('anchor-sad').count()).toBe(1);
      const ors = page.locator('[data-testid="progress-chart"][data-scale="ors"]');
      expect(await ors.locator('path[data-rater]').count()).toBe(1);
      expect(await ors.getByTestId('cutoff-line').innerHTML()).toContain('25');
      // The data table alternative carries the same figures.
      await dialogue.getByText('Vis tallene som tabel').click();
      expect(await dialogue.locator('table tbody tr', { hasText: 'Lars Lærer (demo)' }).innerText()).toMatch(/4\s+7/);
      await expectNoSeriousAxe(page, 'plan');

      // 3. The caseworker asks the teacher for a status statement.
      await page.goto(`/cases/${caseId}/statements`);
      await page.getByLabel('Hvem skal skrive').selectOption(school.userId);
      const due = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel('Frist', { exact: true }).fill(due);
      await page.getByRole('button', { name: 'Send anmodning' }).click();
      await page.getByText('Anmodningen er sendt.').waitFor();
      expect(await page.getByTestId('statement-requests').innerText()).toContain('Lars Lærer (demo)');
      await expectNoSeriousAxe(page, 'statements (caseworker)');

      const teacher = await teacherContext.newPage();
      await signIn(teacher, 'school');
      await teacher.goto(`/cases/${caseId}/statements`);
      const requests = teacher.getByTestId('my-statement-requests').locator('li');
      await requests.first().waitFor();
      expect(await requests.count()).toBe(1);
      await requests.first().getByRole('button', { name: 'Skriv statusudtalelse' }).click();
      const form = teacher.getByTestId('statement-form');
      await form.getByLabel('Hvad har ændret sig').fill('Emil møder til tiden næsten hver dag.');
      await form.getByLabel('Din vurdering 1–10').selectOption('7');
      await form.getByLabel('Eksempler fra hverdagen').fill('Han var med på lejrskole.');
      await form.getByLabel('Andet, du vil fortælle').fill('Klassen har taget godt imod ham.');
      await form.getByLabel('Jeg har gennemgået udtalelsen med familien').check();
      await expectNoSeriousAxe(teacher, 'statement form (teacher)');
      await form.getByRole('button', { name: 'Send statusudtalelse' }).click();
      await teacher.getByTestId('statements-list').getByText('Emil møder til tiden næsten hver dag.').waitFor();
      // A correction is a new version; the first stays, marked as replaced.
      await teacher.getByRole('button', { name: 'Ret (ny version)' }).click();
      await teacher.getByTestId('statement-form').getByLabel('Andet, du vil fortælle').fill('Klassen har taget godt imod ham. Han læser nu selv.');
      await teacher.getByRole('button', { name: 'Gem som ny version' }).click();
      await teacher.getByTestId('statements-list').getByText('Version 2').waitFor();
      expect(await teacher.getByTestId('statements-list').locator('li', { hasText: 'Version 1' }).innerText()).toContain('Erstattet af nyere version');

      await page.reload();
      const list = page.getByTestId('statements-list');
      await list.getByText('Han læser nu selv.').waitFor();
      const statement = await list.locator('li', { hasText: 'Lars Lærer (demo)' }).first().innerText();
      expect(statement).toContain('Gennemgået med familien');
      expect(statement).toContain('Version 2');
      expect(statement).toContain('vurdering 7');
      expect(statement).toContain('Han læser nu selv.');
      expect(await list.locator('li').count()).toBe(2);
      expect(await page.getByTestId('statement-requests').innerText()).toContain('Modtaget');

      // 4. Interventions: create one, then adjust it with a reason.
      await page.goto(`/cases/${caseId}/interventions`);
      await page.getByLabel('Indsats', { exact: true }).fill('Familiebehandling');
      await page.getByLabel('Formål', { exact: true }).fill('Faste morgenrutiner i hjemmet');
      await page.getByRole('button', { name: 'Opret indsats' }).click();
      const row = page.getByTestId('interventions-table').locator('tbody tr', { hasText: 'Familiebehandling' });
      await row.waitFor();
      expect(await row.getByTestId('intervention-status').innerText()).toContain('Aktiv');
      await row.getByRole('button', { name: 'Ændr status for Familiebehandling' }).click();
      await row.getByLabel('Ny status').selectOption('adjusted');
      await row.getByLabel('Begrundelse').fill('Færre timer efter sommerferien');
      await row.getByRole('button', { name: 'Gem status' }).click();
      await row.getByTestId('intervention-status').getByText('Justeret').waitFor();
      expect(await row.getByTestId('intervention-status').innerText()).toContain('Færre timer efter sommerferien');
      const stored = await caseworkerApi<{ title: string; status: string; statusReason: string }[]>('GET', `/cases/${caseId}/interventions`);
      expect(stored.body.find((i) => i.title === 'Familiebehandling')).toMatchObject({ status: 'adjusted', statusReason: 'Færre timer efter sommerferien' });
      await expectNoSeriousAxe(page, 'interventions');

      // 5. The timeline gathers the meetings and the statement, grouped by day.
      await page.goto(`/cases/${caseId}/timeline`);
      const timeline = page.getByTestId('timeline');
      await timeline.waitFor();
      const text = await timeline.innerText();
      expect(text).toContain('Opfølgning 1');
      expect(text).toContain('Statusudtalelse');
      await expectNoSeriousAxe(page, 'timeline');

      await page.goto(`/cases/${caseId}/assessments`);
      await page.getByRole('heading', { name: 'Vurderinger delt med familien' }).waitFor();
      await expectNoSeriousAxe(page, 'assessments');

      // 6. Revising a goal keeps its earlier wording in the history.
      await page.goto(`/cases/${caseId}/plan`);
      await page.getByRole('button', { name: 'Revidér målet: Emil kommer i skole hver dag' }).click();
      await page.getByLabel('Målets formulering').fill('Emil kommer i skole til tiden hver dag');
      await page.getByRole('button', { name: 'Gem revision' }).click();
      const goal = page.getByTestId('goals-list').locator('li', { hasText: 'Emil kommer i skole til tiden hver dag' });
      await goal.locator('summary').waitFor({ timeout: 10_000 });
      await goal.locator('summary').click();
      expect(await goal.locator('details').innerText()).toContain('Emil kommer i skole hver dag');
    } finally {
      await caseworker.close();
      await teacherContext.close();
    }
  }, 180_000);

  it('the genogram draws persons, a couple and a child with McGoldrick symbols, live for a parent', async () => {
    const caseworker = await newContext(harness);
    const parentContext = await newContext(harness);
    try {
      const page = await caseworker.newPage();
      const parent = await parentContext.newPage();
      await signIn(page, 'caseworker');
      await signIn(parent, 'parent');
      await page.goto(`/cases/${caseId}/genogram`);
      await parent.goto(`/cases/${caseId}/genogram`);
      for (const p of [page, parent]) await p.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();

      const person = page.getByTestId('genogram-person-form');
      const add = async (name: string, gender: string, year: string, household: string) => {
        await person.getByLabel('Navn').fill(name);
        await person.getByLabel('Køn').selectOption(gender);
        await person.getByLabel('Fødselsår').fill(year);
        await person.getByLabel('Husstand').selectOption(household === 'new' ? 'new' : { index: Number(household) });
        await person.getByRole('button', { name: 'Tilføj til genogrammet' }).click();
        await page.locator(`[data-testid="genogram-svg"] [data-person="${name}"]`).waitFor();
      };
      await add('Mette', 'female', '1988', 'new');
      await add('Jonas', 'male', '1985', '1');
      const couple = page.getByTestId('genogram-couple-form');
      await couple.getByLabel('Første person').selectOption({ label: 'Mette' });
      await couple.getByLabel('Anden person').selectOption({ label: 'Jonas' });
      await couple.getByLabel('Forhold').selectOption('divorced');
      await couple.getByRole('button', { name: 'Tilføj par' }).click();
      const relation = page.getByTestId('genogram-parent-form');
      for (const parentName of ['Mette', 'Jonas']) {
        await relation.getByLabel('Forælder').selectOption({ label: parentName });
        await relation.getByLabel('Barn', { exact: true }).selectOption({ label: 'Emil (demo)' });
        if (parentName === 'Mette') await relation.getByLabel('Har forældremyndighed over barnet').check();
        else await relation.getByLabel('Har forældremyndighed over barnet').uncheck();
        await relation.getByRole('button', { name: 'Tilføj relation' }).click();
      }

      // The parent's view is drawn from the same document: symbols by gender, the child doubled.
      const svg = parent.getByTestId('genogram-svg');
      await svg.locator('[data-couple="divorced"]').waitFor({ timeout: 5000 });
      expect(await svg.locator('[data-person="Mette"] circle').count()).toBeGreaterThan(0);
      expect(await svg.locator('[data-person="Jonas"] > rect').count()).toBe(1);
      expect(await svg.locator('[data-couple="divorced"] line').count()).toBe(2);
      await svg.locator('[data-person="Emil (demo)"][data-child="true"]').waitFor();
      await parent.getByTestId('genogram-table').getByText(/barn af Jonas/).waitFor({ timeout: 5000 });
      // Both parents' lines meet in one line down from the couple to their child.
      expect(await svg.locator('[data-lineage="biological"]').count()).toBe(1);
      expect(await svg.locator('[data-person="Mette"] [data-responsibility="true"]').count()).toBe(1);
      expect(await svg.locator('[data-person="Jonas"] [data-responsibility="true"]').count()).toBe(0);
      expect(await svg.locator('polygon[data-household]').count()).toBe(1);
      // The child sits a generation below the parents.
      const y = async (name: string) => Number(await svg.locator(`[data-person="${name}"] text`).last().getAttribute('y'));
      expect(await y('Emil (demo)')).toBeGreaterThan(await y('Mette'));
      expect(await parent.getByTestId('genogram-table').innerText()).toContain('barn af Mette (forældremyndighed)');
      await expectNoSeriousAxe(parent, 'genogram');
      // A relation entered by mistake is removed, for everyone.
      await page.getByRole('button', { name: /^Fjern relationen Emil \(demo\): Biologisk barn af Jonas/ }).click();
      await parent.getByTestId('genogram-table').getByText(/barn af Jonas/).waitFor({ state: 'detached', timeout: 5000 });
      expect(await parent.getByTestId('genogram-table').innerText()).toContain('barn af Mette');
    } finally {
      await caseworker.close();
      await parentContext.close();
    }
  }, 120_000);

  it('the tabs and the genogram work at tablet width (768 px) without horizontal scrolling', async () => {
    const context = await newContext(harness, { viewport: { width: 768, height: 1024 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'caseworker');
      for (const [path, ready] of [
        ['plan', '#progress-title'],
        ['statements', '#statements-title'],
        ['interventions', '#interventions-title'],
        ['timeline', '#timeline-title'],
        ['genogram', '[data-testid="genogram-svg"]'],
      ] as const) {
        await page.goto(path === 'genogram' ? `/cases/${caseId}/genogram` : `/cases/${caseId}/${path}`);
        await page.locator(ready).first().waitFor();
        await page.waitForLoadState('networkidle');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect({ path, overflow }).toEqual({ path, overflow: 0 });
      }
    } finally {
      await context.close();
    }
  }, 60_000);
});
