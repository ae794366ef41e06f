import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../transaction-host.js';
import { isoTimestamp, type JsonValueKind, jsonObject } from '../sql-fragments.js';

/**
 * Which of a case's statements a caller may read: all of them, or their own, those shared with the
 * members and those written in their organisation. The api decides it from the caller's role
 * (StatementsService.visibility); the timeline applies it in SQL, the statement routes in code.
 */
export interface StatementVisibility {
  all: boolean;
  userId: string;
  organisationId: string | null;
}

/** What of a case's timeline the caller may see, as the api decides it from the caller's role. */
export interface TimelineScope {
  caseId: string;
  /** Every meeting of the case (its lead), or only those this user takes part in. */
  meetings: 'all' | { participant: string };
  observations: boolean;
  /** Which statements; none when null. */
  statements: StatementVisibility | null;
  revisions: boolean;
}

/**
 * The entry JSON of `TimelineEntry` (apps/api plan.service.ts): at, kind, id, title, detail. The
 * title is text to escape, or (`titleKind` 'literal') a name the database keeps written as JSON.
 */
const entry = (kind: string, id: string, title: string, detail: readonly (readonly [key: string, expression: string, kind: JsonValueKind])[], titleKind: JsonValueKind = 'text') =>
  jsonObject([
    ['at', 'at', 'token'],
    ['kind', `'"${kind}"'`, 'literal'],
    ['id', id, 'token'],
    ['title', title, titleKind],
    ['detail', jsonObject(detail), 'literal'],
  ]);

/**
 * A case's timeline as one JSON array, newest first: meetings (and their conclusion),
 * observations, statements and goal revisions, each as the caller may see it ($1 the case; $2
 * every meeting, or $3's; $4 observations; $5 statements: $6 all, or $7's own, shared ones and
 * $8's; $9 revisions). Entries with the same time keep the order of the sources above and each
 * source's own order, as the five reads and the stable sort it replaces did. Times are compared as
 * the ISO text they are sent as (byte order, whatever the database's collation). Authors' names and
 * meetings' starts come as the database keeps them written for JSON (`display_name_json`,
 * `starts_at_iso`: migration 1763900012000).
 */
const TIMELINE = {
  name: 'timeline.forCase',
  text: `SELECT ('[' || coalesce(string_agg(e.entry, ',' ORDER BY e.at COLLATE "C" DESC, e.source, e.n), '') || ']') AS entries
  FROM (
    SELECT v.at, 1 AS source, m.n * 2 + v.sub AS n,
           CASE v.sub WHEN 0 THEN ${entry('meeting', 'm.id', 'm.title', [['status', 'm.status', 'text']])}
                      ELSE ${entry('meeting_concluded', 'm.id', 'm.title', [['nextFollowUpDate', 'm.next_follow_up_date::text', 'token']])} END AS entry
      FROM (SELECT m.id, m.title, m.status, m.next_follow_up_date, m.starts_at_iso, m.concluded_at, row_number() OVER (ORDER BY m.starts_at DESC, m.id) AS n
              FROM meetings m
             WHERE m.case_id = $1 AND ($2 OR EXISTS (SELECT 1 FROM meeting_participants p WHERE p.meeting_id = m.id AND p.user_id = $3))) m
      CROSS JOIN LATERAL (VALUES (0, m.starts_at_iso), (1, ${isoTimestamp('m.concluded_at')})) v (sub, at)
     WHERE v.at IS NOT NULL
    UNION ALL
    SELECT o.at, 2, o.n, ${entry('observation', 'o.id', 'o.author_name_json', [
      ['kind', 'o.kind', 'text'],
      ['area', 'o.area', 'text'],
      ['observedOn', 'o.observed_on::text', 'token'],
    ], 'literal')}
      FROM (SELECT o.id, o.kind, o.area, o.observed_on, u.display_name_json AS author_name_json, ${isoTimestamp('o.created_at')} AS at,
                   row_number() OVER (ORDER BY o.observed_on DESC, o.created_at DESC, o.id) AS n
              FROM observations o JOIN users u ON u.id = o.author_id
             WHERE o.case_id = $1 AND $4) o
    UNION ALL
    SELECT s.at, 3, s.n, ${entry('statement', 's.id', 's.author_name_json', [
      ['version', 's.version', 'literal'],
      ['late', 's.submitted_late', 'literal'],
    ], 'literal')}
      FROM (SELECT s.id, s.version, s.submitted_late, u.display_name_json AS author_name_json, ${isoTimestamp('s.submitted_at')} AS at,
                   row_number() OVER (ORDER BY s.submitted_at DESC, s.id) AS n
              FROM statements s JOIN users u ON u.id = s.author_id
             WHERE s.case_id = $1 AND $5 AND ($6 OR s.author_id = $7 OR s.shared_with_members OR s.author_organisation_id = $8)) s
    UNION ALL
    SELECT r.at, 4, r.n, ${entry('goal_revision', 'r.goal_id', 'r.title', [['meetingId', 'r.meeting_id', 'token']])}
      FROM (SELECT r.goal_id, r.title, r.meeting_id, ${isoTimestamp('r.revised_at')} AS at, row_number() OVER (ORDER BY r.seq) AS n
              FROM goal_revisions r
             WHERE r.case_id = $1 AND $9) r
  ) e`,
};

/** The case timeline, read in one statement (one round trip) and written as JSON by the database. */
@Injectable()
export class TimelineRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** The entries of `scope` as a JSON array of `TimelineEntry`, ready to be sent as it is. */
  async forCase(scope: TimelineScope): Promise<string> {
    const { meetings, statements } = scope;
    const [row] = await this.tx.queryPrepared<{ entries: string }>(TIMELINE.name, TIMELINE.text, [
      scope.caseId,
      meetings === 'all',
      meetings === 'all' ? null : meetings.participant,
      scope.observations,
      statements !== null,
      statements?.all ?? false,
      statements?.userId ?? null,
      statements?.organisationId ?? null,
      scope.revisions,
    ]);
    return row!.entries;
  }
}
