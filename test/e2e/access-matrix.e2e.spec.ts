/**
 * The IDOR matrix. Every route whose path has a `{caseId}` is taken from the app's own OpenAPI
 * document, so a route added later is covered without touching this file: a non-member gets
 * exactly the 404 of a case that does not exist, a member gets 403 exactly where the permission
 * matrix says so, and every denial is in the audit log. A case route without `x-case-access`
 * (that is, without @CaseScoped) fails the test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hashPassword } from '@samraad/auth';
import { can, type CaseAction, type CaseResource, type CaseRole } from '@samraad/domain';
import { CasesRepository, OrganisationsRepository, UsersRepository } from '@samraad/persistence';
import { loginAs, seedDemo, startTestApp, type TestApp } from '../helpers/test-app.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** Each test walks every case route; the list grows with every module. */
const PER_TEST_TIMEOUT_MS = 240_000;

interface CaseOperation {
  method: (typeof METHODS)[number];
  /** OpenAPI path, e.g. `/api/cases/{caseId}/members/{userId}`. */
  path: string;
  access: { resource: CaseResource; action: CaseAction } | undefined;
  /** Path parameters other than caseId. */
  otherParams: string[];
}

interface Reply {
  status: number;
  text: string;
}

/** Parameters that name a member of the case: filled with a real member so the route can succeed. */
const MEMBER_PARAMS = new Set(['userId', 'memberId']);

/** The demo members of case Emil (and the team leader, who oversees it), by login key. */
const EMIL_ROLES: [key: string, role: CaseRole][] = [
  ['caseworker', 'caseworker'],
  ['teamleader', 'team_leader'],
  ['school', 'school'],
  ['healthvisitor', 'health_visitor'],
  ['provider', 'provider'],
  ['parent', 'parent'],
  ['child', 'child'],
];

