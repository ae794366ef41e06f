import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type OpenedDatabase, openDatabase } from '../../data-source.js';
import { TransactionHost } from '../../transaction-host.js';
import { type StatementVisibility, type TimelineScope, TimelineRepository } from './timeline.repository.js';

interface Entry {
  at: string;
  kind: string;
  id: string;
  title: string;
  detail: Record<string, unknown>;
}

/** The timeline's one statement on the real database: who sees what, the entries' shape, the order. */
describe('TimelineRepository', () => {
  let database: OpenedDatabase;
  let timelines: TimelineRepository;
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => ((await database.dataSource.query(sql, params)) as T[])[0]!;
  const ids: Record<string, string> = {};
  const read = async (scope: Partial<TimelineScope>): Promise<Entry[]> =>
    JSON.parse(await timelines.forCase({ caseId: ids['case']!, meetings: 'all', observations: true, statements: null, revisions: true, ...scope })) as Entry[];

  beforeAll(async () => {
    database = await openDatabase({});
    timelines = new TimelineRepository(new TransactionHost(database.dataSource));
    const m = (await one<{ id: string }>(`INSERT INTO municipalities (name) VALUES ('Testkommune') RETURNING id`)).id;
    const organisation = async (name: string, kind: string) => (await one<{ id: string }>(`INSERT INTO organisations (municipality_id, name, kind) VALUES ($1, $2, $3) RETURNING id`, [m, name, kind])).id;
    ids['department'] = await organisation('Familieafdelingen', 'department');
    ids['schoolOrg'] = await organisation('Skolen', 'school');
    ids['healthOrg'] = await organisation('Sundhedsplejen', 'health_visitor_service');
    const user = async (key: string, role: string, organisationId: string | null, name: string) =>
      (ids[key] = (await one<{ id: string }>(`INSERT INTO users (municipality_id, organisation_id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5, 'x') RETURNING id`, [m, organisationId, `${key}@test.example`, name, role])).id);
    await user('caseworker', 'caseworker', ids['department']!, 'Sara Sagsbehandler');
    await user('teacher', 'school', ids['schoolOrg']!, 'Lærer "Lis"');
    await user('colleague', 'school', ids['schoolOrg']!, 'Kollega Kim');
    await user('nurse', 'health_visitor', ids['healthOrg']!, 'Sundhedsplejerske Sif');
    await user('parent', 'parent', null, 'Mor');
    ids['case'] = (await one<{ id: string }>(`INSERT INTO cases (municipality_id, organisation_id, owner_id, child_name, child_birth_year) VALUES ($1, $2, $3, 'Emil', 2016) RETURNING id`, [m, ids['department'], ids['caseworker']])).id;
    const meeting = async (title: string, startsAt: string, concludedAt: string | null) =>
      (
        await one<{ id: string }>(
          `INSERT INTO meetings (case_id, title, starts_at, duration_minutes, status, next_follow_up_date, responsible_user_id, concluded_at, concluded_by, created_by)
           VALUES ($1, $2, $3, 60, $4, $5, $6, $7, $6, $8) RETURNING id`,
          [ids['case'], title, startsAt, concludedAt ? 'concluded' : 'planned', concludedAt ? '2027-03-01' : null, concludedAt ? ids['caseworker'] : null, concludedAt, ids['caseworker']],
        )
      ).id;
    ids['held'] = await meeting('Opfølgning 1', '2026-11-02T09:00:00.123456Z', '2026-11-02T10:30:00Z');
    ids['planned'] = await meeting('Opfølgning 2', '2027-02-15T09:00:00Z', null);
    await database.dataSource.query(`INSERT INTO meeting_participants (meeting_id, user_id) VALUES ($1, $2)`, [ids['held'], ids['parent']]);
    // Two entries at the same millisecond: an observation and a statement (the sources' order decides).
    ids['observation'] = (
      await one<{ id: string }>(`INSERT INTO observations (case_id, author_id, observed_on, kind, area, text, created_at) VALUES ($1, $2, '2026-11-10', 'concern', 'school', 'Kom for sent', '2026-11-10T12:00:00.5Z') RETURNING id`, [ids['case'], ids['teacher']])
    ).id;
    const statement = async (author: string, organisationId: string, shared: boolean, submittedAt: string) =>
      (
        await one<{ id: string }>(
          `INSERT INTO statements (case_id, author_id, author_organisation_id, goal_entries, free_text, reviewed_with_family, shared_with_members, submitted_at, submitted_late)
           VALUES ($1, $2, $3, '[]', 'tekst', true, $4, $5, $6) RETURNING id`,
          [ids['case'], ids[author], organisationId, shared, submittedAt, author === 'nurse'],
        )
      ).id;
    ids['teacherStatement'] = await statement('teacher', ids['schoolOrg']!, false, '2026-11-10T12:00:00.5Z');
    ids['nurseStatement'] = await statement('nurse', ids['healthOrg']!, false, '2026-10-20T08:00:00Z');
    ids['sharedStatement'] = await statement('nurse', ids['healthOrg']!, true, '2026-10-21T08:00:00Z');
    await database.dataSource.query(`INSERT INTO goals (case_id, id, title, status, position) VALUES ($1, 'goal-1', 'Emil kommer i skole', 'active', 0)`, [ids['case']]);
    await database.dataSource.query(`INSERT INTO goal_revisions (case_id, goal_id, title, meeting_id, revised_at) VALUES ($1, 'goal-1', 'Emil kommer i skole', $2, '2026-11-02T09:45:00Z')`, [ids['case'], ids['held']]);
  });
  afterAll(async () => {
    await database?.close();
  });

  const all = (): StatementVisibility => ({ all: true, userId: ids['caseworker']!, organisationId: null });

  it('writes every kind of entry in its shape, times as toISOString writes them, newest first', async () => {
    const entries = await read({ statements: all() });
    expect(entries).toEqual([
      { at: '2027-02-15T09:00:00.000Z', kind: 'meeting', id: ids['planned'], title: 'Opfølgning 2', detail: { status: 'planned' } },
      { at: '2026-11-10T12:00:00.500Z', kind: 'observation', id: ids['observation'], title: 'Lærer "Lis"', detail: { kind: 'concern', area: 'school', observedOn: '2026-11-10' } },
      { at: '2026-11-10T12:00:00.500Z', kind: 'statement', id: ids['teacherStatement'], title: 'Lærer "Lis"', detail: { version: 1, late: false } },
      { at: '2026-11-02T10:30:00.000Z', kind: 'meeting_concluded', id: ids['held'], title: 'Opfølgning 1', detail: { nextFollowUpDate: '2027-03-01' } },
      { at: '2026-11-02T09:45:00.000Z', kind: 'goal_revision', id: 'goal-1', title: 'Emil kommer i skole', detail: { meetingId: ids['held'] } },
      { at: '2026-11-02T09:00:00.123Z', kind: 'meeting', id: ids['held'], title: 'Opfølgning 1', detail: { status: 'concluded' } },
      { at: '2026-10-21T08:00:00.000Z', kind: 'statement', id: ids['sharedStatement'], title: 'Sundhedsplejerske Sif', detail: { version: 1, late: true } },
      { at: '2026-10-20T08:00:00.000Z', kind: 'statement', id: ids['nurseStatement'], title: 'Sundhedsplejerske Sif', detail: { version: 1, late: true } },
    ]);
  });

  it('shows a non-lead only the meetings they take part in', async () => {
    const entries = await read({ meetings: { participant: ids['parent']! }, observations: false, revisions: false });
    expect(entries.map((entry) => [entry.kind, entry.id])).toEqual([
      ['meeting_concluded', ids['held']],
      ['meeting', ids['held']],
    ]);
    expect(await read({ meetings: { participant: ids['colleague']! }, observations: false, revisions: false })).toEqual([]);
  });

  it('shows the statements a visibility allows: own, shared and the organisation’s, or all', async () => {
    const statementIds = async (statements: StatementVisibility | null) =>
      (await read({ statements, observations: false, revisions: false, meetings: { participant: ids['colleague']! } })).map((entry) => entry.id).sort();
    // The teacher's own; the shared one; not the nurse's own.
    expect(await statementIds({ all: false, userId: ids['teacher']!, organisationId: ids['schoolOrg']! })).toEqual([ids['teacherStatement'], ids['sharedStatement']].sort());
    // A colleague in the teacher's organisation sees the teacher's statement too.
    expect(await statementIds({ all: false, userId: ids['colleague']!, organisationId: ids['schoolOrg']! })).toEqual([ids['teacherStatement'], ids['sharedStatement']].sort());
    // Without an organisation: only the shared one.
    expect(await statementIds({ all: false, userId: ids['parent']!, organisationId: null })).toEqual([ids['sharedStatement']]);
    expect(await statementIds({ ...all(), userId: ids['parent']! })).toEqual([ids['teacherStatement'], ids['nurseStatement'], ids['sharedStatement']].sort());
    expect(await statementIds(null)).toEqual([]);
  });

  it('leaves out observations and revisions when the role may not read them, and answers [] for a case without entries', async () => {
    const kinds = (await read({ observations: false, revisions: false, statements: null })).map((entry) => entry.kind);
    expect(kinds).not.toContain('observation');
    expect(kinds).not.toContain('goal_revision');
    expect(await timelines.forCase({ caseId: '00000000-0000-4000-8000-000000000000', meetings: 'all', observations: true, statements: all(), revisions: true })).toBe('[]');
  });
});
