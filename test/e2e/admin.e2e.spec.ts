import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OrganisationsRepository } from '@samraad/persistence';
import { loginAs, seedDemo, startTestApp, type TestApp } from '../helpers/test-app.js';

describe('administration of organisations and users', () => {
  let t: TestApp;
  let adminToken: string;
  let adminId: string;

  async function request(method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; json: any; text: string }> {
    const response = await fetch(`${t.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null, text };
  }

  async function login(email: string, password: string): Promise<{ status: number; token?: string }> {
    const reply = await request('POST', '/api/auth/login', undefined, { email, password });
    return { status: reply.status, token: reply.json?.accessToken };
  }

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    adminToken = await loginAs(t, 'admin');
    const [row] = (await t.dataSource.query(`SELECT id FROM users WHERE email = 'admin@samraad.example'`)) as { id: string }[];
    adminId = row!.id;
  });
  afterAll(() => t.close());

  it('an admin creates an organisation and a user who can then log in; the password is stored as argon2id', async () => {
    const org = await request('POST', '/api/admin/organisations', adminToken, { name: 'Nordskolen', kind: 'school' });
    expect(org.status).toBe(201);
    expect(org.json).toEqual({ id: expect.any(String), name: 'Nordskolen', kind: 'school' });
    expect((await request('GET', '/api/organisations', adminToken)).json).toEqual(expect.arrayContaining([org.json]));

    const password = 'a-strong-enough-password';
    const user = await request('POST', '/api/admin/users', adminToken, { email: 'Ny.Laerer@Nordskolen.example', displayName: 'Ny Lærer', role: 'school', password, organisationId: org.json.id });
    expect(user.status).toBe(201);
    expect(user.json).toEqual({ id: expect.any(String), email: 'ny.laerer@nordskolen.example', displayName: 'Ny Lærer', role: 'school', organisationId: org.json.id });
    expect(user.text).not.toContain(password);
    expect(user.text).not.toContain('argon2');

    const [stored] = (await t.dataSource.query('SELECT password_hash, municipality_id FROM users WHERE id = $1', [user.json.id])) as { password_hash: string; municipality_id: string }[];
    expect(stored!.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored!.password_hash).not.toContain(password);
    const [admin] = (await t.dataSource.query('SELECT municipality_id FROM users WHERE id = $1', [adminId])) as { municipality_id: string }[];
    expect(stored!.municipality_id).toBe(admin!.municipality_id);

    const session = await login('ny.laerer@nordskolen.example', password);
    expect(session.status).toBe(200);
    const me = await request('GET', '/api/auth/me', session.token);
    expect(me.json).toMatchObject({ id: user.json.id, role: 'school', organisationId: org.json.id });
    expect((await login('ny.laerer@nordskolen.example', 'wrong-password-here')).status).toBe(401);

    const audited = (await t.dataSource.query(`SELECT action, detail->>'userId' AS "userId" FROM audit_entries WHERE actor_id = $1 AND outcome = 'success' AND action IN ('organisation.create', 'user.create')`, [adminId])) as { action: string; userId: string | null }[];
    expect(audited).toEqual(expect.arrayContaining([{ action: 'organisation.create', userId: null }, { action: 'user.create', userId: user.json.id }]));
  });

  it('creates a family account without an organisation', async () => {
    const reply = await request('POST', '/api/admin/users', adminToken, { email: 'far@familie.example', displayName: 'Far', role: 'parent', password: 'parent-password-123' });
    expect(reply.status).toBe(201);
    expect(reply.json).toMatchObject({ role: 'parent', organisationId: null });
    expect((await login('far@familie.example', 'parent-password-123')).status).toBe(200);
  });

  it('refuses a non-admin with 403, audits it and creates nothing', async () => {
    const [before] = (await t.dataSource.query('SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM organisations)::int AS orgs')) as { users: number; orgs: number }[];
    const [schoolOrg] = (await t.dataSource.query(`SELECT id FROM organisations WHERE kind = 'school' LIMIT 1`)) as { id: string }[];
    for (const key of ['caseworker', 'teamleader', 'school', 'parent']) {
      const token = await loginAs(t, key);
      const org = await request('POST', '/api/admin/organisations', token, { name: 'Skyggeskolen', kind: 'school' });
      expect([key, org.status, org.json]).toEqual([key, 403, { error: { code: 'Forbidden', message: expect.any(String) } }]);
      const user = await request('POST', '/api/admin/users', token, { email: `sneaky-${key}@x.example`, displayName: 'X', role: 'admin', password: 'sneaky-password-123', organisationId: schoolOrg!.id });
      expect([key, user.status]).toEqual([key, 403]);
    }
    const [after] = (await t.dataSource.query('SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM organisations)::int AS orgs')) as { users: number; orgs: number }[];
    expect(after).toEqual(before);
    const [denied] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entries WHERE outcome = 'denied' AND action IN ('organisation.create', 'user.create')`)) as { n: number }[];
    expect(denied!.n).toBe(8);
  });

  it('refuses a duplicate e-mail with 409, whatever its letter case', async () => {
    const [department] = (await t.dataSource.query(`SELECT id FROM organisations WHERE kind = 'department' LIMIT 1`)) as { id: string }[];
    const body = { displayName: 'Dublet', role: 'caseworker', password: 'duplicate-password-1', organisationId: department!.id };
    const first = await request('POST', '/api/admin/users', adminToken, { ...body, email: 'dublet@samraad.example' });
    expect(first.status).toBe(201);
    for (const email of ['dublet@samraad.example', 'DUBLET@samraad.example', 'caseworker@samraad.example']) {
      const again = await request('POST', '/api/admin/users', adminToken, { ...body, email });
      expect([email, again.status, again.json?.error?.code]).toEqual([email, 409, 'EmailTaken']);
    }
    const [count] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email = 'dublet@samraad.example'`)) as { n: number }[];
    expect(count!.n).toBe(1);
  });

  it('refuses concurrent creation of the same e-mail with one 201 and the rest 409, never a 500', async () => {
    const [department] = (await t.dataSource.query(`SELECT id FROM organisations WHERE kind = 'department' LIMIT 1`)) as { id: string }[];
    const body = { email: 'samtidig@samraad.example', displayName: 'Samtidig', role: 'caseworker', password: 'concurrent-password-1', organisationId: department!.id };
    const replies = await Promise.all(Array.from({ length: 4 }, () => request('POST', '/api/admin/users', adminToken, body)));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it('refuses an organisation of the wrong kind or of another municipality, and bad fields', async () => {
    const [daycare] = (await t.dataSource.query(`SELECT id FROM organisations WHERE kind = 'daycare' LIMIT 1`)) as { id: string }[];
    const wrongKind = await request('POST', '/api/admin/users', adminToken, { email: 'a@b.example', displayName: 'A', role: 'school', password: 'long-enough-password', organisationId: daycare!.id });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.json.error.fields.organisationId).toEqual(expect.any(Array));

    const organisations = t.app.get(OrganisationsRepository);
    const other = await organisations.createMunicipality('Fremmed Kommune');
    const foreignSchool = await organisations.create(other.id, 'Fremmed skole', 'school');
    const foreign = await request('POST', '/api/admin/users', adminToken, { email: 'c@d.example', displayName: 'C', role: 'school', password: 'long-enough-password', organisationId: foreignSchool.id });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.fields.organisationId).toEqual(expect.any(Array));
    expect((await request('GET', '/api/organisations', adminToken)).json.map((o: { id: string }) => o.id)).not.toContain(foreignSchool.id);

    const invalid = await request('POST', '/api/admin/users', adminToken, { email: 'not-an-email', displayName: '', role: 'superuser', password: 'short', municipalityId: other.id });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.json.error.fields).sort()).toEqual(['displayName', 'email', 'municipalityId', 'password', 'role']);
    const badKind = await request('POST', '/api/admin/organisations', adminToken, { name: 'X', kind: 'prison' });
    expect(badKind.status).toBe(400);
    expect(Object.keys(badKind.json.error.fields)).toEqual(['kind']);
  });

  it('gives an admin no case data', async () => {
    const list = await request('GET', '/api/cases', adminToken);
    expect(list.status).toBe(200);
    expect(list.json).toEqual([]);
    const [emil] = (await t.dataSource.query(`SELECT id FROM cases WHERE child_name = 'Emil (demo)'`)) as { id: string }[];
    expect((await request('GET', `/api/cases/${emil!.id}`, adminToken)).status).toBe(404);
  });
});
