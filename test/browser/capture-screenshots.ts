/**
 * Takes the README screenshots from the real app (not a test: run it on purpose).
 *   npm run build:web && node --experimental-vm-modules node_modules/jest/bin/jest.js --testMatch '**\/test/browser/capture-screenshots.ts'
 * Writes docs/screenshots/{overview,case-space,network-map,meeting-room,plan,genogram}.png.
 */
import { expect, test } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { addGoal, planDocumentName } from '@samraad/collab/schema';
import { connectClient, sleep, synced } from '../helpers/collab-client.js';
import { addCouple, addParentChild, readNetwork, updatePerson } from '@samraad/collab/schema';
import type { Page } from 'playwright-core';
import type { BrowserHarness } from './support.js';
import { loginAs } from '../helpers/test-app.js';
import { newContext, signIn, startBrowserHarness } from './support.js';

const OUT = process.env['SCREENSHOT_OUT'] || 'docs/screenshots';

const NETWORK: [string, string, string, string, string][] = [
  ['Mette (mor)', 'household', '1', 'supportive', 'daily'],
  ['Lillesøster Alma', 'household', '1', 'supportive', 'daily'],
  ['Jonas (far)', 'household', '2', 'conflictual', 'monthly'],
  ['Mormor Inge', 'extended_family', '1', 'supportive', 'weekly'],
  ['Onkel Peter', 'extended_family', '3', 'neutral', 'yearly'],
  ['Oliver (ven)', 'friends_neighbours', '2', 'supportive', 'weekly'],
  ['Nabo Karen', 'friends_neighbours', '3', '', ''],
  ['Lars (lærer)', 'school_leisure', '2', 'supportive', 'daily'],
  ['Træner Ali', 'school_leisure', '2', 'supportive', 'weekly'],
  ['Frederik (familiebehandler)', 'professionals', '2', 'supportive', 'weekly'],
  ['Hanne (sundhedsplejerske)', 'professionals', '3', 'neutral', 'rarely'],
];

