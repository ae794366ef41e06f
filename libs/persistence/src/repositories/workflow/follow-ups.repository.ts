import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../transaction-host.js';
import { jsonArray, jsonObject, memberOf } from '../sql-fragments.js';

/**
 * The order of every overview list: by next follow-up (so the overdue ones lead), cases without a
 * date last, then by name; the id breaks ties, so that pages of a list neither overlap nor skip.
 */
const CASE_ORDER = `c.next_follow_up_date ASC NULLS LAST, c.child_name, c.id`;

/**
 * One overview row as JSON (a `CaseOverviewRow`), over `c` (the case) and the relations `owner`,
 * `requests` (overdue) and `nm` (the next meeting) that each statement below provides in its own
 * way. $2 is today, $3 now. The open requests and concerns are counts kept on the case (migration
 * 1763900013000), not counted per case on every request: the statement's CPU 783 -> 574 µs on
 * PGlite and 360 -> 290 µs in a PostgreSQL backend (bench:api's database before it had open
 * requests; docs/bench.md, seventeenth session). The names and the meeting's start come as the
 * database keeps them written for JSON (`child_name_json`, `display_name_json`, `starts_at_iso`:
 * migration 1763900012000), not escaped and formatted on every request: the statement's CPU
 * 478 -> 438 µs on PGlite and 320 -> 270 µs in a PostgreSQL backend, and the server's CPU per
 * overview request about 5 % less on PGlite (bench:api's database; docs/bench.md, fifteenth session).
 */
const CASE_JSON = jsonObject([
  ['caseId', 'c.id', 'token'],
  ['childName', 'c.child_name_json', 'literal'],
  ['ownerName', 'owner.display_name_json', 'literal'],
  ['nextFollowUpDate', 'c.next_follow_up_date::text', 'token'],
  ['overdue', 'coalesce(c.next_follow_up_date < $2::date, false)', 'literal'],
  ['lastFollowUpDate', 'c.last_follow_up_date::text', 'token'],
  ['openStatementRequests', 'c.open_statement_requests', 'literal'],
  ['overdueStatementRequests', 'coalesce(requests.overdue, 0)', 'literal'],
  ['openConcerns', 'c.open_concerns', 'literal'],
  [
    'nextMeeting',
    `CASE WHEN nm.id IS NOT NULL THEN ${jsonObject([
      ['id', 'nm.id', 'token'],
      ['startsAt', 'nm.starts_at_iso', 'token'],
    ])} END`,
    'literal',
  ],
]);
const CASE_ROWS = `${jsonArray(CASE_JSON, CASE_ORDER)} AS cases, count(*)::int AS "caseCount"`;

/** An open statement request as JSON (an `OpenStatementRequestRow`), over `r` and its case `c`; $2 is today. */
const OPEN_REQUEST_JSON = jsonObject([
  ['id', 'r.id', 'token'],
  ['caseId', 'r.case_id', 'token'],
  ['childName', 'c.child_name_json', 'literal'],
  ['dueDate', 'r.due_date::text', 'token'],
  ['overdue', 'r.due_date < $2::date', 'literal'],
  ['meetingId', 'r.meeting_id', 'token'],
]);

/** The next planned or running meeting (one that started up to a day ago still counts). */
const UPCOMING_MEETING = `m.status IN ('planned', 'in_progress') AND m.starts_at >= $3::timestamptz - interval '1 day'`;

/**
 * The cases that meet `scope`, each looked up by key: the owner's name too (joined, the planner
 * hashed every user of the municipality). `total` is how the scope's cases are counted: `all`
 * lists every one of them (and so counts the rows listed); otherwise one page is listed ($5 its
 * length, $6 the cases before it) and `total` is SQL that counts them, which may use the page's
 * column `total` when `windowTotal` puts the count on each row of the page.
 */
