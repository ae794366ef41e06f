import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, addMonths, type FollowUpOutcome, isOverdueOn, localDateOf, onTimeShare } from '@samraad/domain';
import { apiClient, type ApiClient } from '../helpers/api-client.js';
import { loginAs, seedDemo, startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A team leader's overview counts the department's on-time share in the database. These tests
 * hold that count to the rule as the domain library states it (`onTimeShare`, `isOverdueOn`) over
 * a department with many cases and follow-ups around the period's edges and today, and check that
 * another department's cases do not count.
 */
describe("a team leader's overview", () => {
  let t: TestApp;
  let teamLeader: ApiClient;
  let caseworker: ApiClient;
  let organisationId: string;
  let otherOrganisationId: string;
  const now = new Date();
  const today = localDateOf(now);

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    teamLeader = apiClient(t, await loginAs(t, 'teamleader'));
    caseworker = apiClient(t, await loginAs(t, 'caseworker'));
    const [leader] = await t.dataSource.query(`SELECT organisation_id, municipality_id FROM users WHERE email = 'teamleader@samraad.example'`);
    organisationId = leader.organisation_id;
    const [other] = await t.dataSource.query(
      `INSERT INTO organisations (municipality_id, name, kind) SELECT municipality_id, 'Anden afdeling', kind FROM organisations WHERE id = $1 RETURNING id`,
      [organisationId],
    );
    otherOrganisationId = other.id;
    const [owner] = await t.dataSource.query(`SELECT id FROM users WHERE email = 'caseworker@samraad.example'`);
    // 60 cases in the team leader's department, 20 in another: next follow-up dates from 400 days
    // ago to 200 days ahead (every tenth none), one due today and one due yesterday.
    for (const [organisation, count] of [
      [organisationId, 60],
      [otherOrganisationId, 20],
    ] as const) {
      await t.dataSource.query(
        `INSERT INTO cases (municipality_id, organisation_id, owner_id, child_name, child_birth_year, next_follow_up_date)
         SELECT $1, $2, $3, 'Teambarn ' || g, 2015,
                CASE WHEN g % 10 = 0 THEN NULL WHEN g = 1 THEN $5::date WHEN g = 2 THEN $5::date - 1 ELSE $5::date + (g * 37 % 600 - 400) END
         FROM generate_series(1, $4::int) g`,
        [leader.municipality_id, organisation, owner.id, count, today],
      );
    }
    // Four held follow-ups per case, due up to 500 days ago, held from four days early to four days late.
    await t.dataSource.query(
      `INSERT INTO follow_ups (case_id, meeting_id, due_date, held_on, on_time)
       SELECT c.id, gen_random_uuid(), d.due, d.due + ((abs(hashtext(c.id::text)) + k) % 9 - 4), ((abs(hashtext(c.id::text)) + k) % 9 - 4) <= 0
       FROM cases c, generate_series(1, 4) k, LATERAL (SELECT $1::date - (abs(hashtext(c.id::text || k)) % 500) AS due) d
       WHERE c.child_name LIKE 'Teambarn %'`,
      [today],
    );
    // And one due on each end of the periods below, one held on time and one late.
    for (const [due, heldOn] of [
      [addMonths(today, -12), addMonths(today, -12)],
      [addDays(today, -200), addDays(today, -199)],
      [addDays(today, -1), addDays(today, -1)],
    ]) {
      await t.dataSource.query(
        `INSERT INTO follow_ups (case_id, meeting_id, due_date, held_on, on_time)
         SELECT id, gen_random_uuid(), $2::date, $3::date, $3::date <= $2::date FROM cases WHERE organisation_id = $1 AND child_name = 'Teambarn 3'`,
        [organisationId, due, heldOn],
      );
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  /** What the domain's rule gives for a department's stored follow-ups and current deadlines. */
  async function expected(organisations: string[], from: string, to: string) {
    const held: { due: string; held_on: string }[] = await t.dataSource.query(
      `SELECT f.due_date::text AS due, f.held_on::text AS held_on FROM follow_ups f JOIN cases c ON c.id = f.case_id WHERE c.organisation_id = ANY($1::uuid[])`,
      [organisations],
    );
    const cases: { next: string | null }[] = await t.dataSource.query(`SELECT next_follow_up_date::text AS next FROM cases WHERE organisation_id = ANY($1::uuid[])`, [organisations]);
    const outcomes: FollowUpOutcome[] = [
      ...held.map((row) => ({ due: row.due, heldOn: row.held_on })),
      ...cases.filter((row) => row.next !== null).map((row) => ({ due: row.next!, heldOn: null })),
    ];
    const [{ owners }] = await t.dataSource.query(`SELECT count(DISTINCT owner_id)::int AS owners FROM cases WHERE organisation_id = ANY($1::uuid[])`, [organisations]);
    return {
      ...onTimeShare(outcomes, from, to, now),
      overdueCases: cases.filter((row) => row.next !== null && isOverdueOn(row.next, today)).length,
      caseworkers: owners as number,
    };
  }

  it('counts the last twelve months by the domain rule, the department only', async () => {
    const response = await teamLeader.get('/overview');
    expect(response.status).toBe(200);
    const from = addMonths(today, -12);
    const want = await expected([organisationId], from, today);
    expect(response.body.team).toEqual({ from, to: today, onTime: want.onTime, total: want.total, share: want.share, overdueCases: want.overdueCases, caseworkers: want.caseworkers });
    // The data set reaches every branch: late and on-time follow-ups, missed deadlines, and the
    // other department would change the answer if it were counted.
    expect(want.onTime).toBeGreaterThan(0);
    expect(want.total).toBeGreaterThan(want.onTime);
    const withOther = await expected([organisationId, otherOrganisationId], from, today);
    expect(withOther.total).toBeGreaterThan(want.total);
    expect(withOther.overdueCases).toBeGreaterThan(want.overdueCases);
    // The list is the department's cases, the other department's not among them.
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM cases WHERE organisation_id = $1`, [organisationId]);
    expect(response.body.cases).toHaveLength(n);
    expect(response.body.casesTotal).toBe(n);
  });

  it('pages the list: pages in turn make up the whole list in its order, each counting them all', async () => {
    const whole = (await teamLeader.get('/overview')).body;
    expect(whole.casesTotal).toBeGreaterThan(25);
    const pages: unknown[][] = [];
    for (let offset = 0; offset < whole.casesTotal; offset += 25) {
      const page = await teamLeader.get(`/overview?limit=25&offset=${offset}`);
      expect(page.status).toBe(200);
      expect(page.body.casesTotal).toBe(whole.casesTotal);
      expect(page.body.team).toEqual(whole.team);
      pages.push(page.body.cases);
    }
    expect(pages.flat()).toEqual(whole.cases);
    // The first page is the most urgent: the overdue cases lead.
    expect(pages[0]!.slice(0, 3)).toEqual(whole.cases.slice(0, 3));
    expect((pages[0]![0] as { overdue: boolean }).overdue).toBe(true);
    // Past the end: no cases, the total still counted.
    const past = await teamLeader.get(`/overview?limit=25&offset=${whole.casesTotal + 10}`);
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ cases: [], casesTotal: whole.casesTotal });
    // A caseworker's own list pages the same way.
    const mine = (await caseworker.get('/overview')).body;
    expect(mine.casesTotal).toBe(mine.cases.length);
    const [first, rest] = await Promise.all([caseworker.get('/overview?limit=1'), caseworker.get('/overview?offset=1')]);
    expect([...first.body.cases, ...rest.body.cases]).toEqual(mine.cases);
    expect(first.body.casesTotal).toBe(mine.casesTotal);
    expect(rest.body.casesTotal).toBe(mine.casesTotal);
    const pastMine = await caseworker.get(`/overview?limit=5&offset=${mine.casesTotal}`);
    expect(pastMine.body).toMatchObject({ cases: [], casesTotal: mine.casesTotal });
  });

  it('refuses a page outside the bounds with 400 naming the field', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=2.5', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=1e9', 'offset'],
    ] as const) {
      const response = await teamLeader.get(`/overview?${query}`);
      expect([query, response.status]).toEqual([query, 400]);
      expect(Object.keys(response.body.error.fields)).toEqual([field]);
    }
  });

  it('counts a chosen period with both ends included, and a deadline passed yesterday but not one due today', async () => {
    const from = addDays(today, -200);
    const to = addDays(today, -1);
    const response = await teamLeader.get(`/overview?from=${from}&to=${to}`);
    expect(response.status).toBe(200);
    const want = await expected([organisationId], from, to);
    expect(response.body.team).toEqual({ from, to, onTime: want.onTime, total: want.total, share: want.share, overdueCases: want.overdueCases, caseworkers: want.caseworkers });
    // Ends of the period and today: moving `to` to today adds nothing not held (due today is not late yet).
    const throughToday = await teamLeader.get(`/overview?from=${from}&to=${today}`);
    const [{ heldToday }] = await t.dataSource.query(
      `SELECT count(*)::int AS "heldToday" FROM follow_ups f JOIN cases c ON c.id = f.case_id WHERE c.organisation_id = $1 AND f.due_date = $2::date`,
      [organisationId, today],
    );
    expect(throughToday.body.team.total).toBe(want.total + heldToday);
    // A period that ends before anything was due: nothing counts, no share.
    const empty = await teamLeader.get(`/overview?from=2001-01-01&to=2001-12-31`);
    expect(empty.body.team).toMatchObject({ onTime: 0, total: 0, share: null });
  });

  it("shows each case as the caseworker's overview does, counts included", async () => {
    // One of the caseworker's cases gets two open statement requests (one overdue, one answered
    // besides), an open concern and a planned meeting; the other keeps what the demo gave it.
    type Row = { caseId: string; openStatementRequests: number; overdueStatementRequests: number; openConcerns: number; nextMeeting: unknown };
    const mineBefore = (await caseworker.get('/overview')).body.cases as Row[];
    expect(mineBefore.length).toBeGreaterThan(1);
    const before = mineBefore[0]!;
    const caseId = before.caseId;
    const [school] = await t.dataSource.query(`SELECT id FROM users WHERE email = 'school@samraad.example'`);
    await t.dataSource.query(
      `INSERT INTO statement_requests (case_id, requested_from, requested_by, due_date, status)
       SELECT $1, $2, owner_id, d.due, d.status FROM cases, (VALUES ($3::date - 2, 'requested'), ($3::date + 5, 'requested'), ($3::date - 9, 'submitted')) d(due, status) WHERE id = $1`,
      [caseId, school.id, today],
    );
    await t.dataSource.query(
      `INSERT INTO observations (case_id, author_id, observed_on, area, kind, text) SELECT $1, $2, $3::date, 'school', 'concern', 'Fravær tre dage i træk' FROM cases WHERE id = $1`,
      [caseId, school.id, today],
    );
    await t.dataSource.query(
      `INSERT INTO meetings (case_id, title, starts_at, duration_minutes, status, created_by) SELECT $1, 'Opfølgning', now() + interval '3 days', 60, 'planned', owner_id FROM cases WHERE id = $1`,
      [caseId],
    );
    const mine = (await caseworker.get('/overview')).body.cases as Row[];
    const changed = mine.find((row) => row.caseId === caseId)!;
    expect(changed).toMatchObject({
      openStatementRequests: before.openStatementRequests + 2,
      overdueStatementRequests: before.overdueStatementRequests + 1,
      openConcerns: before.openConcerns + 1,
      nextMeeting: { id: expect.any(String), startsAt: expect.any(String) },
    });
    const department = (await teamLeader.get('/overview')).body.cases as { caseId: string }[];
    for (const row of mine) expect(department.find((other) => other.caseId === row.caseId)).toEqual(row);
    // The department's list is ordered by next follow-up as the caseworker's is.
    const order = department.map((row) => row.caseId).filter((id) => mine.some((row) => row.caseId === id));
    expect(order).toEqual(mine.map((row) => row.caseId));
  });

  it("lists the department's cases to the team leader by name, with the role they see each in", async () => {
    type Listed = { id: string; childName: string; organisationId: string; myRole: string };
    const listed = (await teamLeader.get('/cases')).body as Listed[];
    // Exactly the department's cases, in the database's order of names.
    const department: { id: string }[] = await t.dataSource.query(`SELECT id FROM cases WHERE organisation_id = $1 ORDER BY child_name, id`, [organisationId]);
    expect(listed.map((c) => c.id)).toEqual(department.map((c) => c.id));
    // Where the team leader is a member (the demo cases), that role; elsewhere the department's team leader.
    const memberships: { case_id: string; role: string }[] = await t.dataSource.query(
      `SELECT case_id, role FROM case_members WHERE user_id = (SELECT id FROM users WHERE email = 'teamleader@samraad.example')`,
    );
    const roles = new Map(memberships.map((m) => [m.case_id, m.role]));
    for (const c of listed) expect(c.myRole).toBe(roles.get(c.id) ?? 'team_leader');
    // A caseworker sees the cases they are a member of, as caseworker, and none of the department's others.
    const mine = (await caseworker.get('/cases')).body as Listed[];
    const [{ m }] = await t.dataSource.query(`SELECT count(*)::int AS m FROM case_members WHERE user_id = (SELECT id FROM users WHERE email = 'caseworker@samraad.example')`);
    expect(mine).toHaveLength(m);
    expect(mine.length).toBeLessThan(listed.length);
    expect(mine.every((c) => c.myRole === 'caseworker')).toBe(true);
  });

  it('refuses a malformed period with 400 naming the field, and leaves a caseworker without team figures', async () => {
    const bad = await teamLeader.get('/overview?from=2026-13-01');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('from');
    const mine = await caseworker.get('/overview');
    expect(mine.status).toBe(200);
    expect(mine.body.team).toBeNull();
  });
});
