import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The follow-up workflow: meetings, agenda, statements, observations, interventions, ratings, projections. */
export class Workflow1763900002000 implements MigrationInterface {
  name = 'Workflow1763900002000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE cases
        ADD COLUMN next_follow_up_date date NULL,
        ADD COLUMN agreed_next_follow_up date NULL,
        ADD COLUMN last_follow_up_date date NULL,
        ADD COLUMN wellbeing_contact_id uuid NULL,
        ADD CONSTRAINT fk_cases_wellbeing_contact FOREIGN KEY (wellbeing_contact_id) REFERENCES users (id);
      CREATE INDEX ix_cases_next_follow_up ON cases (next_follow_up_date);

      CREATE TABLE interventions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        title text NOT NULL,
        purpose text NOT NULL,
        provider_organisation_id uuid NULL,
        start_date date NOT NULL,
        investigation_end_date date NULL,
        status text NOT NULL DEFAULT 'active',
        status_reason text NULL,
        ended_on date NULL,
        last_follow_up_date date NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_interventions PRIMARY KEY (id),
        CONSTRAINT fk_interventions_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT fk_interventions_provider FOREIGN KEY (provider_organisation_id) REFERENCES organisations (id),
        CONSTRAINT ck_interventions_status CHECK (status IN ('active', 'adjusted', 'ended'))
      );
      CREATE INDEX ix_interventions_case ON interventions (case_id);

      CREATE TABLE meetings (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        title text NOT NULL,
        starts_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL,
        location text NULL,
        online_url text NULL,
        child_time_budget_minutes integer NULL,
        status text NOT NULL DEFAULT 'planned',
        next_follow_up_date date NULL,
        responsible_user_id uuid NULL,
        minutes_version_id uuid NULL,
        started_at timestamptz NULL,
        concluded_at timestamptz NULL,
        concluded_by uuid NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_meetings PRIMARY KEY (id),
        CONSTRAINT fk_meetings_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT fk_meetings_responsible FOREIGN KEY (responsible_user_id) REFERENCES users (id),
        CONSTRAINT ck_meetings_status CHECK (status IN ('planned', 'in_progress', 'concluded', 'cancelled')),
        CONSTRAINT ck_meetings_duration CHECK (duration_minutes BETWEEN 10 AND 480),
        CONSTRAINT ck_meetings_concluded CHECK (status <> 'concluded' OR (next_follow_up_date IS NOT NULL AND responsible_user_id IS NOT NULL))
      );
      CREATE INDEX ix_meetings_case_starts ON meetings (case_id, starts_at);
      CREATE INDEX ix_meetings_starts ON meetings (starts_at) WHERE status IN ('planned', 'in_progress');

      CREATE TABLE meeting_participants (
        meeting_id uuid NOT NULL,
        user_id uuid NOT NULL,
        contribution text NULL,
        confirmed_at timestamptz NULL,
        added_by uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_meeting_participants PRIMARY KEY (meeting_id, user_id),
        CONSTRAINT fk_meeting_participants_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE,
        CONSTRAINT fk_meeting_participants_user FOREIGN KEY (user_id) REFERENCES users (id)
      );
      CREATE INDEX ix_meeting_participants_user ON meeting_participants (user_id);

      CREATE TABLE agenda_items (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        title text NOT NULL,
        proposed_by uuid NOT NULL,
        proposed_by_role text NOT NULL,
        status text NOT NULL,
        position integer NOT NULL,
        minutes_budget integer NULL,
        statement_id uuid NULL,
        decided_by uuid NULL,
        decided_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_agenda_items PRIMARY KEY (id),
        CONSTRAINT fk_agenda_items_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE,
        CONSTRAINT ck_agenda_items_status CHECK (status IN ('proposed', 'accepted', 'declined'))
      );
      CREATE INDEX ix_agenda_items_meeting ON agenda_items (meeting_id, position);

      CREATE TABLE participant_suggestions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        suggested_user_id uuid NULL,
        suggested_name text NULL,
        reason text NULL,
        proposed_by uuid NOT NULL,
        status text NOT NULL DEFAULT 'proposed',
        decided_by uuid NULL,
        decided_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_participant_suggestions PRIMARY KEY (id),
        CONSTRAINT fk_participant_suggestions_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE,
        CONSTRAINT ck_participant_suggestions_status CHECK (status IN ('proposed', 'accepted', 'declined')),
        CONSTRAINT ck_participant_suggestions_who CHECK (suggested_user_id IS NOT NULL OR suggested_name IS NOT NULL)
      );

      CREATE TABLE statement_requests (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        meeting_id uuid NULL,
        requested_from uuid NOT NULL,
        requested_by uuid NOT NULL,
        due_date date NOT NULL,
        note text NULL,
        status text NOT NULL DEFAULT 'requested',
        reminded_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_statement_requests PRIMARY KEY (id),
        CONSTRAINT fk_statement_requests_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT fk_statement_requests_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE SET NULL,
        CONSTRAINT fk_statement_requests_author FOREIGN KEY (requested_from) REFERENCES users (id),
        CONSTRAINT ck_statement_requests_status CHECK (status IN ('requested', 'submitted', 'cancelled'))
      );
      CREATE INDEX ix_statement_requests_case ON statement_requests (case_id, status);
      CREATE INDEX ix_statement_requests_author ON statement_requests (requested_from, status);

      CREATE TABLE statements (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        request_id uuid NULL,
        meeting_id uuid NULL,
        author_id uuid NOT NULL,
        author_organisation_id uuid NULL,
        version integer NOT NULL DEFAULT 1,
        previous_id uuid NULL,
        goal_entries jsonb NOT NULL,
        free_text text NOT NULL,
        reviewed_with_family boolean NOT NULL,
        shared_with_members boolean NOT NULL DEFAULT false,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        submitted_late boolean NOT NULL DEFAULT false,
        CONSTRAINT pk_statements PRIMARY KEY (id),
        CONSTRAINT fk_statements_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT fk_statements_request FOREIGN KEY (request_id) REFERENCES statement_requests (id),
        CONSTRAINT fk_statements_previous FOREIGN KEY (previous_id) REFERENCES statements (id),
        CONSTRAINT uq_statements_previous UNIQUE (previous_id)
      );
      CREATE INDEX ix_statements_case ON statements (case_id, submitted_at);

      -- A submitted statement is a record: corrections are new versions, never edits.
      CREATE FUNCTION statements_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a submitted statement cannot be changed' USING ERRCODE = 'insufficient_privilege';
      END
      $$;
      CREATE TRIGGER tr_statements_no_update BEFORE UPDATE ON statements FOR EACH ROW EXECUTE FUNCTION statements_immutable();

      CREATE TABLE observations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        author_id uuid NOT NULL,
        author_organisation_id uuid NULL,
        observed_on date NOT NULL,
        area text NULL,
        goal_id text NULL,
        kind text NOT NULL,
        text text NOT NULL,
        needs_follow_up boolean NOT NULL DEFAULT false,
        acknowledged_by uuid NULL,
        acknowledged_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_observations PRIMARY KEY (id),
        CONSTRAINT fk_observations_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT ck_observations_kind CHECK (kind IN ('resource', 'concern', 'neutral')),
        CONSTRAINT ck_observations_area CHECK (area IS NULL OR area IN ('school', 'leisure', 'daily_routines', 'home', 'health', 'friendships')),
        CONSTRAINT ck_observations_tag CHECK (area IS NOT NULL OR goal_id IS NOT NULL)
      );
      CREATE INDEX ix_observations_case ON observations (case_id, observed_on);
      CREATE INDEX ix_observations_open_concerns ON observations (case_id) WHERE kind = 'concern' AND acknowledged_at IS NULL;

      CREATE TABLE goals (
        case_id uuid NOT NULL,
        id text NOT NULL,
        title text NOT NULL,
        owner_id uuid NULL,
        status text NOT NULL,
        position integer NOT NULL,
        intervention_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
        removed boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_goals PRIMARY KEY (case_id, id),
        CONSTRAINT fk_goals_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
      );

      CREATE TABLE goal_revisions (
        seq bigserial NOT NULL,
        case_id uuid NOT NULL,
        goal_id text NOT NULL,
        title text NOT NULL,
        meeting_id uuid NULL,
        revised_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_goal_revisions PRIMARY KEY (seq),
        CONSTRAINT fk_goal_revisions_goal FOREIGN KEY (case_id, goal_id) REFERENCES goals (case_id, id) ON DELETE CASCADE
      );
      CREATE INDEX ix_goal_revisions_goal ON goal_revisions (case_id, goal_id, seq);

      CREATE TABLE ratings (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        meeting_id uuid NOT NULL,
        goal_id text NULL,
        rater_id uuid NOT NULL,
        rater_role text NOT NULL,
        scale text NOT NULL,
        value numeric(4, 1) NOT NULL,
        subscales jsonb NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_ratings PRIMARY KEY (id),
        CONSTRAINT fk_ratings_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT fk_ratings_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE,
        CONSTRAINT ck_ratings_scale CHECK (scale IN ('dialogue', 'ors', 'cors', 'srs', 'safety')),
        CONSTRAINT uq_ratings_one_per_rater UNIQUE NULLS NOT DISTINCT (meeting_id, goal_id, rater_id, scale)
      );
      CREATE INDEX ix_ratings_case ON ratings (case_id, goal_id);

      CREATE TABLE action_items (
        meeting_id uuid NOT NULL,
        id text NOT NULL,
        case_id uuid NOT NULL,
        text text NOT NULL,
        owner_id uuid NULL,
        due_date date NULL,
        done boolean NOT NULL DEFAULT false,
        removed boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_action_items PRIMARY KEY (meeting_id, id),
        CONSTRAINT fk_action_items_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE
      );
      CREATE INDEX ix_action_items_case ON action_items (case_id) WHERE NOT done AND NOT removed;

      CREATE TABLE follow_ups (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        meeting_id uuid NOT NULL,
        due_date date NOT NULL,
        held_on date NOT NULL,
        on_time boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_follow_ups PRIMARY KEY (id),
        CONSTRAINT fk_follow_ups_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT uq_follow_ups_meeting UNIQUE (meeting_id)
      );
      CREATE INDEX ix_follow_ups_due ON follow_ups (due_date);

      CREATE TABLE meeting_addenda (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        author_id uuid NOT NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_meeting_addenda PRIMARY KEY (id),
        CONSTRAINT fk_meeting_addenda_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE
      );

      CREATE TABLE notifications (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        case_id uuid NULL,
        type text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz NULL,
        CONSTRAINT pk_notifications PRIMARY KEY (id),
        CONSTRAINT fk_notifications_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_notifications_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
      );
      CREATE INDEX ix_notifications_user ON notifications (user_id, created_at DESC);

      CREATE TABLE email_outbox (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        to_email text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        attachment_name text NULL,
        attachment text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text NULL,
        CONSTRAINT pk_email_outbox PRIMARY KEY (id)
      );
      CREATE INDEX ix_email_outbox_unsent ON email_outbox (created_at) WHERE sent_at IS NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE email_outbox, notifications, meeting_addenda, follow_ups, action_items, ratings, goal_revisions, goals,
        observations, statements, statement_requests, participant_suggestions, agenda_items, meeting_participants, meetings, interventions;
      DROP FUNCTION statements_immutable();
      DROP INDEX ix_cases_next_follow_up;
      ALTER TABLE cases DROP CONSTRAINT fk_cases_wellbeing_contact, DROP COLUMN next_follow_up_date, DROP COLUMN agreed_next_follow_up,
        DROP COLUMN last_follow_up_date, DROP COLUMN wellbeing_contact_id;
    `);
  }
}
