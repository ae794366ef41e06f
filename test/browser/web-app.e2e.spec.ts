import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type BrowserHarness, newContext, seriousAxeViolations, signIn, startBrowserHarness } from './support.js';

describe('web app in a browser', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('a caseworker signs in and sees the two demo cases, in Danish, and can switch to English', async () => {
    const context = await newContext(harness);
    const page = await context.newPage();
    try {
      await signIn(page, 'caseworker');
      await expect(page.getByRole('heading', { level: 1, name: 'Mine sager' }).isVisible()).resolves.toBe(true);
      const rows = page.getByTestId('case-table').locator('tbody tr');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(2);
      const names = await rows.locator('th a').allTextContents();
      expect(names.sort()).toEqual(['Emil (demo)', 'Ida (demo)']);
      expect(await page.locator('html').getAttribute('lang')).toBe('da');

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: 'My cases' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.getByRole('columnheader', { name: 'Next follow-up' }).isVisible()).toBe(true);

      // The choice is remembered across a reload (and the session survives it via the refresh cookie).
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'My cases' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('the case space lists the members with their roles, and the caseworker sees the access log', async () => {
    const context = await newContext(harness);
    const page = await context.newPage();
    try {
      await signIn(page, 'caseworker');
      await page.getByRole('link', { name: 'Emil (demo)' }).click();
      await page.getByRole('heading', { level: 1, name: 'Emil (demo)' }).waitFor();
      const members = page.getByTestId('member-list').locator('li');
      await members.first().waitFor();
      expect(await members.count()).toBe(6);
      const text = await page.getByTestId('member-list').innerText();
      expect(text).toContain('Lars Lærer (demo)');
      expect(text).toContain('Skole');
      expect(text).toContain('Mette Mor (demo)');
      expect(text).toContain('Forælder');

      await page.getByRole('link', { name: 'Adgangslog' }).click();
      const log = page.getByTestId('access-log');
      await log.waitFor();
      expect(await log.innerText()).toContain('member.list');
    } finally {
      await context.close();
    }
  });

  it('a parent sees their case but no access log, and the server refuses it too', async () => {
    const context = await newContext(harness);
    const page = await context.newPage();
    try {
      await signIn(page, 'parent');
      await page.getByRole('heading', { level: 1, name: 'Jeres sag' }).waitFor();
      await page.getByRole('link', { name: 'Åbn sagen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Emil (demo)' }).waitFor();
      await page.getByTestId('member-list').locator('li').first().waitFor();
      expect(await page.getByRole('link', { name: 'Adgangslog' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Tilføj deltager' }).count()).toBe(0);

      // Typing the address does not reveal it either.
      await page.goto(`${page.url()}/access-log`);
      await page.getByRole('heading', { level: 1, name: 'Emil (demo)' }).waitFor();
      expect(await page.getByTestId('access-log').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('the caseworker adds and removes a member through the directory', async () => {
    const context = await newContext(harness);
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    try {
      await signIn(page, 'caseworker');
      await page.getByRole('link', { name: 'Ida (demo)' }).click();
      const members = page.getByTestId('member-list').locator('li');
      await members.first().waitFor();
      expect(await members.count()).toBe(2);

      await page.getByRole('button', { name: 'Tilføj deltager' }).click();
      await page.getByLabel('Person').selectOption({ label: 'Hanne Sundhedsplejerske (demo) · Sundhedsplejerske' });
      expect(await page.getByLabel('Rolle i sagen').inputValue()).toBe('health_visitor');
      await page.getByRole('button', { name: 'Tilføj', exact: true }).click();
      await page.getByTestId('member-list').getByText('Hanne Sundhedsplejerske (demo)').waitFor();
      expect(await members.count()).toBe(3);

      await page.getByRole('button', { name: 'Fjern Hanne Sundhedsplejerske (demo) fra sagen' }).click();
      await page.getByTestId('member-list').getByText('Hanne Sundhedsplejerske (demo)').waitFor({ state: 'detached' });
      expect(await members.count()).toBe(2);
    } finally {
      await context.close();
    }
  });

  it('an expired session shows the sign-in dialog over the page and keeps what was typed', async () => {
    const context = await newContext(harness);
    const page = await context.newPage();
    try {
      await signIn(page, 'caseworker');
      await page.getByRole('link', { name: 'Ida (demo)' }).click();
      await page.getByRole('button', { name: 'Tilføj deltager' }).click();
      await page.getByLabel('Person').selectOption({ label: 'Lars Lærer (demo) · Skole' });

      // The session ends server-side (refresh cookie gone) and the access token is refused.
      await context.clearCookies();
      let refused = 0;
      await page.route('**/api/cases/*/members', async (route) => {
        if (route.request().method() === 'POST' && refused === 0) {
          refused++;
          await route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: { code: 'Unauthenticated', message: 'x' } }) });
        } else await route.continue();
      });
      await page.getByRole('button', { name: 'Tilføj', exact: true }).click();

      const dialog = page.getByRole('dialog', { name: 'Din session er udløbet' });
      await dialog.waitFor();
      // The form underneath is still there with the choice made.
      expect(await page.getByLabel('Person', { exact: true }).inputValue()).not.toBe('');
      await dialog.getByLabel('Adgangskode').fill('samraad-demo');
      await dialog.getByRole('button', { name: 'Log ind' }).click();
      await dialog.waitFor({ state: 'detached' });
      // The held request went through after signing in again.
      await page.getByTestId('member-list').getByText('Lars Lærer (demo)').waitFor();
      expect(refused).toBe(1);
    } finally {
      await context.close();
    }
  });

  it("loads a page's code when it is opened, and offers a reload when that code cannot be fetched", async () => {
    const context = await newContext(harness);
    const page = await context.newPage();
    try {
      // The case space's code is a chunk of its own, not part of the first load.
      const fetched: string[] = [];
      page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
      await page.route(/\/assets\/CaseSpacePage-[^/]*\.js$/, (route) => route.abort());
      await signIn(page, 'caseworker');
      await page.getByTestId('case-table').waitFor();
      await page.getByRole('link', { name: 'Emil (demo)' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Noget gik galt' });
      await alert.waitFor();
      expect(fetched.some((path) => /\/assets\/CaseSpacePage-/.test(path))).toBe(true);

      // Once it can be fetched, "Prøv igen" reloads and the case space opens.
      await page.unroute(/\/assets\/CaseSpacePage-[^/]*\.js$/);
      await alert.getByRole('button', { name: 'Prøv igen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Emil (demo)' }).waitFor();
      await page.getByTestId('member-list').locator('li').first().waitFor();
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical accessibility violations on the overview and the case space (axe-core)', async () => {
    const context = await newContext(harness);
    const page = await context.newPage();
    try {
      await signIn(page, 'caseworker');
      await page.getByTestId('case-table').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'Emil (demo)' }).click();
      await page.getByTestId('member-list').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'Adgangslog' }).click();
      await page.getByTestId('access-log').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.goto('/');
      await page.getByRole('button', { name: 'Log ud' }).click();
      await page.getByRole('button', { name: 'Log ind' }).waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('works at tablet width (768 px) without horizontal scrolling', async () => {
    const context = await newContext(harness, { viewport: { width: 768, height: 1024 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'caseworker');
      await page.getByRole('link', { name: 'Emil (demo)' }).click();
      await page.getByTestId('member-list').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });
});