test('capture screenshots', async () => {
  mkdirSync(OUT, { recursive: true });
  const harness = await startBrowserHarness();
  try {
    const token = await loginAs(harness.app, 'caseworker');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const cases = (await (await fetch(`${harness.app.url}/api/cases`, { headers })).json()) as { id: string; childName: string }[];
    const caseId = cases.find((c) => c.childName === 'Emil (demo)')!.id;
    const members = (await (await fetch(`${harness.app.url}/api/cases/${caseId}/members`, { headers })).json()) as { userId: string; isOwner: boolean; role: string }[];
    const created = await fetch(`${harness.app.url}/api/cases/${caseId}/meetings`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        title: 'Opfølgningsmøde',
        startsAt: new Date(new Date(Date.now() + 3 * 86_400_000).setHours(10, 0, 0, 0)).toISOString(),
        durationMinutes: 60,
        participants: members.filter((m) => !m.isOwner).map((m) => ({ userId: m.userId })),
      }),
    });
    expect(created.status).toBe(201);
    const meetingId = ((await created.json()) as { id: string }).id;

    // Real data for the overview and the meeting room: goals, an agenda, a statement request, a concern.
    const plan = connectClient(harness.app.url, planDocumentName(caseId), token);
    await synced(plan);
    const schoolId = members.find((m) => m.role === 'school')!.userId;
    addGoal(plan.doc, { title: 'Emil kommer i skole hver dag', ownerId: schoolId, createdBy: null });
    addGoal(plan.doc, { title: 'Emil har en fast fritidsaktivitet', ownerId: null, createdBy: null });
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if (((await (await fetch(`${harness.app.url}/api/cases/${caseId}/goals`, { headers })).json()) as unknown[]).length >= 2) break;
      await sleep(100);
    }
    plan.destroy();
    for (const [title, minutesBudget] of [['Velkommen og siden sidst', 10], ['Emils egne ønsker', 15], ['Skolen og fritiden', 15], ['Næste skridt', 10]] as const) {
      await fetch(`${harness.app.url}/api/cases/${caseId}/meetings/${meetingId}/agenda`, { method: 'POST', headers, body: JSON.stringify({ title, minutesBudget }) });
    }
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await fetch(`${harness.app.url}/api/cases/${caseId}/statement-requests`, { method: 'POST', headers, body: JSON.stringify({ authorId: schoolId, dueDate: due, meetingId }) });
    const schoolToken = await loginAs(harness.app, 'school');
    await fetch(`${harness.app.url}/api/cases/${caseId}/observations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${schoolToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ observedOn: new Date().toISOString().slice(0, 10), area: 'friendships', kind: 'concern', text: 'Emil var alene i frikvarteret flere dage.', needsFollowUp: true }),
    });
    await fetch(`${harness.app.url}/api/cases/${caseId}/meetings/${meetingId}/agenda`, {
      method: 'POST',
      headers: { authorization: `Bearer ${schoolToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Makkerordning i frikvarteret' }),
    });

    const context = await newContext(harness, { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, 'caseworker');
    await page.getByTestId('case-table').waitFor();
    await page.screenshot({ path: `${OUT}/overview.png`, fullPage: true });

    await page.getByRole('link', { name: 'Emil (demo)' }).click();
    await page.getByTestId('member-list').locator('li').first().waitFor();
    await page.screenshot({ path: `${OUT}/case-space.png`, fullPage: true });

    await page.goto(`/cases/${caseId}/network-map`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    const form = page.locator('form.network-form');
    for (const [name, sector, ring, quality, frequency] of NETWORK) {
      await form.getByLabel('Navn').fill(name);
      await form.getByLabel('Område').selectOption(sector);
      await form.getByLabel('Nærhed').selectOption(ring);
      await form.getByLabel('Relation til barnet').selectOption(quality);
      if (quality) await form.getByLabel('Kontakt').selectOption(frequency);
      await form.getByRole('button', { name: 'Tilføj til kortet' }).click();
    }
    await page.getByTestId('person-editor').getByRole('button', { name: 'Luk' }).click();
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${OUT}/network-map.png`, fullPage: true });
    await capturePlanAndGenogram(harness, page, caseId, token);

    const teacherContext = await newContext(harness, { viewport: { width: 1280, height: 800 } });
    const teacher = await teacherContext.newPage();
    await signIn(teacher, 'school');
    await page.goto(`/cases/${caseId}/meetings/${meetingId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    await page.getByTestId('minutes-editor').click();
    await page.getByRole('button', { name: 'Overskrift' }).click();
    await page.keyboard.type('Siden sidst');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Emil fortæller, at det går bedre i skolen, og at han er startet til fodbold.');
    await teacher.goto(`/cases/${caseId}/meetings/${meetingId}`);
    await teacher.getByTestId('minutes-editor').getByText('fodbold').waitFor();
    await teacher.getByTestId('minutes-editor').click();
    await teacher.keyboard.press('Control+End');
    await teacher.keyboard.press('Enter');
    await teacher.keyboard.type('Skolen: Emil deltager mere i timerne og har fået en ny ven i klassen');
    await page.getByTestId('presence').getByText('Lars Lærer (demo)').waitFor();
    await page.locator('.collaboration-carets__label').first().waitFor();
    // The meeting in progress: an item in focus, the shared timer, ratings on the Dialoglineal.
    await page.getByRole('button', { name: 'Start mødet' }).click();
    await page.locator('[data-testid="meeting-status"][data-status="in_progress"]').waitFor();
    await page.getByRole('button', { name: 'Sæt i fokus: Emils egne ønsker' }).click();
    await page.getByTestId('focus-strip').waitFor();
    await page.getByLabel('Minutter', { exact: true }).fill('15');
    await page.getByRole('button', { name: 'Start ur' }).click();
    await page.locator('[data-testid="timer"][data-status="running"]').waitFor();
    await page.getByRole('radiogroup', { name: 'Vurdering af målet: Emil kommer i skole hver dag' }).locator('label').filter({ hasText: /^6$/ }).click();
    await page.getByRole('radiogroup', { name: 'Vurdering af målet: Emil har en fast fritidsaktivitet' }).locator('label').filter({ hasText: /^8$/ }).click();
    await teacher.getByRole('radiogroup', { name: 'Vurdering af målet: Emil kommer i skole hver dag' }).locator('label').filter({ hasText: /^7$/ }).click();
    await teacher.getByRole('button', { name: 'Ræk hånden op' }).click();
    await page.getByTestId('hands').locator('li').first().waitFor();
    await page.getByLabel('Ny beslutning').fill('Emil får en fast makker i frikvarteret');
    await page.getByRole('button', { name: 'Tilføj beslutning' }).click();
    await page.getByLabel('Ny opgave').fill('Skolen etablerer makkerordning');
    await page.getByLabel('Ansvarlig', { exact: true }).selectOption({ label: 'Lars Lærer (demo)' });
    await page.getByLabel('Frist').fill(due);
    await page.getByRole('button', { name: 'Tilføj opgave' }).click();
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${OUT}/meeting-room.png`, fullPage: true });
    await teacherContext.close();
    await context.close();
  } finally {
    await harness.close();
  }
}, 180_000);

/**
 * The plan (goals and a progress chart from three earlier, concluded meetings rated by the
 * caseworker, the teacher and the mother) and the genogram of the persons on the network map.
 */
async function capturePlanAndGenogram(harness: BrowserHarness, page: Page, caseId: string, token: string): Promise<void> {
  const call = async <T>(who: string, method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${harness.app.url}/api${path}`, { method, headers: { authorization: `Bearer ${who}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status}`);
    return (await response.json()) as T;
  };
  const members = await call<{ userId: string; role: string; isOwner: boolean }[]>(token, 'GET', `/cases/${caseId}/members`);
  const goals = await call<{ id: string; title: string }[]>(token, 'GET', `/cases/${caseId}/goals`);
  const school = await loginAs(harness.app, 'school');
  const parent = await loginAs(harness.app, 'parent');
  const participants = members.filter((m) => m.role === 'school' || m.role === 'parent').map((m) => ({ userId: m.userId }));
  const owner = members.find((m) => m.isOwner)!.userId;
  const nextFollowUpDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const dialogue = { caseworker: [3, 4, 6], school: [2, 5, 7], parent: [4, 4, 6] };
  const ors = [[4, 5, 5, 4], [5, 6, 6, 6], [7, 7, 6, 7]];
  for (const [index, daysAgo] of [150, 90, 30].entries()) {
    const meeting = await call<{ id: string }>(token, 'POST', `/cases/${caseId}/meetings`, {
      title: `Opfølgning ${index + 1}`,
      startsAt: new Date(new Date(Date.now() - daysAgo * 86_400_000).setHours(10, 0, 0, 0)).toISOString(),
      durationMinutes: 60,
      participants,
    });
    const rate = (who: string, body: unknown) => call(who, 'POST', `/cases/${caseId}/meetings/${meeting.id}/ratings`, body);
    await rate(token, { scale: 'dialogue', goalId: goals[0]!.id, value: dialogue.caseworker[index] });
    await rate(school, { scale: 'dialogue', goalId: goals[0]!.id, value: dialogue.school[index] });
    await rate(parent, { scale: 'dialogue', goalId: goals[0]!.id, value: dialogue.parent[index] });
    await rate(parent, { scale: 'ors', goalId: goals[0]!.id, subscales: ors[index] });
    await call(token, 'POST', `/cases/${caseId}/meetings/${meeting.id}/conclude`, { nextFollowUpDate, responsibleUserId: owner });
  }
  await call(token, 'POST', `/cases/${caseId}/interventions`, { title: 'Familiebehandling', purpose: 'Faste morgenrutiner', startDate: new Date(Date.now() - 160 * 86_400_000).toISOString().slice(0, 10) });

  await page.goto(`/cases/${caseId}/plan`);
  await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
  await page.getByTestId('purpose-editor').click();
  await page.keyboard.type('Emil trives i skolen og har venner at være sammen med efter skole.');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.locator('[data-testid="progress-chart"][data-scale="dialogue"] path[data-rater]').nth(2).waitFor();
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${OUT}/plan.png`, fullPage: true });

  // Genders, birth years, households and family relations for the persons on the network map.
  const plan = connectClient(harness.app.url, planDocumentName(caseId), token);
  await synced(plan);
  const byName = (name: string) => readNetwork(plan.doc).persons.find((person) => person.name === name)!.id;
  const child = readNetwork(plan.doc).persons.find((person) => person.isChild)!.id;
  const mother = byName('Mette (mor)');
  const father = byName('Jonas (far)');
  const sister = byName('Lillesøster Alma');
  const grandmother = byName('Mormor Inge');
  const uncle = byName('Onkel Peter');
  const withMother = globalThis.crypto.randomUUID();
  const withFather = globalThis.crypto.randomUUID();
  updatePerson(plan.doc, child, { gender: 'male', birthYear: 2015, householdId: withMother });
  updatePerson(plan.doc, mother, { gender: 'female', birthYear: 1987, householdId: withMother });
  updatePerson(plan.doc, sister, { gender: 'female', birthYear: 2019, householdId: withMother });
  updatePerson(plan.doc, father, { gender: 'male', birthYear: 1984, householdId: withFather });
  updatePerson(plan.doc, grandmother, { gender: 'female', birthYear: 1960 });
  updatePerson(plan.doc, uncle, { gender: 'male', birthYear: 1990 });
  addCouple(plan.doc, { partnerAId: mother, partnerBId: father, status: 'divorced' });
  for (const kid of [child, sister]) {
    addParentChild(plan.doc, { parentId: mother, childId: kid, lineage: 'biological', parentalResponsibility: true });
    addParentChild(plan.doc, { parentId: father, childId: kid, lineage: 'biological', parentalResponsibility: kid === child });
  }
  addParentChild(plan.doc, { parentId: grandmother, childId: mother, lineage: 'biological' });
  addParentChild(plan.doc, { parentId: grandmother, childId: uncle, lineage: 'biological' });
  await sleep(500);
  plan.destroy();

  await page.goto(`/cases/${caseId}/genogram`);
  await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
  await page.locator('[data-testid="genogram-svg"] [data-couple="divorced"]').waitFor();
  // One person added through the form, as a caseworker would: the grandfather, deceased.
  const form = page.getByTestId('genogram-person-form');
  await form.getByLabel('Navn').fill('Morfar Hans');
  await form.getByLabel('Køn').selectOption('male');
  await form.getByLabel('Fødselsår').fill('1958');
  await form.getByLabel('Død').check();
  await form.getByRole('button', { name: 'Tilføj til genogrammet' }).click();
  const couple = page.getByTestId('genogram-couple-form');
  await couple.getByLabel('Første person').selectOption({ label: 'Mormor Inge' });
  await couple.getByLabel('Anden person').selectOption({ label: 'Morfar Hans' });
  await couple.getByLabel('Forhold').selectOption('married');
  await couple.getByRole('button', { name: 'Tilføj par' }).click();
  const relation = page.getByTestId('genogram-parent-form');
  for (const kid of ['Mette (mor)', 'Onkel Peter']) {
    await relation.getByLabel('Forælder').selectOption({ label: 'Morfar Hans' });
    await relation.getByLabel('Barn', { exact: true }).selectOption({ label: kid });
    await relation.getByRole('button', { name: 'Tilføj relation' }).click();
  }
  await page.locator('[data-testid="genogram-svg"] [data-person="Morfar Hans"][data-deceased="true"]').waitFor();
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${OUT}/genogram.png`, fullPage: true });
}
