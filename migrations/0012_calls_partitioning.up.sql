-- calls partitioned by month (docs/SCALING.md section 4). Numbered 0012, not 0010: see the note there.
-- The partition key is the id itself, and the id encodes the call's start second:
--   calls_id_for(started_at) = floor(epoch(started_at)) * 1,000,000 + nextval('calls_id_seq') % 1,000,000
-- so a call lands in the month it started, every foreign key to calls(id) stays a one-column FK (a partitioned
-- table's primary key contains its partition key, here it IS the key), and every WHERE id = ... prunes to one
-- partition. Ids stay below 2^53 until the year 2255, so they are exact JS numbers.
-- Rows that existed before keep their identity ids (small numbers) and live in calls_history.
-- (pbx_id, linkedid) cannot be a unique index of a table partitioned on id: the idempotency key moves to
-- call_linkedids, kept in step by the repository's insert and, for every other writer, by a trigger.
-- There is no DEFAULT partition: moving rows out of one is a DELETE that would cascade to call_legs and set NULL in
-- six tables. A call starting beyond the created months fails ("no partition of relation calls found for row");
-- warmline_ensure_partitions creates this month and the next ones at every node start and daily.
-- Two calls started in the same second collide only if the sequence advanced by a multiple of a million between
-- their inserts (about 8 hours of traffic at 33 calls/s, for a call re-inserted with an old start): the insert then
-- fails on calls_pkey instead of overwriting anything. calls_id_for does not clamp or retry; that is documented here.

-- The views of 0005 bind to the table, not its name: recreated below from their own definitions (then
-- report_call_facts_v is replaced by an equivalent one, see the end of this file).
CREATE TEMP TABLE calls_dependent_views ON COMMIT DROP AS
  SELECT c.relname::text AS name, pg_get_viewdef(c.oid) AS def
  FROM pg_class c WHERE c.relname IN ('report_call_facts_v', 'report_call_facts_full_v') AND c.relkind = 'v'
    AND c.relnamespace = 'public'::regnamespace;
DROP VIEW report_call_facts_full_v;
DROP VIEW report_call_facts_v;

ALTER TABLE call_legs DROP CONSTRAINT call_legs_call_id_fkey;
ALTER TABLE wrapups DROP CONSTRAINT wrapups_call_id_fkey;
ALTER TABLE interactions DROP CONSTRAINT interactions_call_fk;
ALTER TABLE tasks DROP CONSTRAINT tasks_call_fk;
ALTER TABLE campaign_attempts DROP CONSTRAINT campaign_attempts_last_call_id_fkey;
ALTER TABLE campaign_dials DROP CONSTRAINT campaign_dials_call_id_fkey;
ALTER TABLE agent_state_log DROP CONSTRAINT agent_state_log_call_id_fkey;

ALTER TABLE calls RENAME TO calls_unpartitioned;
-- Frees the name calls_id_seq; the new sequence only picks a slot inside a second, so its value need not continue
-- the identity (old ids stay below the first monthly boundary, new ones are above it or far from these small numbers).
ALTER TABLE calls_unpartitioned ALTER COLUMN id DROP IDENTITY;
ALTER TABLE calls_unpartitioned RENAME CONSTRAINT calls_pkey TO calls_unpartitioned_pkey;
ALTER TABLE calls_unpartitioned DROP CONSTRAINT calls_pbx_id_linkedid_key;
DROP INDEX calls_started_idx, calls_customer_idx, calls_agent_idx, calls_live_idx, calls_campaign_attempt_idx, calls_repeat_idx;

CREATE SEQUENCE calls_id_seq AS bigint;
-- VOLATILE: one sequence value per call. Writers that know started_at pass id = calls_id_for(started_at); the column
-- default (now()) is for the others.
CREATE FUNCTION calls_id_for(ts timestamptz) RETURNS bigint LANGUAGE sql VOLATILE AS $$
  SELECT floor(extract(epoch FROM ts))::bigint * 1000000 + nextval('calls_id_seq') % 1000000
$$;

CREATE TABLE calls (
  id                bigint NOT NULL DEFAULT calls_id_for(now()),
  pbx_id            text NOT NULL,
  linkedid          text NOT NULL,
  direction         text NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),
  status            text NOT NULL DEFAULT 'ringing' CHECK (status IN ('ringing', 'queued', 'offered', 'answered', 'ended')),
  outcome           text CHECK (outcome IN ('answered', 'abandoned', 'no_answer', 'busy', 'failed', 'congestion')),
  caller_number     text,
  caller_name       text,
  called_number     text,
  queue_name        text,
  agent_user_id     bigint REFERENCES users(id),
  customer_id       bigint REFERENCES customers(id) ON DELETE SET NULL,
  campaign_attempt_id bigint,
  started_at        timestamptz NOT NULL,
  queued_at         timestamptz,
  offered_at        timestamptz,
  answered_at       timestamptz,
  ended_at          timestamptz,
  wait_seconds      integer,
  talk_seconds      integer,
  hold_seconds      integer NOT NULL DEFAULT 0,
  hold_started_at   timestamptz,
  hangup_cause      integer,
  hangup_cause_text text,
  hung_up_by        text CHECK (hung_up_by IN ('caller', 'agent', 'system')),
  transferred       boolean NOT NULL DEFAULT false,
  recording_path    text,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id)
) PARTITION BY RANGE (id);