describe('access matrix over every case-scoped route', () => {
  let t: TestApp;
  let operations: CaseOperation[];
  let emilId: string;
  let idaId: string;
  /** A network member of Emil, used for `{userId}`-like parameters; re-added whenever a request removed it. */
  let spareMemberId: string;
  const tokens = new Map<string, string>();
  const userIds = new Map<string, string>();

  const expressRoute = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

  function urlFor(op: CaseOperation, caseId: string): string {
    let path = op.path.replace('{caseId}', caseId);
    for (const param of op.otherParams) path = path.replace(`{${param}}`, MEMBER_PARAMS.has(param) ? spareMemberId : randomUUID());
    return `${t.url}${path}`;
  }

  async function call(op: CaseOperation, caseId: string, token: string): Promise<Reply> {
    const hasBody = op.method === 'post' || op.method === 'put' || op.method === 'patch';
    const response = await fetch(urlFor(op, caseId), {
      method: op.method.toUpperCase(),
      headers: { authorization: `Bearer ${token}`, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
      body: hasBody ? '{}' : undefined,
    });
    return { status: response.status, text: await response.text() };
  }

  async function deniedEntries(actorKey: string, caseId: string, op: CaseOperation, reason: string): Promise<{ actor_role: string }[]> {
    return (await t.dataSource.query(
      `SELECT actor_role FROM audit_entries
        WHERE actor_id = $1 AND case_id = $2 AND outcome = 'denied'
          AND detail->>'method' = $3 AND detail->>'route' = $4 AND detail->>'reason' = $5`,
      [userIds.get(actorKey), caseId, op.method.toUpperCase(), expressRoute(op.path), reason],
    )) as { actor_role: string }[];
  }

  async function ensureSpareMember(): Promise<void> {
    const cases = t.app.get(CasesRepository);
    if (!(await cases.findMember(emilId, spareMemberId))) await cases.addMember(emilId, spareMemberId, 'network', null);
  }

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    const cases = (await t.dataSource.query(`SELECT id, child_name FROM cases`)) as { id: string; child_name: string }[];
    emilId = cases.find((c) => c.child_name === 'Emil (demo)')!.id;
    idaId = cases.find((c) => c.child_name === 'Ida (demo)')!.id;
    for (const row of (await t.dataSource.query(`SELECT id, email FROM users`)) as { id: string; email: string }[]) userIds.set(row.email.split('@')[0]!, row.id);

    const users = t.app.get(UsersRepository);
    const organisations = t.app.get(OrganisationsRepository);
    const password = 'a-long-enough-password-for-tests';
    const passwordHash = await hashPassword(password);

    // A network member of Emil in the demo municipality.
    const demoMunicipality = (await organisations.findMunicipalityByName('Demo Kommune'))!;
    const spare = await users.create({ municipalityId: demoMunicipality.id, organisationId: null, email: 'spare-network@samraad.example', displayName: 'Spare', role: 'network', passwordHash, locale: 'da' });
    spareMemberId = spare.id;
    await ensureSpareMember();

    // A caseworker of a second municipality, with a stray membership row in Emil: even that must not let them in.
    const other = await organisations.createMunicipality('Anden Kommune');
    const department = await organisations.create(other.id, 'Anden afdeling', 'department');
    const foreign = await users.create({ municipalityId: other.id, organisationId: department.id, email: 'foreign@anden.example', displayName: 'Fremmed', role: 'caseworker', passwordHash, locale: 'da' });
    userIds.set('foreign', foreign.id);
    await t.app.get(CasesRepository).addMember(emilId, foreign.id, 'caseworker', null);
    const login = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'foreign@anden.example', password }) });
    expect(login.status).toBe(200);
    tokens.set('foreign', ((await login.json()) as { accessToken: string }).accessToken);

    for (const key of ['caseworker', 'teamleader', 'school', 'daycare', 'healthvisitor', 'provider', 'parent', 'child']) tokens.set(key, await loginAs(t, key));

    const document = (await (await fetch(`${t.url}/api/docs-json`)).json()) as { paths: Record<string, Record<string, { 'x-case-access'?: { resource: CaseResource; action: CaseAction } }>> };
    operations = [];
    for (const [path, item] of Object.entries(document.paths)) {
      if (!path.includes('{caseId}')) continue;
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const otherParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((name) => name !== 'caseId');
        operations.push({ method, path, access: operation['x-case-access'], otherParams });
      }
    }
    // Requests that may remove something run last, so earlier checks see the seeded case intact.
    operations.sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));
  });
  afterAll(() => t.close());

  it('finds the case routes in the OpenAPI document, each with x-case-access', () => {
    const paths = operations.map((op) => `${op.method.toUpperCase()} ${op.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /api/cases/{caseId}',
        'PATCH /api/cases/{caseId}',
        'GET /api/cases/{caseId}/members',
        'POST /api/cases/{caseId}/members',
        'DELETE /api/cases/{caseId}/members/{userId}',
        'GET /api/cases/{caseId}/audit',
      ]),
    );
    const unchecked = operations.filter((op) => op.path.startsWith('/api/cases/{caseId}') && !op.access).map((op) => `${op.method.toUpperCase()} ${op.path}`);
    expect(unchecked).toEqual([]);
    for (const op of operations.filter((o) => o.access)) {
      expect(['read', 'write']).toContain(op.access!.action);
    }
  });

  it.each([
    ['daycare', 'Emil'],
    ['school', 'Ida'],
    ['foreign', 'Emil'],
    ['foreign', 'Ida'],
  ])('a non-member (%s on case %s) gets exactly the 404 of a case that does not exist, and the denial is audited', async (key, caseName) => {
    const caseId = caseName === 'Emil' ? emilId : idaId;
    const token = tokens.get(key)!;
    const failures: string[] = [];
    for (const op of operations) {
      const label = `${op.method.toUpperCase()} ${op.path}`;
      const missingId = randomUUID();
      const reference = await call(op, missingId, token);
      const notAUuid = await call(op, 'not-a-case-id', token);
      const before = (await deniedEntries(key, caseId, op, 'not_member')).length;
      const reply = await call(op, caseId, token);
      if (reference.status !== 404 || JSON.parse(reference.text).error?.code !== 'CaseNotFound') failures.push(`${label}: a missing case gave ${reference.status} ${reference.text}`);
      if (notAUuid.status !== 404 || notAUuid.text !== reference.text) failures.push(`${label}: a malformed case id gave ${notAUuid.status} ${notAUuid.text}`);
      if (reply.status !== 404 || reply.text !== reference.text) failures.push(`${label}: non-member got ${reply.status} ${reply.text}`);
      const after = await deniedEntries(key, caseId, op, 'not_member');
      if (after.length !== before + 1) failures.push(`${label}: denial not audited (${before} → ${after.length})`);
      if ((await deniedEntries(key, missingId, op, 'not_member')).length !== 1) failures.push(`${label}: the missing case's denial not audited`);
    }
    expect(failures).toEqual([]);
  }, PER_TEST_TIMEOUT_MS);

  it.each(EMIL_ROLES)('a member (%s as %s) gets 403 exactly where the permission matrix denies, and the denial is audited', async (key, role) => {
    const token = tokens.get(key)!;
    const failures: string[] = [];
    let denied = 0;
    for (const op of operations.filter((o) => o.access)) {
      const label = `${op.method.toUpperCase()} ${op.path}`;
      const { resource, action } = op.access!;
      await ensureSpareMember();
      const before = (await deniedEntries(key, emilId, op, 'no_permission')).length;
      const reply = await call(op, emilId, token);
      if (!can(role, resource, action)) {
        denied += 1;
        if (reply.status !== 403 || JSON.parse(reply.text).error?.code !== 'Forbidden') failures.push(`${label}: ${role} may not ${action} ${resource} but got ${reply.status} ${reply.text}`);
        const after = await deniedEntries(key, emilId, op, 'no_permission');
        if (after.length !== before + 1) failures.push(`${label}: denial not audited`);
        else if (after.some((entry) => entry.actor_role !== role)) failures.push(`${label}: denial audited with role ${after.map((e) => e.actor_role).join()}`);
      } else {
        const code = reply.text ? (JSON.parse(reply.text) as { error?: { code?: string } }).error?.code : undefined;
        // Parameters we could not fill with a real id (a meeting, a document) may name nothing: a
        // 404 of that thing is fine, but never the case's own 404.
        const notFoundOfOther = reply.status === 404 && code !== 'CaseNotFound' && op.otherParams.some((p) => !MEMBER_PARAMS.has(p));
        if (reply.status === 401 || reply.status === 403 || (reply.status === 404 && !notFoundOfOther) || reply.status >= 500) {
          failures.push(`${label}: ${role} may ${action} ${resource} but got ${reply.status} ${reply.text}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The demo roles besides caseworker are each denied something on the foundation routes.
    if (role !== 'caseworker') expect(denied).toBeGreaterThan(0);
  }, PER_TEST_TIMEOUT_MS);

  it('a removed member loses access with their very next request', async () => {
    const school = tokens.get('school')!;
    const get = () => fetch(`${t.url}/api/cases/${emilId}`, { headers: { authorization: `Bearer ${school}` } });
    expect((await get()).status).toBe(200);
    const removed = await fetch(`${t.url}/api/cases/${emilId}/members/${userIds.get('school')}`, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.get('caseworker')}` } });
    expect(removed.status).toBe(204);
    const after = await get();
    expect(after.status).toBe(404);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe('CaseNotFound');
    await t.app.get(CasesRepository).addMember(emilId, userIds.get('school')!, 'school', null);
  });
});