function caseList(scope: string, total: 'all' | { sql: string; windowTotal: boolean }): string {
  const page = total === 'all' ? null : total;
  return `SELECT ${CASE_ROWS}, (${page ? page.sql : 'count(*)'})::int AS "casesTotal"
  FROM (SELECT c.id, c.child_name, c.child_name_json, c.owner_id, c.next_follow_up_date, c.last_follow_up_date, c.open_statement_requests, c.open_concerns${page?.windowTotal ? ', count(*) OVER () AS total' : ''}
        FROM cases c WHERE ${scope} ORDER BY ${CASE_ORDER}${page ? ' LIMIT $5 OFFSET $6' : ''}) c
  CROSS JOIN LATERAL (SELECT o.display_name_json FROM users o WHERE o.id = c.owner_id) owner
  -- Only a case with an open request looks for overdue ones.
  CROSS JOIN LATERAL (SELECT count(*)::int AS overdue FROM statement_requests r
                      WHERE c.open_statement_requests > 0 AND r.case_id = c.id AND r.status = 'requested' AND r.due_date < $2::date) requests
  LEFT JOIN LATERAL (SELECT m.id, m.starts_at_iso FROM meetings m WHERE m.case_id = c.id AND ${UPCOMING_MEETING} ORDER BY m.starts_at LIMIT 1) nm ON true`;
}

/**
 * All of a member's cases ($1 the user), a few dozen: a caseworker's start page. Without a page
 * the statement needs neither the window count nor the limit (40 µs less of the database's CPU
 * per overview, about a tenth, on bench:api's database).
 */
const MEMBER_CASES = caseList(memberOf('$1'), 'all');

/**
 * A page of a member's cases, counted as they are listed (the count of memberships is needed only
 * for a page past the end, where no listed row carries it).
 */
const MEMBER_PAGE = caseList(memberOf('$1'), { sql: `coalesce(max(c.total), (SELECT count(*) FROM case_members cm WHERE cm.user_id = $1))`, windowTotal: true });

/**
 * A page of a department's cases ($1 the organisation), as the web app asks for them: read in
 * order from `ix_cases_organisation_due`, the first page stops after its last case, and the
 * department is counted from the index on its own (a count on each row made the scan read all
 * 5,000: the statement took 5.3-6.2 against 1.7-1.8 ms in EXPLAIN ANALYZE on bench:api's database).
 */
const ORGANISATION_PAGE = caseList('c.organisation_id = $1', { sql: `SELECT count(*) FROM cases c WHERE c.organisation_id = $1`, windowTotal: false });

/**
 * All of a department's cases ($1 the organisation), thousands: each relation counted once for the
 * department and joined, instead of looked up case by case (a third less time for 5,000 cases).
 */
const ORGANISATION_CASES = `SELECT ${CASE_ROWS}, count(*)::int AS "casesTotal"
  FROM cases c
  JOIN users owner ON owner.id = c.owner_id
  LEFT JOIN (SELECT r.case_id, count(*)::int AS overdue
             FROM statement_requests r JOIN cases rc ON rc.id = r.case_id AND rc.organisation_id = $1
             WHERE r.status = 'requested' AND r.due_date < $2::date GROUP BY r.case_id) requests ON requests.case_id = c.id
  LEFT JOIN (SELECT DISTINCT ON (m.case_id) m.case_id, m.id, m.starts_at_iso
             FROM meetings m JOIN cases mc ON mc.id = m.case_id AND mc.organisation_id = $1
             WHERE ${UPCOMING_MEETING} ORDER BY m.case_id, m.starts_at) nm ON nm.case_id = c.id
  WHERE c.organisation_id = $1`;

/**
 * The overview statement over one of the case lists above: the list, and the open statement
 * requests addressed to $4, by due date. Built once per list, not per request.
 *
 * `(SELECT $4::uuid)` keeps the addressee's id from the planner. Given the id, it estimated the
 * requests of someone who is asked for none (a caseworker) from the column's statistics as fewer
 * than a generic plan assumes, so PostgreSQL judged a plan made for each call cheaper than the
 * prepared one and planned this statement anew on every call: on bench:api's database with open
 * requests to a hundred teachers it took 1.9 ms on PGlite and 0.83 ms in a PostgreSQL backend,
 * 0.55 and 0.31 ms with the id hidden (docs/bench.md, seventeenth session). The index on the
 * addressee is still used.
 */
