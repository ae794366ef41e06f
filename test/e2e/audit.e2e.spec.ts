import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hashPassword } from '@samraad/auth';
import { AuditRepository, CasesRepository, openDatabase, OrganisationsRepository, TransactionHost, UsersRepository } from '@samraad/persistence';
import { verifyAudit } from '../../apps/api/src/cli/verify-audit.js';
import { createTestDatabase } from '../helpers/database.js';
import { demoEmail, loginAs, seedDemo, startTestApp, type TestApp } from '../helpers/test-app.js';

interface AuditRow {
  seq: string;
  actor_id: string | null;
  actor_role: string | null;
  organisation_id: string | null;
  action: string;
  case_id: string | null;
  resource: string | null;
  outcome: string;
  detail: Record<string, unknown>;
}

describe('the audit log', () => {
  let t: TestApp;
  let emilId: string;
  let ids: Map<string, string>;
  let otherCaseworkerToken: string;

  async function request(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; text: string; json: unknown }> {
    const response = await fetch(`${t.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, json: text ? JSON.parse(text) : null };
  }

  async function entriesAfter(seq: string): Promise<AuditRow[]> {
    const rows = (await t.dataSource.query(
      `SELECT a.seq::text AS seq, actor_id, actor_role, organisation_id, action, case_id, resource, outcome, detail FROM audit_entries a WHERE a.seq > $1 ORDER BY a.seq`,
      [seq],
    )) as AuditRow[];
    return rows.map((row) => ({ ...row, detail: typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail }));
  }

  async function lastSeq(): Promise<string> {
    const [row] = (await t.dataSource.query(`SELECT coalesce(max(seq), 0)::text AS seq FROM audit_entries`)) as { seq: string }[];
    return row!.seq;
  }

  const repository = () => t.app.get(AuditRepository);

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    const [emil] = (await t.dataSource.query(`SELECT id FROM cases WHERE child_name = 'Emil (demo)'`)) as { id: string }[];
    emilId = emil!.id;
    ids = new Map(((await t.dataSource.query('SELECT id, email FROM users')) as { id: string; email: string }[]).map((u) => [u.email.split('@')[0]!, u.id]));

    // A second caseworker of the same department who is a member of Emil but does not own it.
    const municipality = (await t.app.get(OrganisationsRepository).findMunicipalityByName('Demo Kommune'))!;
    const [caseworker] = (await t.dataSource.query('SELECT organisation_id FROM users WHERE id = $1', [ids.get('caseworker')])) as { organisation_id: string }[];
    const password = 'another-caseworker-password';
    const colleague = await t.app.get(UsersRepository).create({
      municipalityId: municipality.id,
      organisationId: caseworker!.organisation_id,
      email: 'colleague@samraad.example',
      displayName: 'Kollega',
      role: 'caseworker',
      passwordHash: await hashPassword(password),
      locale: 'da',
    });
    ids.set('colleague', colleague.id);
    await t.app.get(CasesRepository).addMember(emilId, colleague.id, 'caseworker', ids.get('caseworker')!);
    const login = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'colleague@samraad.example', password }) });
    otherCaseworkerToken = ((await login.json()) as { accessToken: string }).accessToken;
  });
  afterAll(() => t.close());

  it('records one entry per read and write of a scripted session, with actor, role, case, action and outcome', async () => {
    const start = await lastSeq();
    const caseworkerId = ids.get('caseworker')!;
    const daycareId = ids.get('daycare')!;

    const token = await loginAs(t, 'caseworker');
    expect((await request('GET', '/api/cases', token)).status).toBe(200);
    const read = await request('GET', `/api/cases/${emilId}`, token);
    expect(read.status).toBe(200);
    expect((await request('GET', `/api/cases/${emilId}/members`, token)).status).toBe(200);
    expect((await request('POST', `/api/cases/${emilId}/members`, token, { userId: daycareId, role: 'daycare' })).status).toBe(201);
    expect((await request('DELETE', `/api/cases/${emilId}/members/${daycareId}`, token)).status).toBe(204);
    const log = await request('GET', `/api/cases/${emilId}/audit`, token);
    expect(log.status).toBe(200);

    const entries = await entriesAfter(start);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ['auth.login', 'success'],
      ['case.list', 'success'],
      ['case.read', 'success'],
      ['member.list', 'success'],
      ['member.add', 'success'],
      ['member.remove', 'success'],
      ['audit.read', 'success'],
    ]);
    const [caseworkerOrg] = (await t.dataSource.query('SELECT organisation_id FROM users WHERE id = $1', [caseworkerId])) as { organisation_id: string }[];
    for (const entry of entries) {
      expect(entry.actor_id).toBe(caseworkerId);
      expect(entry.actor_role).toBe('caseworker');
      expect(entry.organisation_id).toBe(caseworkerOrg!.organisation_id);
      expect(entry.resource).toEqual(expect.any(String));
    }
    expect(entries.filter((e) => e.case_id === emilId).map((e) => e.action)).toEqual(['case.read', 'member.list', 'member.add', 'member.remove', 'audit.read']);
    expect(entries.find((e) => e.action === 'member.remove')!.detail).toMatchObject({ userId: daycareId });

    // What the owner sees in the case's log: the case's entries, newest first, with actor and role.
    const shown = log.json as { action: string; actorId: string; actorRole: string; outcome: string }[];
    expect(shown.slice(0, 4).map((e) => e.action)).toEqual(['member.remove', 'member.add', 'member.list', 'case.read']);
    expect(shown[0]).toMatchObject({ actorId: caseworkerId, actorRole: 'caseworker', outcome: 'success' });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit table, through the app’s own connection', async () => {
    const before = await lastSeq();
    await expect(t.dataSource.query(`UPDATE audit_entries SET outcome = 'success' WHERE seq = $1`, [before])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM audit_entries WHERE seq = $1`, [before])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM audit_entries`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`TRUNCATE audit_entries`)).rejects.toThrow(/append-only/);
    expect(await lastSeq()).toBe(before);
    expect((await repository().verifyChain()).ok).toBe(true);
  });

  it('lets only the owning caseworker and team leaders read a case’s log, and audits every reading and refusal', async () => {
    const start = await lastSeq();
    const colleague = await request('GET', `/api/cases/${emilId}/audit`, otherCaseworkerToken);
    expect(colleague.status).toBe(403);
    expect(colleague.json).toEqual({ error: { code: 'Forbidden', message: expect.any(String) } });
    // The colleague is a member all the same and may read the case itself.
    expect((await request('GET', `/api/cases/${emilId}`, otherCaseworkerToken)).status).toBe(200);

    const school = await request('GET', `/api/cases/${emilId}/audit`, await loginAs(t, 'school'));
    expect(school.status).toBe(403);

    const teamleaderToken = await loginAs(t, 'teamleader');
    const teamleader = await request('GET', `/api/cases/${emilId}/audit`, teamleaderToken);
    expect(teamleader.status).toBe(200);
    expect(Array.isArray(teamleader.json)).toBe(true);

    const entries = (await entriesAfter(start)).filter((e) => e.action === 'audit.read');
    expect(entries.map((e) => [e.actor_id, e.actor_role, e.case_id, e.outcome])).toEqual([
      [ids.get('colleague'), 'caseworker', emilId, 'denied'],
      [ids.get('school'), 'school', emilId, 'denied'],
      [ids.get('teamleader'), 'team_leader', emilId, 'success'],
    ]);

    // The next reading shows the previous one.
    const again = (await request('GET', `/api/cases/${emilId}/audit?limit=5`, teamleaderToken)).json as { action: string; actorId: string; outcome: string }[];
    expect(again.length).toBeLessThanOrEqual(5);
    expect(again[0]).toMatchObject({ action: 'audit.read', actorId: ids.get('teamleader'), outcome: 'success' });
  });

  it('keeps a verifiable chain under concurrent requests', async () => {
    const tokens = await Promise.all(['caseworker', 'school', 'parent'].map((key) => loginAs(t, key)));
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) => request('GET', i % 4 === 0 ? '/api/cases' : `/api/cases/${emilId}`, tokens[i % tokens.length]!)),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const report = await repository().verifyChain();
    const [count] = (await t.dataSource.query('SELECT count(*)::int AS n FROM audit_entries')) as { n: number }[];
    expect(report).toEqual({ ok: true, checked: count!.n, brokenAtSeq: null });
  });

  it('fails the request with 503 and serves no data when the audit entry cannot be written', async () => {
    const token = await loginAs(t, 'caseworker');
    const daycareId = ids.get('daycare')!;
    await t.dataSource.query(`CREATE FUNCTION test_audit_unavailable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store down'; END $$`);
    await t.dataSource.query(`CREATE TRIGGER tr_test_audit_unavailable BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION test_audit_unavailable()`);
    try {
      const unavailable = { error: { code: 'AuditUnavailable', message: expect.any(String) } };
      for (const path of [`/api/cases/${emilId}`, `/api/cases/${emilId}/members`, '/api/cases', `/api/cases/${emilId}/audit`]) {
        const reply = await request('GET', path, token);
        expect([path, reply.status]).toEqual([path, 503]);
        expect(reply.json).toEqual(unavailable);
        expect(reply.text).not.toContain('Emil');
        expect(reply.text).not.toContain('audit store down');
      }
      // A write is rolled back with its missing entry.
      const add = await request('POST', `/api/cases/${emilId}/members`, token, { userId: daycareId, role: 'daycare' });
      expect(add.status).toBe(503);
      const patch = await request('PATCH', `/api/cases/${emilId}`, token, { childName: 'Changed without a trace' });
      expect(patch.status).toBe(503);
      // Nor does a login succeed unaudited.
      const login = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: demoEmail('school'), password: 'samraad-demo' }) });
      expect(login.status).toBe(503);
      expect(login.headers.get('set-cookie')).toBeNull();
    } finally {
      await t.dataSource.query('DROP TRIGGER tr_test_audit_unavailable ON audit_entries');
      await t.dataSource.query('DROP FUNCTION test_audit_unavailable()');
    }
    expect(await t.dataSource.query('SELECT 1 FROM case_members WHERE case_id = $1 AND user_id = $2', [emilId, daycareId])).toEqual([]);
    const [row] = (await t.dataSource.query('SELECT child_name FROM cases WHERE id = $1', [emilId])) as { child_name: string }[];
    expect(row!.child_name).toBe('Emil (demo)');
    expect((await request('GET', `/api/cases/${emilId}`, token)).status).toBe(200);
    expect((await repository().verifyChain()).ok).toBe(true);
  });

  it('verification detects a row modified behind the triggers, and names its seq', async () => {
    expect((await repository().verifyChain()).ok).toBe(true);
    const [target] = (await t.dataSource.query(`SELECT seq::text AS seq FROM audit_entries WHERE action = 'case.read' ORDER BY audit_entries.seq LIMIT 1`)) as { seq: string }[];
    await t.dataSource.transaction(async (manager) => {
      await manager.query('ALTER TABLE audit_entries DISABLE TRIGGER USER');
      await manager.query(`UPDATE audit_entries SET outcome = 'denied' WHERE seq = $1`, [target!.seq]);
      await manager.query('ALTER TABLE audit_entries ENABLE TRIGGER USER');
    });
    const report = await repository().verifyChain();
    expect(report.ok).toBe(false);
    expect(report.brokenAtSeq).toBe(target!.seq);
    const [earlier] = (await t.dataSource.query('SELECT count(*)::int AS n FROM audit_entries WHERE seq < $1', [target!.seq])) as { n: number }[];
    expect(report.checked).toBe(earlier!.n);
  });
});

