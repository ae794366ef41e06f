import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type BrowserHarness, newContext, seriousAxeViolations, signIn, startBrowserHarness } from './support.js';

/**
 * A team leader's department can have thousands of cases; the overview shows the most urgent
 * first, a page at a time, with the department's figures counted over all of them.
 */
describe("a team leader's overview in the browser", () => {
  let harness: BrowserHarness;
  let total: number;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    const sql = harness.app.dataSource;
    const [leader] = await sql.query(`SELECT organisation_id, municipality_id FROM users WHERE email = 'teamleader@samraad.example'`);
    const [owner] = await sql.query(`SELECT id FROM users WHERE email = 'caseworker@samraad.example'`);
    // 150 more cases in the department: the first ten overdue, the rest due later.
    await sql.query(
      `INSERT INTO cases (municipality_id, organisation_id, owner_id, child_name, child_birth_year, next_follow_up_date)
       SELECT $1, $2, $3, 'Afdelingsbarn ' || lpad(g::text, 3, '0'), 2016, CASE WHEN g <= 10 THEN current_date - 30 ELSE current_date + 30 + g END
       FROM generate_series(1, 150) g`,
      [leader.municipality_id, leader.organisation_id, owner.id],
    );
    [{ total }] = await sql.query(`SELECT count(*)::int AS total FROM cases WHERE organisation_id = $1`, [leader.organisation_id]);
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('shows the first hundred cases, overdue first, counts them all, and loads the rest on request', async () => {
    const context = await newContext(harness);
    const page = await context.newPage();
    try {
      await signIn(page, 'teamleader');
      await page.getByRole('heading', { level: 1, name: 'Teamoversigt' }).waitFor();
      const rows = page.getByTestId('case-table').locator('tbody tr');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(100);
      // Overdue first: the ten inserted overdue cases lead the table.
      expect((await rows.locator('th a').allTextContents()).slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `Afdelingsbarn ${String(i + 1).padStart(3, '0')}`));
      // The figures count the whole department, not the page.
      expect(await page.locator('.stat').first().locator('dd').innerText()).toBe(String(total));
      expect(await page.getByTestId('cases-shown').innerText()).toBe(`Viser 100 af ${total} sager`);
      expect(await seriousAxeViolations(page)).toEqual([]);

      // The next page fails once (the connection drops): the notice says so and the button asks again.
      let failures = 0;
      await page.route(/\/api\/overview\?limit=100&offset=100$/, (route) => (failures++ === 0 ? route.abort() : route.continue()));
      await page.getByRole('button', { name: `Vis ${total - 100} flere` }).click();
      await page.getByRole('alert').waitFor();
      expect(await rows.count()).toBe(100);
      await page.getByRole('button', { name: `Vis ${total - 100} flere` }).click();
      await page.getByTestId('cases-shown').filter({ hasText: `Viser ${total} af ${total} sager` }).waitFor();
      expect(failures).toBe(2);
      expect(await rows.count()).toBe(total);
      const names = await rows.locator('th a').allTextContents();
      expect(new Set(names).size).toBe(total);
      expect(await page.getByRole('button', { name: /flere/ }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
