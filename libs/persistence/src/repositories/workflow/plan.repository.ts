import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../transaction-host.js';

export interface GoalRow {
  caseId: string;
  id: string;
  title: string;
  ownerId: string | null;
  status: string;
  position: number;
  interventionIds: string[];
  updatedAt: Date;
}

export interface GoalRevisionRow {
  goalId: string;
  title: string;
  meetingId: string | null;
  revisedAt: Date;
}

export interface ProjectedGoal {
  id: string;
  title: string;
  ownerId: string | null;
  status: string;
  interventionIds: string[];
}

export interface ProjectedAction {
  id: string;
  text: string;
  ownerId: string | null;
  dueDate: string | null;
  done: boolean;
}

export interface RatingRow {
  id: string;
  caseId: string;
  meetingId: string;
  goalId: string | null;
  raterId: string;
  raterName: string;
  raterRole: string;
  scale: string;
  value: number;
  subscales: number[] | null;
  meetingStartsAt: Date;
  updatedAt: Date;
}

export interface ActionItemRow extends ProjectedAction {
  meetingId: string;
  caseId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Goals, their revisions, action items and ratings: the relational side of the plan. */
@Injectable()
export class PlanRepository {
  constructor(private readonly tx: TransactionHost) {}

  private query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.tx.manager.query(sql, params) as Promise<T[]>;
  }

  listGoals(caseId: string): Promise<GoalRow[]> {
    return this.query<GoalRow>(
      `SELECT case_id AS "caseId", id, title, owner_id AS "ownerId", status, position, intervention_ids AS "interventionIds", updated_at AS "updatedAt"
       FROM goals WHERE case_id = $1 AND NOT removed ORDER BY position`,
      [caseId],
    );
  }

  listRevisions(caseId: string): Promise<GoalRevisionRow[]> {
    return this.tx.queryPrepared<GoalRevisionRow>(
      'plan.listRevisions',
      `SELECT goal_id AS "goalId", title, meeting_id AS "meetingId", revised_at AS "revisedAt" FROM goal_revisions WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
  }

  /**
   * Replaces the projection of a case's goals with what the plan document holds now. A goal whose
   * title changed gets a revision row, tagged with the meeting in progress when there is one.
   */
  async projectGoals(caseId: string, goals: ProjectedGoal[], meetingId: string | null): Promise<void> {
    const existing = new Map((await this.listGoalsIncludingRemoved(caseId)).map((goal) => [goal.id, goal]));
    for (const [position, goal] of goals.entries()) {
      const owner = goal.ownerId && UUID.test(goal.ownerId) ? goal.ownerId : null;
      await this.query(
        `INSERT INTO goals (case_id, id, title, owner_id, status, position, intervention_ids, removed, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, false, now())
         ON CONFLICT ON CONSTRAINT pk_goals DO UPDATE SET title = EXCLUDED.title, owner_id = EXCLUDED.owner_id, status = EXCLUDED.status,
           position = EXCLUDED.position, intervention_ids = EXCLUDED.intervention_ids, removed = false, updated_at = now()`,
        [caseId, goal.id, goal.title, owner, goal.status, position, JSON.stringify(goal.interventionIds)],
      );
      if (existing.get(goal.id)?.title !== goal.title) {
        await this.query(`INSERT INTO goal_revisions (case_id, goal_id, title, meeting_id) VALUES ($1, $2, $3, $4)`, [caseId, goal.id, goal.title, meetingId]);
      }
    }
    const kept = goals.map((goal) => goal.id);
    await this.query(`UPDATE goals SET removed = true, updated_at = now() WHERE case_id = $1 AND NOT (id = ANY($2::text[])) AND NOT removed`, [caseId, kept]);
  }

  private listGoalsIncludingRemoved(caseId: string): Promise<{ id: string; title: string }[]> {
    return this.query(`SELECT id, title FROM goals WHERE case_id = $1`, [caseId]);
  }

  async projectActions(caseId: string, meetingId: string, actions: ProjectedAction[]): Promise<void> {
    for (const action of actions) {
      await this.query(
        `INSERT INTO action_items (meeting_id, id, case_id, text, owner_id, due_date, done, removed, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, false, now())
         ON CONFLICT ON CONSTRAINT pk_action_items DO UPDATE SET text = EXCLUDED.text, owner_id = EXCLUDED.owner_id, due_date = EXCLUDED.due_date,
           done = EXCLUDED.done, removed = false, updated_at = now()`,
        [meetingId, action.id, caseId, action.text, action.ownerId && UUID.test(action.ownerId) ? action.ownerId : null, action.dueDate && DATE.test(action.dueDate) ? action.dueDate : null, action.done],
      );
    }
    await this.query(`UPDATE action_items SET removed = true WHERE meeting_id = $1 AND NOT (id = ANY($2::text[]))`, [meetingId, actions.map((action) => action.id)]);
  }

  listActions(caseId: string): Promise<ActionItemRow[]> {
    return this.query<ActionItemRow>(
      `SELECT meeting_id AS "meetingId", case_id AS "caseId", id, text, owner_id AS "ownerId", due_date::text AS "dueDate", done
       FROM action_items WHERE case_id = $1 AND NOT removed ORDER BY due_date NULLS LAST`,
      [caseId],
    );
  }

  /** One rating per rater, goal and scale in a meeting: rating again replaces it. */
  async upsertRating(rating: Pick<RatingRow, 'caseId' | 'meetingId' | 'goalId' | 'raterId' | 'raterRole' | 'scale' | 'value' | 'subscales'>): Promise<string> {
    const [row] = await this.query<{ id: string }>(
      `INSERT INTO ratings (case_id, meeting_id, goal_id, rater_id, rater_role, scale, value, subscales) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ON CONSTRAINT uq_ratings_one_per_rater DO UPDATE SET value = EXCLUDED.value, subscales = EXCLUDED.subscales, rater_role = EXCLUDED.rater_role, updated_at = now()
       RETURNING id`,
      [rating.caseId, rating.meetingId, rating.goalId, rating.raterId, rating.raterRole, rating.scale, rating.value, rating.subscales ? JSON.stringify(rating.subscales) : null],
    );
    return row!.id;
  }

  listRatings(caseId: string, meetingId?: string): Promise<RatingRow[]> {
    return this.query<RatingRow>(
      `SELECT r.id, r.case_id AS "caseId", r.meeting_id AS "meetingId", r.goal_id AS "goalId", r.rater_id AS "raterId", u.display_name AS "raterName",
              r.rater_role AS "raterRole", r.scale, r.value::float8 AS value, r.subscales, m.starts_at AS "meetingStartsAt", r.updated_at AS "updatedAt"
       FROM ratings r JOIN meetings m ON m.id = r.meeting_id JOIN users u ON u.id = r.rater_id
       WHERE r.case_id = $1 ${meetingId ? 'AND r.meeting_id = $2' : ''}
       ORDER BY m.starts_at, r.goal_id, u.display_name`,
      meetingId ? [caseId, meetingId] : [caseId],
    );
  }
}