-- Creates the missing monthly partitions of `parent`, range-partitioned on an id that is epoch seconds * 1e6 (UTC
-- months), from from_month to to_month inclusive. CREATE + ATTACH rather than PARTITION OF: ATTACH takes only a
-- SHARE UPDATE EXCLUSIVE lock on the parent, so live calls keep being written while a node runs this.
-- No DEFAULT partition and no row moves (see the top of this file). Same advisory lock as the interactions function.
CREATE FUNCTION warmline_ensure_id_month_partitions(parent regclass, from_month date, to_month date)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  m date := date_trunc('month', from_month)::date;
  part text;
  lo bigint;
  hi bigint;
  created integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(7324502);
  WHILE m <= to_month LOOP
    part := format('%s_%s', parent::text, to_char(m, 'YYYY_MM'));
    IF to_regclass(part) IS NULL THEN
      lo := extract(epoch FROM m::timestamp AT TIME ZONE 'UTC')::bigint * 1000000;
      hi := extract(epoch FROM (m + interval '1 month')::timestamp AT TIME ZONE 'UTC')::bigint * 1000000;
      EXECUTE format('CREATE TABLE %I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, parent);
      EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', parent, part, lo, hi);
      created := created + 1;
    END IF;
    m := (m + interval '1 month')::date;
  END LOOP;
  RETURN created;
END $$;

-- Everything before the oldest monthly partition: the pre-partitioning identity ids and calls started earlier.
DO $$ BEGIN
  EXECUTE format('CREATE TABLE calls_history PARTITION OF calls FOR VALUES FROM (MINVALUE) TO (%s)',
    extract(epoch FROM date_trunc('month', now() AT TIME ZONE 'UTC') - interval '24 months')::bigint * 1000000);
END $$;
SELECT warmline_ensure_id_month_partitions('calls',
  (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '24 months')::date,
  (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months')::date);

INSERT INTO calls SELECT * FROM calls_unpartitioned;
DROP TABLE calls_unpartitioned;

CREATE TABLE call_linkedids (
  pbx_id   text NOT NULL,
  linkedid text NOT NULL,
  call_id  bigint NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  PRIMARY KEY (pbx_id, linkedid)
);
INSERT INTO call_linkedids (pbx_id, linkedid, call_id) SELECT pbx_id, linkedid, id FROM calls;
-- For the cascade when a call is deleted (retention) and the key check of a deleted partition's rows.
CREATE INDEX call_linkedids_call_idx ON call_linkedids (call_id);

CREATE INDEX calls_started_idx ON calls (started_at);
CREATE INDEX calls_customer_idx ON calls (customer_id, started_at DESC);
CREATE INDEX calls_agent_idx ON calls (agent_user_id, started_at DESC);
CREATE INDEX calls_live_idx ON calls (pbx_id) WHERE status <> 'ended';
CREATE INDEX calls_campaign_attempt_idx ON calls (campaign_attempt_id) WHERE campaign_attempt_id IS NOT NULL;
CREATE INDEX calls_repeat_idx ON calls (caller_number, started_at, id) WHERE direction = 'inbound' AND status = 'ended';

ALTER TABLE call_legs ADD CONSTRAINT call_legs_call_id_fkey FOREIGN KEY (call_id) REFERENCES calls(id) ON DELETE CASCADE;
ALTER TABLE wrapups ADD CONSTRAINT wrapups_call_id_fkey FOREIGN KEY (call_id) REFERENCES calls(id) ON DELETE SET NULL;
ALTER TABLE interactions ADD CONSTRAINT interactions_call_fk FOREIGN KEY (call_id) REFERENCES calls(id) ON DELETE SET NULL;
ALTER TABLE tasks ADD CONSTRAINT tasks_call_fk FOREIGN KEY (call_id) REFERENCES calls(id) ON DELETE SET NULL;
ALTER TABLE campaign_attempts ADD CONSTRAINT campaign_attempts_last_call_id_fkey FOREIGN KEY (last_call_id) REFERENCES calls(id) ON DELETE SET NULL;
ALTER TABLE campaign_dials ADD CONSTRAINT campaign_dials_call_id_fkey FOREIGN KEY (call_id) REFERENCES calls(id) ON DELETE SET NULL;
ALTER TABLE agent_state_log ADD CONSTRAINT agent_state_log_call_id_fkey FOREIGN KEY (call_id) REFERENCES calls(id) ON DELETE SET NULL;

-- The idempotency key for writers other than the repository (which inserts the key first, in the same statement):
-- adds the key, or raises unique_violation if (pbx_id, linkedid) already belongs to another call, as the old
-- UNIQUE (pbx_id, linkedid) did. Row-level, so it is cloned onto every partition (direct inserts into one too).
-- Enabled in origin mode only, like the report triggers: bulk loads in replica mode fill call_linkedids themselves.
CREATE FUNCTION calls_linkedid_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE owner bigint;
BEGIN
  SELECT call_id INTO owner FROM call_linkedids WHERE pbx_id = NEW.pbx_id AND linkedid = NEW.linkedid;
  IF NOT FOUND THEN
    INSERT INTO call_linkedids (pbx_id, linkedid, call_id) VALUES (NEW.pbx_id, NEW.linkedid, NEW.id)
      ON CONFLICT DO NOTHING RETURNING call_id INTO owner;
    IF owner IS NULL THEN
      -- Another transaction committed the same key while this one waited on it: read the winner.
      SELECT call_id INTO owner FROM call_linkedids WHERE pbx_id = NEW.pbx_id AND linkedid = NEW.linkedid;
    END IF;
  END IF;
  IF owner IS DISTINCT FROM NEW.id THEN
    RAISE EXCEPTION 'duplicate key value violates unique constraint "call_linkedids_pkey"'
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'call_linkedids_pkey', TABLE = 'call_linkedids',
        DETAIL = format('Key (pbx_id, linkedid)=(%s, %s) already belongs to call %s.', NEW.pbx_id, NEW.linkedid, owner);
  END IF;
  RETURN NULL;
END $fn$;
CREATE TRIGGER calls_linkedid_guard AFTER INSERT ON calls FOR EACH ROW EXECUTE FUNCTION calls_linkedid_guard();

-- Nothing updates pbx_id or linkedid today; if something does, the key follows (or fails on call_linkedids_pkey).
-- UPDATE OF: the trigger is not even considered for updates that do not set these columns.
CREATE FUNCTION calls_linkedid_rekey() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE call_linkedids SET pbx_id = NEW.pbx_id, linkedid = NEW.linkedid
    WHERE pbx_id = OLD.pbx_id AND linkedid = OLD.linkedid AND call_id = OLD.id;
  RETURN NULL;
END $fn$;
CREATE TRIGGER calls_linkedid_rekey AFTER UPDATE OF pbx_id, linkedid ON calls FOR EACH ROW
  WHEN (OLD.pbx_id IS DISTINCT FROM NEW.pbx_id OR OLD.linkedid IS DISTINCT FROM NEW.linkedid)
  EXECUTE FUNCTION calls_linkedid_rekey();

-- The three report triggers of 0005, unchanged (row-level triggers on a partitioned table are cloned onto its partitions).
CREATE TRIGGER calls_report_insert AFTER INSERT ON calls FOR EACH ROW WHEN (NEW.status = 'ended')
  EXECUTE FUNCTION report_calls_changed();
CREATE TRIGGER calls_report_update AFTER UPDATE ON calls FOR EACH ROW
  WHEN ((OLD.status = 'ended' OR NEW.status = 'ended') AND OLD.* IS DISTINCT FROM NEW.*)
  EXECUTE FUNCTION report_calls_changed();
CREATE TRIGGER calls_report_delete AFTER DELETE ON calls FOR EACH ROW WHEN (OLD.status = 'ended')
  EXECUTE FUNCTION report_calls_changed();

DO $$ DECLARE v record; BEGIN
  FOR v IN SELECT name, def FROM calls_dependent_views ORDER BY name DESC LOOP
    EXECUTE format('CREATE VIEW %I AS %s', v.name, v.def);
  END LOOP;
END $$;

-- The report triggers look up a call's repeat-caller neighbours by caller number and started_at, which is not the
-- partition key: every partition is searched. Written inline (0005: a LATERAL of three EXISTS in
-- report_call_facts_v, and report_neighbours as a SQL function) those searches were planned again for every call,
-- about 2 ms per partitioned search with 29 partitions, and an ended call ran three of them (18-21 ms per call end
-- instead of 4-5 ms on the plain table; 5 ms with these functions: docs/SCALING.md section 4). As plpgsql functions their plans are cached per session. Same queries, same results; STABLE, so
-- they read the snapshot of the query that calls them, as the inline subqueries did.
CREATE FUNCTION report_repeat_flags(p_id bigint, p_direction text, p_number text, p_at timestamptz,
  OUT prev24 boolean, OUT prev7 boolean, OUT next7 boolean) LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  IF p_direction IS DISTINCT FROM 'inbound' OR p_number IS NULL THEN RETURN; END IF;
  SELECT
    EXISTS (SELECT 1 FROM calls p WHERE p.direction = 'inbound' AND p.status = 'ended' AND p.caller_number = p_number
      AND p.started_at >= p_at - interval '24 hours' AND (p.started_at, p.id) < (p_at, p_id)),
    EXISTS (SELECT 1 FROM calls p WHERE p.direction = 'inbound' AND p.status = 'ended' AND p.caller_number = p_number
      AND p.started_at >= p_at - interval '7 days' AND (p.started_at, p.id) < (p_at, p_id)),
    EXISTS (SELECT 1 FROM calls p WHERE p.direction = 'inbound' AND p.status = 'ended' AND p.caller_number = p_number
      AND p.started_at <= p_at + interval '7 days' AND (p.started_at, p.id) > (p_at, p_id))
  INTO prev24, prev7, next7;
END $fn$;

CREATE OR REPLACE FUNCTION report_neighbours(p_direction text, p_number text, p_at timestamptz) RETURNS bigint[] LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  IF p_direction IS DISTINCT FROM 'inbound' OR p_number IS NULL THEN RETURN '{}'; END IF;
  RETURN (SELECT COALESCE(array_agg(id), '{}') FROM calls
    WHERE direction = 'inbound' AND status = 'ended' AND caller_number = p_number
      AND started_at BETWEEN p_at - interval '7 days' AND p_at + interval '7 days');
END $fn$;

-- 0005's per-call facts view with its repeat-caller LATERAL replaced by report_repeat_flags (the flags are NULL for
-- calls that are not inbound with a number, as the LEFT JOIN made them). report_call_facts_full_v (rebuilds) is
-- planned once per rebuild and stays as it was.
CREATE OR REPLACE VIEW report_call_facts_v AS
SELECT c.id AS call_id, c.started_at, COALESCE(c.queue_name, '') AS queue_name, COALESCE(c.agent_user_id, 0)::bigint AS agent_user_id,
  COALESCE(w.disposition_code, '') AS disposition_code, c.direction,
  COALESCE((1)::bigint, 0) AS calls,
  COALESCE((x.offered::int)::bigint, 0) AS offered,
  COALESCE(((x.offered AND x.answered)::int)::bigint, 0) AS answered,
  COALESCE((x.abandoned::int)::bigint, 0) AS abandoned,
  COALESCE(((x.offered AND NOT x.answered AND NOT x.abandoned)::int)::bigint, 0) AS unanswered,
  COALESCE(((x.offered AND x.answered AND x.wait <= x.sl)::int)::bigint, 0) AS answered_in_sl,
  COALESCE(((x.abandoned AND x.wait > x.sl)::int)::bigint, 0) AS abandoned_after_sl,
  COALESCE((CASE WHEN x.offered AND x.answered THEN x.wait ELSE 0 END)::bigint, 0) AS wait_answered_s,
  COALESCE((CASE WHEN x.abandoned THEN x.wait ELSE 0 END)::bigint, 0) AS wait_abandoned_s,
  COALESCE(((x.abandoned AND x.wait < 5)::int)::bigint, 0) AS ab_lt5,
  COALESCE(((x.abandoned AND x.wait >= 5 AND x.wait < 15)::int)::bigint, 0) AS ab_5_15,
  COALESCE(((x.abandoned AND x.wait >= 15 AND x.wait < 30)::int)::bigint, 0) AS ab_15_30,
  COALESCE(((x.abandoned AND x.wait >= 30 AND x.wait < 60)::int)::bigint, 0) AS ab_30_60,
  COALESCE(((x.abandoned AND x.wait >= 60 AND x.wait < 120)::int)::bigint, 0) AS ab_60_120,
  COALESCE(((x.abandoned AND x.wait >= 120)::int)::bigint, 0) AS ab_120p,
  COALESCE((x.answered::int)::bigint, 0) AS handled,
  COALESCE((CASE WHEN x.answered THEN GREATEST(0, COALESCE(c.talk_seconds, GREATEST(0, round(extract(epoch FROM c.ended_at - c.answered_at)))::int) - c.hold_seconds) ELSE 0 END)::bigint, 0) AS talk_s,
  COALESCE((CASE WHEN x.answered THEN c.hold_seconds ELSE 0 END)::bigint, 0) AS hold_s,
  COALESCE(((x.answered AND w.disposition_code IS NOT NULL)::int)::bigint, 0) AS wrapups,
  COALESCE((CASE WHEN x.answered AND w.disposition_code IS NOT NULL THEN w.wrap_s ELSE 0 END)::bigint, 0) AS wrap_s,
  COALESCE((x.repeat_base::int)::bigint, 0) AS repeat_base,
  COALESCE(((x.repeat_base AND COALESCE(n.prev24, false))::int)::bigint, 0) AS repeat_24h,
  COALESCE(((x.repeat_base AND COALESCE(n.prev7, false))::int)::bigint, 0) AS repeat_7d,
  COALESCE(((x.repeat_base AND x.answered AND w.disposition_code IS NOT NULL)::int)::bigint, 0) AS fcr_eligible,
  COALESCE(((x.repeat_base AND x.answered AND d.category = 'resolved' AND NOT COALESCE(n.next7, false))::int)::bigint, 0) AS fcr
FROM calls c
CROSS JOIN report_settings s
LEFT JOIN queues q ON q.name = c.queue_name
LEFT JOIN LATERAL (
  SELECT wu.disposition_code, GREATEST(0, round(extract(epoch FROM wu.submitted_at - wu.started_at)))::bigint AS wrap_s FROM wrapups wu WHERE wu.call_id = c.id
  ORDER BY (wu.user_id IS NOT DISTINCT FROM c.agent_user_id) DESC, wu.submitted_at DESC, wu.id DESC LIMIT 1
) w ON true
LEFT JOIN dispositions d ON d.code = w.disposition_code
CROSS JOIN LATERAL report_repeat_flags(c.id, c.direction, c.caller_number, c.started_at) n
CROSS JOIN LATERAL (
  SELECT c.queue_name IS NOT NULL AS offered, c.answered_at IS NOT NULL AS answered,
    c.queue_name IS NOT NULL AND c.answered_at IS NULL AND c.outcome = 'abandoned' AS abandoned,
    c.direction = 'inbound' AND c.caller_number IS NOT NULL AS repeat_base,
    COALESCE(c.wait_seconds, GREATEST(0, round(extract(epoch FROM COALESCE(c.answered_at, c.ended_at) - COALESCE(c.queued_at, c.started_at))))::int) AS wait,
    COALESCE(q.service_level_seconds, s.default_service_level_seconds) AS sl
) x
WHERE c.status = 'ended';

-- This month and the next months_ahead, for interactions (0008) and now calls.
CREATE OR REPLACE FUNCTION warmline_ensure_partitions(months_ahead integer DEFAULT 3) RETURNS integer LANGUAGE sql AS $$
  SELECT warmline_ensure_month_partitions('interactions', 'occurred_at',
      date_trunc('month', now() AT TIME ZONE 'UTC')::date,
      (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => months_ahead))::date)
    + warmline_ensure_id_month_partitions('calls',
      date_trunc('month', now() AT TIME ZONE 'UTC')::date,
      (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => months_ahead))::date)
$$;

ANALYZE calls;
ANALYZE call_linkedids;
