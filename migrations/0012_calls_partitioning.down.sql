-- Back to the plain calls table of 0003 with UNIQUE (pbx_id, linkedid). Ids are kept (the time-based ones too);
-- the identity continues after the largest.
-- 0005's report_call_facts_v and report_neighbours, before the views are recreated on the plain table below.
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
LEFT JOIN LATERAL (
  SELECT
    EXISTS (SELECT 1 FROM calls p WHERE p.direction = 'inbound' AND p.status = 'ended' AND p.caller_number = c.caller_number
      AND p.started_at >= c.started_at - interval '24 hours' AND (p.started_at, p.id) < (c.started_at, c.id)) AS prev24,
    EXISTS (SELECT 1 FROM calls p WHERE p.direction = 'inbound' AND p.status = 'ended' AND p.caller_number = c.caller_number
      AND p.started_at >= c.started_at - interval '7 days' AND (p.started_at, p.id) < (c.started_at, c.id)) AS prev7,
    EXISTS (SELECT 1 FROM calls p WHERE p.direction = 'inbound' AND p.status = 'ended' AND p.caller_number = c.caller_number
      AND p.started_at <= c.started_at + interval '7 days' AND (p.started_at, p.id) > (c.started_at, c.id)) AS next7
  WHERE c.direction = 'inbound' AND c.caller_number IS NOT NULL
) n ON true
CROSS JOIN LATERAL (
  SELECT c.queue_name IS NOT NULL AS offered, c.answered_at IS NOT NULL AS answered,
    c.queue_name IS NOT NULL AND c.answered_at IS NULL AND c.outcome = 'abandoned' AS abandoned,
    c.direction = 'inbound' AND c.caller_number IS NOT NULL AS repeat_base,
    COALESCE(c.wait_seconds, GREATEST(0, round(extract(epoch FROM COALESCE(c.answered_at, c.ended_at) - COALESCE(c.queued_at, c.started_at))))::int) AS wait,
    COALESCE(q.service_level_seconds, s.default_service_level_seconds) AS sl
) x
WHERE c.status = 'ended';
CREATE OR REPLACE FUNCTION report_neighbours(p_direction text, p_number text, p_at timestamptz) RETURNS bigint[] LANGUAGE sql STABLE AS $fn$
  SELECT COALESCE(array_agg(id), '{}') FROM calls
  WHERE p_direction = 'inbound' AND p_number IS NOT NULL
    AND direction = 'inbound' AND status = 'ended' AND caller_number = p_number
    AND started_at BETWEEN p_at - interval '7 days' AND p_at + interval '7 days'
$fn$;
DROP FUNCTION report_repeat_flags(bigint, text, text, timestamptz);

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

CREATE OR REPLACE FUNCTION warmline_ensure_partitions(months_ahead integer DEFAULT 3) RETURNS integer LANGUAGE sql AS $$
  SELECT warmline_ensure_month_partitions('interactions', 'occurred_at',
    date_trunc('month', now() AT TIME ZONE 'UTC')::date,
    (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => months_ahead))::date)
$$;
DROP FUNCTION warmline_ensure_id_month_partitions(regclass, date, date);
DROP TABLE call_linkedids;

ALTER TABLE calls RENAME TO calls_partitioned;
ALTER TABLE calls_partitioned ALTER COLUMN id DROP DEFAULT;
DROP FUNCTION calls_id_for(timestamptz);
DROP SEQUENCE calls_id_seq;
ALTER TABLE calls_partitioned RENAME CONSTRAINT calls_pkey TO calls_partitioned_pkey;
DROP INDEX calls_started_idx, calls_customer_idx, calls_agent_idx, calls_live_idx, calls_campaign_attempt_idx, calls_repeat_idx;

CREATE TABLE calls (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
  UNIQUE (pbx_id, linkedid)
);
INSERT INTO calls OVERRIDING SYSTEM VALUE SELECT * FROM calls_partitioned;
SELECT setval(pg_get_serial_sequence('calls', 'id'), COALESCE((SELECT max(id) FROM calls), 0) + 1, false);
DROP TABLE calls_partitioned;
DROP FUNCTION calls_linkedid_guard();
DROP FUNCTION calls_linkedid_rekey();

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