function overviewStatement(name: string, cases: string): { name: string; text: string } {
  return {
    name,
    text: `SELECT listed.cases, listed."caseCount", listed."casesTotal",
         (SELECT ${jsonArray(OPEN_REQUEST_JSON, 'r.due_date, r.id')}
          FROM statement_requests r JOIN cases c ON c.id = r.case_id
          WHERE r.requested_from = (SELECT $4::uuid) AND r.status = 'requested') AS "openRequests"
       FROM (${cases}) listed`,
  };
}

const OVERVIEW = {
  member: overviewStatement('followUps.overview.member', MEMBER_CASES),
  memberPage: overviewStatement('followUps.overview.memberPage', MEMBER_PAGE),
  organisation: overviewStatement('followUps.overview.organisation', ORGANISATION_CASES),
  organisationPage: overviewStatement('followUps.overview.organisationPage', ORGANISATION_PAGE),
};

/** A case on the overview, as the api sends it. */
export interface CaseOverviewRow {
  caseId: string;
  childName: string;
  ownerName: string;
  nextFollowUpDate: string | null;
  /** The next follow-up date has passed (it is before `today`). */
  overdue: boolean;
  lastFollowUpDate: string | null;
  openStatementRequests: number;
  overdueStatementRequests: number;
  openConcerns: number;
  /** The next planned or running meeting; `startsAt` in UTC with milliseconds, as `Date.toISOString` writes it. */
  nextMeeting: { id: string; startsAt: string } | null;
}

/** An open statement request on someone's to-do list, as the api sends it. */
export interface OpenStatementRequestRow {
  id: string;
  caseId: string;
  childName: string;
  dueDate: string;
  /** The due date has passed (it is before `today`). */
  overdue: boolean;
  meetingId: string | null;
}

/**
 * The overview's two lists as JSON text: arrays of `CaseOverviewRow` and `OpenStatementRequestRow`,
 * ready to be placed into the response as they are.
 */
export interface OverviewJson {
  cases: string;
  /** The number of elements of `cases`. */
  caseCount: number;
  /** The number of cases in the scope, of which `cases` may be one page. */
  casesTotal: number;
  openRequests: string;
}

/** A page of a list: `limit` entries (all when absent) after the first `offset`. */
export interface ListPage {
  limit?: number;
  offset?: number;
}

/** A department's follow-up figures for a period, as a team leader's overview shows them. */
export interface TeamFollowUpFigures {
  /** Follow-ups due in the period that were held on or before their due date. */
  onTime: number;
  /**
   * Follow-ups due in the period that count: every held one, and each case's current deadline
   * that has passed without a meeting (one not yet due does not count).
   */
  total: number;
  /** The department's cases whose next follow-up date has passed. */
  overdueCases: number;
  /** The caseworkers who own the department's cases. */
  caseworkers: number;
}

export interface FollowUpRow {
  caseId: string;
  meetingId: string;
  dueDate: string;
  heldOn: string;
  onTime: boolean;
}