describe('npm run audit:verify', () => {
  it('exits 0 on an intact chain and 1 naming the seq of a modified row', async () => {
    const database = await createTestDatabase();
    const dataDir = database.url ? undefined : mkdtempSync(join(tmpdir(), 'samraad-audit-'));
    // No JWT_SECRET: the verifier must not need one.
    const env = { LOG_LEVEL: 'error', ...(database.url ? { DATABASE_URL: database.url } : { SAMRAAD_DATA_DIR: dataDir }) };
    const lines: string[] = [];
    const out = { log: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
    try {
      // A database that was never migrated (or does not exist) is an error, and is left as it was.
      expect(await verifyAudit(database.url ? env : { ...env, SAMRAAD_DATA_DIR: join(dataDir!, 'missing') }, out)).toBe(1);
      expect(lines.pop()).toMatch(/failed|No database/);
      if (database.url) {
        const probe = await openDatabase({ url: database.url, migrate: false });
        expect(await probe.dataSource.query(`SELECT to_regclass('public.audit_entries') AS t`)).toEqual([{ t: null }]);
        await probe.close();
      } else {
        expect(existsSync(join(dataDir!, 'missing'))).toBe(false);
      }

      const opened = await openDatabase({ url: database.url, dataDir });
      const audit = new AuditRepository(new TransactionHost(opened.dataSource));
      for (let i = 0; i < 5; i += 1) {
        await audit.append({ actorId: null, actorRole: 'admin', organisationId: null, action: `test.${i}`, caseId: null, resource: 'test', outcome: 'success', ip: null, detail: { i } });
      }
      await opened.close();

      expect(await verifyAudit(env, out)).toBe(0);
      expect(lines.pop()).toMatch(/intact: 5 entries/);

      const reopened = await openDatabase({ url: database.url, dataDir });
      await reopened.dataSource.transaction(async (manager) => {
        await manager.query('ALTER TABLE audit_entries DISABLE TRIGGER USER');
        await manager.query(`UPDATE audit_entries SET detail = '{"i": 99}' WHERE action = 'test.3'`);
        await manager.query('ALTER TABLE audit_entries ENABLE TRIGGER USER');
      });
      const [row] = (await reopened.dataSource.query(`SELECT seq::text AS seq FROM audit_entries WHERE action = 'test.3'`)) as { seq: string }[];
      await reopened.close();

      expect(await verifyAudit(env, out)).toBe(1);
      expect(lines.pop()).toContain(`BROKEN at seq ${row!.seq}`);
    } finally {
      await database.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
    // Opening an on-disk PGlite database several times is slow under a parallel suite.
  }, 180_000);
});
