/**
 * Input is validated at the edge: unknown fields (mass assignment), wrong types, oversize bodies
 * and malformed JSON are refused with the one error format and field details, and nothing in
 * the database changes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { loginAs, seedDemo, startTestApp, type TestApp } from '../helpers/test-app.js';

interface Reply {
  status: number;
  body: { error?: { code: string; message: string; fields?: Record<string, string[]> } } & Record<string, unknown>;
}

describe('bad input', () => {
  let t: TestApp;
  let token: string;
  let emilId: string;
  let idaId: string;
  let caseworkerId: string;
  let daycareId: string;
  let teamleaderId: string;
  let snapshot: string;

  async function send(method: string, path: string, body: string | undefined, contentType = 'application/json'): Promise<Reply> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined && contentType) headers['content-type'] = contentType;
    const response = await fetch(`${t.url}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Reply['body']) : {} };
  }

  const json = (method: string, path: string, value: unknown) => send(method, path, JSON.stringify(value));

  /** Everything but the audit log (which records the refused requests). */
  async function databaseState(): Promise<string> {
    const tables = ['municipalities', 'organisations', 'users', 'cases', 'case_members', 'refresh_tokens'];
    const state: Record<string, unknown> = {};
    for (const table of tables) state[table] = await t.dataSource.query(`SELECT * FROM ${table} ORDER BY 1, 2`);
    return JSON.stringify(state);
  }

  function expectValidation(reply: Reply, fields: string[]): void {
    expect(reply.status).toBe(400);
    expect(reply.body.error?.code).toBe('ValidationFailed');
    expect(reply.body.error?.message).toEqual(expect.any(String));
    for (const field of fields) expect(reply.body.error?.fields?.[field]).toEqual(expect.arrayContaining([expect.any(String)]));
  }

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    token = await loginAs(t, 'caseworker');
    const cases = (await t.dataSource.query('SELECT id, child_name FROM cases')) as { id: string; child_name: string }[];
    emilId = cases.find((c) => c.child_name === 'Emil (demo)')!.id;
    idaId = cases.find((c) => c.child_name === 'Ida (demo)')!.id;
    const users = (await t.dataSource.query('SELECT id, email FROM users')) as { id: string; email: string }[];
    const idOf = (key: string) => users.find((u) => u.email.startsWith(`${key}@`))!.id;
    caseworkerId = idOf('caseworker');
    daycareId = idOf('daycare');
    teamleaderId = idOf('teamleader');
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    snapshot = await databaseState();
  });

  async function expectDatabaseUnchanged(): Promise<void> {
    expect(await databaseState()).toBe(snapshot);
  }

  describe('POST /api/cases', () => {
    const valid = { childName: 'Nyt barn', childBirthYear: 2016 };

    it('refuses mass assignment of owner, organisation, municipality, id and role', async () => {
      for (const extra of [{ ownerId: daycareId }, { organisationId: emilId }, { municipalityId: emilId }, { id: emilId }, { role: 'team_leader' }, { myRole: 'caseworker' }]) {
        const reply = await json('POST', '/api/cases', { ...valid, ...extra });
        expectValidation(reply, Object.keys(extra));
      }
      await expectDatabaseUnchanged();
    });

    it('refuses wrong types with a message per field', async () => {
      expectValidation(await json('POST', '/api/cases', { childName: 42, childBirthYear: '2016' }), ['childName', 'childBirthYear']);
      expectValidation(await json('POST', '/api/cases', { ...valid, followUpIntervalMonths: 13 }), ['followUpIntervalMonths']);
      expectValidation(await json('POST', '/api/cases', { ...valid, followUpIntervalMonths: 2.5 }), ['followUpIntervalMonths']);
      expectValidation(await json('POST', '/api/cases', { childName: 'X', childBirthDate: '2016-02-30' }), ['childBirthDate']);
      expectValidation(await json('POST', '/api/cases', { childName: 'X', childBirthDate: 'last spring' }), ['childBirthDate']);
      expectValidation(await json('POST', '/api/cases', { childName: '', childBirthYear: 2016 }), ['childName']);
      expectValidation(await json('POST', '/api/cases', { childName: 'x'.repeat(121), childBirthYear: 2016 }), ['childName']);
      expectValidation(await json('POST', '/api/cases', { childName: ['Emil'], childBirthYear: 2016 }), ['childName']);
      expectValidation(await json('POST', '/api/cases', { childName: { $ne: null }, childBirthYear: 2016 }), ['childName']);
      await expectDatabaseUnchanged();
    });

    it('refuses a case without any birth information, also when sent as null', async () => {
      expectValidation(await json('POST', '/api/cases', { childName: 'X' }), ['childBirthDate']);
      const reply = await json('POST', '/api/cases', { childName: 'X', childBirthDate: null, childBirthYear: null });
      expect(reply.status).toBe(400);
      expect(reply.body.error?.code).toBe('ValidationFailed');
      expect(Object.keys(reply.body.error?.fields ?? {})).not.toHaveLength(0);
      expectValidation(await json('POST', '/api/cases', { childName: 'X', childBirthYear: null }), ['childBirthDate']);
      expectValidation(await json('POST', '/api/cases', { childName: null, childBirthYear: 2016 }), ['childName']);
      await expectDatabaseUnchanged();
    });

    it('refuses a body that is not an object', async () => {
      for (const body of ['[]', '[{"childName":"X","childBirthYear":2016}]', '"text"', '42', 'null']) {
        const reply = await send('POST', '/api/cases', body);
        expect([body, reply.status]).toEqual([body, 400]);
        expect(['ValidationFailed', 'MalformedJson']).toContain(reply.body.error?.code);
      }
      await expectDatabaseUnchanged();
    });

    it('refuses prototype keys anywhere in the body', async () => {
      for (const body of ['{"__proto__":{"isAdmin":true},"childName":"X","childBirthYear":2016}', '{"childName":"X","childBirthYear":2016,"constructor":{"prototype":{"x":1}}}']) {
        const reply = await send('POST', '/api/cases', body);
        expect([body, reply.status]).toEqual([body, 400]);
      }
      await expectDatabaseUnchanged();
    });

    it('refuses a body that is not JSON', async () => {
      const form = await send('POST', '/api/cases', 'childName=X&childBirthYear=2016', 'application/x-www-form-urlencoded');
      expect([400, 415]).toContain(form.status);
      expect(form.body.error?.code).toEqual(expect.any(String));
      await expectDatabaseUnchanged();
    });

    it('accepts the valid body (the control for the refusals above)', async () => {
      const reply = await json('POST', '/api/cases', valid);
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({ childName: 'Nyt barn', childBirthYear: 2016, ownerId: caseworkerId, myRole: 'caseworker' });
      expect(await databaseState()).not.toBe(snapshot);
    });
  });

  describe('PATCH /api/cases/:caseId', () => {
    it('refuses mass assignment of owner, organisation, municipality and id', async () => {
      for (const extra of [{ ownerId: daycareId }, { organisationId: idaId }, { municipalityId: idaId }, { id: idaId }, { createdAt: '2000-01-01T00:00:00Z' }]) {
        expectValidation(await json('PATCH', `/api/cases/${emilId}`, { childName: 'Emil (demo)', ...extra }), Object.keys(extra));
      }
      await expectDatabaseUnchanged();
    });

    it('refuses wrong types and nulls for required fields', async () => {
      expectValidation(await json('PATCH', `/api/cases/${emilId}`, { childName: 7 }), ['childName']);
      expectValidation(await json('PATCH', `/api/cases/${emilId}`, { childName: null }), ['childName']);
      expectValidation(await json('PATCH', `/api/cases/${emilId}`, { followUpIntervalMonths: '3' }), ['followUpIntervalMonths']);
      expectValidation(await json('PATCH', `/api/cases/${emilId}`, { followUpIntervalMonths: null }), ['followUpIntervalMonths']);
      expectValidation(await json('PATCH', `/api/cases/${emilId}`, { childBirthYear: 1700 }), ['childBirthYear']);
      await expectDatabaseUnchanged();
    });

    it('refuses removing the only birth information', async () => {
      // Emil has a birth date and no birth year.
      const reply = await json('PATCH', `/api/cases/${emilId}`, { childBirthDate: null });
      expect(reply.status).toBe(400);
      expect(reply.body.error?.code).toBe('ValidationFailed');
      expect(reply.body.error?.fields?.['childBirthDate']).toEqual(expect.arrayContaining([expect.any(String)]));
      await expectDatabaseUnchanged();
    });

    it('refuses malformed JSON and an oversize body', async () => {
      const malformed = await send('PATCH', `/api/cases/${emilId}`, '{"childName": "Emil",');
      expect(malformed.status).toBe(400);
      expect(malformed.body).toEqual({ error: { code: 'MalformedJson', message: expect.any(String) } });
      const oversize = await json('PATCH', `/api/cases/${emilId}`, { childName: 'x'.repeat(101 * 1024) });
      expect(oversize.status).toBe(413);
      expect(oversize.body).toEqual({ error: { code: 'PayloadTooLarge', message: expect.any(String) } });
      await expectDatabaseUnchanged();
    });

    it('applies a valid change (the control for the refusals above)', async () => {
      const reply = await json('PATCH', `/api/cases/${emilId}`, { followUpIntervalMonths: 4 });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ id: emilId, followUpIntervalMonths: 4, ownerId: caseworkerId });
      await json('PATCH', `/api/cases/${emilId}`, { followUpIntervalMonths: 3 });
    });
  });

  describe('POST /api/cases/:caseId/members', () => {
    it('refuses mass assignment of case, adder, owner flag and time', async () => {
      for (const extra of [{ caseId: idaId }, { addedBy: daycareId }, { isOwner: true }, { addedAt: '2000-01-01T00:00:00Z' }, { ownerId: daycareId }]) {
        expectValidation(await json('POST', `/api/cases/${emilId}/members`, { userId: daycareId, role: 'daycare', ...extra }), Object.keys(extra));
      }
      await expectDatabaseUnchanged();
    });

    it('refuses roles that do not exist or that the account may not have', async () => {
      expectValidation(await json('POST', `/api/cases/${emilId}/members`, { userId: daycareId, role: 'owner' }), ['role']);
      expectValidation(await json('POST', `/api/cases/${emilId}/members`, { userId: daycareId, role: 'admin' }), ['role']);
      const wrongRole = await json('POST', `/api/cases/${emilId}/members`, { userId: daycareId, role: 'caseworker' });
      expect(wrongRole.status).toBe(409);
      expect(wrongRole.body.error?.code).toBe('CaseRoleNotAllowed');
      const teamleaderAsSchool = await json('POST', `/api/cases/${emilId}/members`, { userId: teamleaderId, role: 'school' });
      expect(teamleaderAsSchool.status).toBe(409);
      await expectDatabaseUnchanged();
    });

    it('refuses wrong types, missing fields, malformed JSON and an oversize body', async () => {
      expectValidation(await json('POST', `/api/cases/${emilId}/members`, { userId: 'not-a-uuid', role: 'daycare' }), ['userId']);
      expectValidation(await json('POST', `/api/cases/${emilId}/members`, { userId: 12, role: 3 }), ['userId', 'role']);
      expectValidation(await json('POST', `/api/cases/${emilId}/members`, {}), ['userId', 'role']);
      const malformed = await send('POST', `/api/cases/${emilId}/members`, "{'userId': 1}");
      expect(malformed.status).toBe(400);
      expect(malformed.body.error?.code).toBe('MalformedJson');
      const oversize = await send('POST', `/api/cases/${emilId}/members`, JSON.stringify({ userId: daycareId, role: 'daycare', pad: 'x'.repeat(120 * 1024) }));
      expect(oversize.status).toBe(413);
      expect(oversize.body.error?.code).toBe('PayloadTooLarge');
      await expectDatabaseUnchanged();
    });
  });

  describe('other routes', () => {
    it('refuses an oversize login body before looking at it', async () => {
      const response = await fetch(`${t.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'caseworker@samraad.example', password: 'x'.repeat(200 * 1024) }),
      });
      expect(response.status).toBe(413);
      await expectDatabaseUnchanged();
    });

    it('refuses a bad member id in the path with a 404 of the member, not a 500', async () => {
      const reply = await send('DELETE', `/api/cases/${emilId}/members/not-a-uuid`, undefined);
      expect(reply.status).toBe(404);
      expect(reply.body.error?.code).toBe('MemberNotFound');
      await expectDatabaseUnchanged();
    });

    it('refuses bad query parameters on the access log with field details', async () => {
      expectValidation(await send('GET', `/api/cases/${emilId}/audit?limit=0`, undefined), ['limit']);
      expectValidation(await send('GET', `/api/cases/${emilId}/audit?limit=abc`, undefined), ['limit']);
      expectValidation(await send('GET', `/api/cases/${emilId}/audit?before=1;DROP`, undefined), ['before']);
      expectValidation(await send('GET', `/api/cases/${emilId}/audit?sort=seq`, undefined), ['sort']);
    });
  });
});