/** The case's follow-up bookkeeping and the overview queries (SQL only, no documents parsed). */
@Injectable()
export class FollowUpsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.tx.manager.query(sql, params) as Promise<T[]>;
  }

  async caseDates(caseId: string): Promise<{ nextFollowUpDate: string | null; agreedNextFollowUp: string | null; lastFollowUpDate: string | null; openedOn: string; intervalMonths: number }> {
    const [row] = await this.query<{ nextFollowUpDate: string | null; agreedNextFollowUp: string | null; lastFollowUpDate: string | null; openedOn: string; intervalMonths: number }>(
      `SELECT next_follow_up_date::text AS "nextFollowUpDate", agreed_next_follow_up::text AS "agreedNextFollowUp", last_follow_up_date::text AS "lastFollowUpDate",
              (created_at AT TIME ZONE 'Europe/Copenhagen')::date::text AS "openedOn", follow_up_interval_months AS "intervalMonths"
       FROM cases WHERE id = $1`,
      [caseId],
    );
    return row!;
  }

  async setCaseDates(caseId: string, dates: { nextFollowUpDate: string; agreedNextFollowUp?: string | null; lastFollowUpDate?: string; wellbeingContactId?: string }): Promise<void> {
    await this.query(
      `UPDATE cases SET next_follow_up_date = $2,
         agreed_next_follow_up = CASE WHEN $3::boolean THEN $4::date ELSE agreed_next_follow_up END,
         last_follow_up_date = COALESCE($5::date, last_follow_up_date),
         wellbeing_contact_id = COALESCE($6::uuid, wellbeing_contact_id),
         updated_at = now()
       WHERE id = $1`,
      [caseId, dates.nextFollowUpDate, dates.agreedNextFollowUp !== undefined, dates.agreedNextFollowUp ?? null, dates.lastFollowUpDate ?? null, dates.wellbeingContactId ?? null],
    );
  }

  async recordFollowUp(followUp: FollowUpRow): Promise<void> {
    await this.query(`INSERT INTO follow_ups (case_id, meeting_id, due_date, held_on, on_time) VALUES ($1, $2, $3, $4, $5)`, [followUp.caseId, followUp.meetingId, followUp.dueDate, followUp.heldOn, followUp.onTime]);
  }

  /**
   * The on-time figures of an organisation's cases for follow-ups due in [from, to], by the rule of
   * `onTimeShare` in the domain library (the e2e test `team-overview` holds the two to the same
   * answers), counted in the database: fetched and parsed in the api, a department's follow-ups
   * (95,000 rows in `bench:api`) took a quarter of a second of the api's event loop per overview.
   */
  async teamFigures(organisationId: string, from: string, to: string, today: string): Promise<TeamFollowUpFigures> {
    const [row] = await this.tx.queryPrepared<TeamFollowUpFigures>(
      'followUps.teamFigures',
      `SELECT held."onTime", held.total + missed.total AS total, overdue.cases AS "overdueCases", owners.n AS caseworkers
       FROM (SELECT count(*) FILTER (WHERE f.held_on <= f.due_date)::int AS "onTime", count(*)::int AS total
             FROM follow_ups f JOIN cases c ON c.id = f.case_id
             WHERE c.organisation_id = $1 AND f.due_date BETWEEN $2::date AND $3::date) held,
            (SELECT count(*)::int AS total FROM cases c
             WHERE c.organisation_id = $1 AND c.next_follow_up_date BETWEEN $2::date AND $3::date AND c.next_follow_up_date < $4::date) missed,
            (SELECT count(*)::int AS cases FROM cases c WHERE c.organisation_id = $1 AND c.next_follow_up_date < $4::date) overdue,
            (SELECT count(DISTINCT c.owner_id)::int AS n FROM cases c WHERE c.organisation_id = $1) owners`,
      [organisationId, from, to, today],
    );
    return row!;
  }

  /**
   * What the overview shows, in one statement (one round trip per start page): a row per case,
   * ordered by next follow-up, and the open statement requests addressed to `requestsFor`, by due
   * date. `scope` picks the cases: those a user is a member of, or all of a department's (team
   * leader); `page` one page of them (`casesTotal` counts them all). `today` is the caller's local
   * date, against which a date is overdue.
   *
   * Both lists come as JSON text in the shape the api sends, so the api copies them into its reply
   * instead of parsing rows into objects, mapping them and serialising them again (that was about
   * an eighth of the api's CPU per overview request in `bench:api`).
   */
  async overview(scope: { memberId: string } | { organisationId: string }, requestsFor: string, today: string, now: Date, page: ListPage = {}): Promise<OverviewJson> {
    const whole = page.limit === undefined && !page.offset;
    const statement = 'memberId' in scope ? (whole ? OVERVIEW.member : OVERVIEW.memberPage) : whole ? OVERVIEW.organisation : OVERVIEW.organisationPage;
    const [row] = await this.tx.queryPrepared<OverviewJson>(statement.name, statement.text, [
      'memberId' in scope ? scope.memberId : scope.organisationId,
      today,
      now.toISOString(),
      requestsFor,
      ...(whole ? [] : [page.limit ?? null, page.offset ?? 0]),
    ]);
    return row!;
  }
}
