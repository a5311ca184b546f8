-- Reports: exact, incrementally maintained call rollups (docs/REPORTS.md explains the design and the formulas).
-- report_call_facts holds what was folded for each ended call, so any change (late wrap-up, an earlier call
-- ending late and turning a later one into a repeat, a queue's threshold changing) is applied as the exact
-- difference between the stored facts and the facts recomputed now. Rollups are only ever changed by deltas.

-- The service-level threshold for calls whose queue has no row in queues (synced from config.serviceLevelSeconds).
CREATE TABLE report_settings (
  id                            boolean PRIMARY KEY DEFAULT true CHECK (id),
  default_service_level_seconds integer NOT NULL DEFAULT 20 CHECK (default_service_level_seconds > 0)
);
INSERT INTO report_settings DEFAULT VALUES;

CREATE TABLE report_call_facts (
  call_id          bigint PRIMARY KEY,
  started_at       timestamptz NOT NULL,
  queue_name       text NOT NULL,
  agent_user_id    bigint NOT NULL,
  disposition_code text NOT NULL,
  direction        text NOT NULL,
  calls bigint NOT NULL DEFAULT 0,
  offered bigint NOT NULL DEFAULT 0,
  answered bigint NOT NULL DEFAULT 0,
  abandoned bigint NOT NULL DEFAULT 0,
  unanswered bigint NOT NULL DEFAULT 0,
  answered_in_sl bigint NOT NULL DEFAULT 0,
  abandoned_after_sl bigint NOT NULL DEFAULT 0,
  wait_answered_s bigint NOT NULL DEFAULT 0,
  wait_abandoned_s bigint NOT NULL DEFAULT 0,
  ab_lt5 bigint NOT NULL DEFAULT 0,
  ab_5_15 bigint NOT NULL DEFAULT 0,
  ab_15_30 bigint NOT NULL DEFAULT 0,
  ab_30_60 bigint NOT NULL DEFAULT 0,
  ab_60_120 bigint NOT NULL DEFAULT 0,
  ab_120p bigint NOT NULL DEFAULT 0,
  handled bigint NOT NULL DEFAULT 0,
  talk_s bigint NOT NULL DEFAULT 0,
  hold_s bigint NOT NULL DEFAULT 0,
  wrapups bigint NOT NULL DEFAULT 0,
  wrap_s bigint NOT NULL DEFAULT 0,
  repeat_base bigint NOT NULL DEFAULT 0,
  repeat_24h bigint NOT NULL DEFAULT 0,
  repeat_7d bigint NOT NULL DEFAULT 0,
  fcr_eligible bigint NOT NULL DEFAULT 0,
  fcr bigint NOT NULL DEFAULT 0
);
CREATE INDEX report_call_facts_started_idx ON report_call_facts (started_at);

-- Keys use '' (no queue / no disposition) and 0 (no agent) rather than NULL so they can be primary keys.
CREATE TABLE report_calls_15m (
  bucket timestamptz NOT NULL,
  queue_name text NOT NULL,
  direction text NOT NULL,
  calls bigint NOT NULL DEFAULT 0,
  offered bigint NOT NULL DEFAULT 0,
  answered bigint NOT NULL DEFAULT 0,
  abandoned bigint NOT NULL DEFAULT 0,
  unanswered bigint NOT NULL DEFAULT 0,
  answered_in_sl bigint NOT NULL DEFAULT 0,
  abandoned_after_sl bigint NOT NULL DEFAULT 0,
  wait_answered_s bigint NOT NULL DEFAULT 0,
  wait_abandoned_s bigint NOT NULL DEFAULT 0,
  ab_lt5 bigint NOT NULL DEFAULT 0,
  ab_5_15 bigint NOT NULL DEFAULT 0,
  ab_15_30 bigint NOT NULL DEFAULT 0,
  ab_30_60 bigint NOT NULL DEFAULT 0,
  ab_60_120 bigint NOT NULL DEFAULT 0,
  ab_120p bigint NOT NULL DEFAULT 0,
  handled bigint NOT NULL DEFAULT 0,
  talk_s bigint NOT NULL DEFAULT 0,
  hold_s bigint NOT NULL DEFAULT 0,
  wrapups bigint NOT NULL DEFAULT 0,
  wrap_s bigint NOT NULL DEFAULT 0,
  repeat_base bigint NOT NULL DEFAULT 0,
  repeat_24h bigint NOT NULL DEFAULT 0,
  repeat_7d bigint NOT NULL DEFAULT 0,
  fcr_eligible bigint NOT NULL DEFAULT 0,
  fcr bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, queue_name, direction)
);
CREATE TABLE report_calls_agent_1h (
  bucket timestamptz NOT NULL,
  agent_user_id bigint NOT NULL,
  queue_name text NOT NULL,
  direction text NOT NULL,
  calls bigint NOT NULL DEFAULT 0,
  offered bigint NOT NULL DEFAULT 0,
  answered bigint NOT NULL DEFAULT 0,
  abandoned bigint NOT NULL DEFAULT 0,
  unanswered bigint NOT NULL DEFAULT 0,
  answered_in_sl bigint NOT NULL DEFAULT 0,
  abandoned_after_sl bigint NOT NULL DEFAULT 0,
  wait_answered_s bigint NOT NULL DEFAULT 0,
  wait_abandoned_s bigint NOT NULL DEFAULT 0,
  ab_lt5 bigint NOT NULL DEFAULT 0,
  ab_5_15 bigint NOT NULL DEFAULT 0,
  ab_15_30 bigint NOT NULL DEFAULT 0,
  ab_30_60 bigint NOT NULL DEFAULT 0,
  ab_60_120 bigint NOT NULL DEFAULT 0,
  ab_120p bigint NOT NULL DEFAULT 0,
  handled bigint NOT NULL DEFAULT 0,
  talk_s bigint NOT NULL DEFAULT 0,
  hold_s bigint NOT NULL DEFAULT 0,
  wrapups bigint NOT NULL DEFAULT 0,
  wrap_s bigint NOT NULL DEFAULT 0,
  repeat_base bigint NOT NULL DEFAULT 0,
  repeat_24h bigint NOT NULL DEFAULT 0,
  repeat_7d bigint NOT NULL DEFAULT 0,
  fcr_eligible bigint NOT NULL DEFAULT 0,
  fcr bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, agent_user_id, queue_name, direction)
);
CREATE TABLE report_calls_disposition_1h (
  bucket timestamptz NOT NULL,
  disposition_code text NOT NULL,
  queue_name text NOT NULL,
  direction text NOT NULL,
  calls bigint NOT NULL DEFAULT 0,
  offered bigint NOT NULL DEFAULT 0,
  answered bigint NOT NULL DEFAULT 0,
  abandoned bigint NOT NULL DEFAULT 0,
  unanswered bigint NOT NULL DEFAULT 0,
  answered_in_sl bigint NOT NULL DEFAULT 0,
  abandoned_after_sl bigint NOT NULL DEFAULT 0,
  wait_answered_s bigint NOT NULL DEFAULT 0,
  wait_abandoned_s bigint NOT NULL DEFAULT 0,
  ab_lt5 bigint NOT NULL DEFAULT 0,
  ab_5_15 bigint NOT NULL DEFAULT 0,
  ab_15_30 bigint NOT NULL DEFAULT 0,
  ab_30_60 bigint NOT NULL DEFAULT 0,
  ab_60_120 bigint NOT NULL DEFAULT 0,
  ab_120p bigint NOT NULL DEFAULT 0,
  handled bigint NOT NULL DEFAULT 0,
  talk_s bigint NOT NULL DEFAULT 0,
  hold_s bigint NOT NULL DEFAULT 0,
  wrapups bigint NOT NULL DEFAULT 0,
  wrap_s bigint NOT NULL DEFAULT 0,
  repeat_base bigint NOT NULL DEFAULT 0,
  repeat_24h bigint NOT NULL DEFAULT 0,
  repeat_7d bigint NOT NULL DEFAULT 0,
  fcr_eligible bigint NOT NULL DEFAULT 0,
  fcr bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, disposition_code, queue_name, direction)
);

-- Repeat-caller and first-contact-resolution look-ups (previous / next inbound call from the same number).
CREATE INDEX calls_repeat_idx ON calls (caller_number, started_at, id) WHERE direction = 'inbound' AND status = 'ended';
-- Interval-overlap queries for occupancy and pause time.
CREATE INDEX agent_state_log_range_idx ON agent_state_log USING gist (tstzrange(started_at, ended_at, '[)'));
-- Analytical reports.
CREATE INDEX cases_kind_opened_idx ON cases (kind, opened_at);
CREATE INDEX customers_birthday_md_idx ON customers (((extract(month FROM birthday) * 100 + extract(day FROM birthday))::int))
  WHERE birthday IS NOT NULL;
CREATE INDEX customers_lead_source_value_idx ON customers (lead_source_id, acquired_at) INCLUDE (total_spend);
CREATE INDEX campaign_attempts_campaign_outcome_idx ON campaign_attempts (campaign_id, outcome);

-- Per-call facts, written so that WHERE call_id = ... is pushed down (used by the triggers).
CREATE VIEW report_call_facts_v AS
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

-- The same facts computed set-based with window functions: the full recomputation (rebuild, tests).
CREATE VIEW report_call_facts_full_v AS
WITH wr AS (
  SELECT DISTINCT ON (wu.call_id) wu.call_id, wu.disposition_code, GREATEST(0, round(extract(epoch FROM wu.submitted_at - wu.started_at)))::bigint AS wrap_s
  FROM wrapups wu JOIN calls cc ON cc.id = wu.call_id
  ORDER BY wu.call_id, (wu.user_id IS NOT DISTINCT FROM cc.agent_user_id) DESC, wu.submitted_at DESC, wu.id DESC
), nb AS (
  SELECT id,
    lag(started_at) OVER p >= started_at - interval '24 hours' AS prev24,
    lag(started_at) OVER p >= started_at - interval '7 days' AS prev7,
    lead(started_at) OVER p <= started_at + interval '7 days' AS next7
  FROM calls WHERE direction = 'inbound' AND status = 'ended' AND caller_number IS NOT NULL
  WINDOW p AS (PARTITION BY caller_number ORDER BY started_at, id)
)
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
LEFT JOIN wr w ON w.call_id = c.id
LEFT JOIN dispositions d ON d.code = w.disposition_code
LEFT JOIN nb n ON n.id = c.id
CROSS JOIN LATERAL (
  SELECT c.queue_name IS NOT NULL AS offered, c.answered_at IS NOT NULL AS answered,
    c.queue_name IS NOT NULL AND c.answered_at IS NULL AND c.outcome = 'abandoned' AS abandoned,
    c.direction = 'inbound' AND c.caller_number IS NOT NULL AS repeat_base,
    COALESCE(c.wait_seconds, GREATEST(0, round(extract(epoch FROM COALESCE(c.answered_at, c.ended_at) - COALESCE(c.queued_at, c.started_at))))::int) AS wait,
    COALESCE(q.service_level_seconds, s.default_service_level_seconds) AS sl
) x
WHERE c.status = 'ended';

-- Re-derives the facts of the given calls and applies (new - old) to every rollup in one statement.
CREATE FUNCTION report_refold(p_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF p_ids IS NULL OR cardinality(p_ids) = 0 THEN RETURN; END IF;
  -- Two transactions refolding the same call would both read the same "old" facts: serialise per call, in id
  -- order so that concurrent refolds cannot deadlock on each other.
  PERFORM pg_advisory_xact_lock(7324605, (id % 2147483647)::int)
    FROM (SELECT DISTINCT id FROM unnest(p_ids) AS u(id) WHERE id IS NOT NULL ORDER BY id) s;
  WITH d AS (
    SELECT -1 AS s, f.* FROM report_call_facts f WHERE f.call_id = ANY(p_ids)
    UNION ALL
    SELECT 1 AS s, v.* FROM report_call_facts_v v WHERE v.call_id = ANY(p_ids)
  ), up AS (
    INSERT INTO report_call_facts AS t SELECT call_id, started_at, queue_name, agent_user_id, disposition_code, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr FROM d WHERE s = 1
    ON CONFLICT (call_id) DO UPDATE SET started_at = excluded.started_at, queue_name = excluded.queue_name, agent_user_id = excluded.agent_user_id, disposition_code = excluded.disposition_code, direction = excluded.direction, calls = excluded.calls, offered = excluded.offered, answered = excluded.answered, abandoned = excluded.abandoned, unanswered = excluded.unanswered, answered_in_sl = excluded.answered_in_sl, abandoned_after_sl = excluded.abandoned_after_sl, wait_answered_s = excluded.wait_answered_s, wait_abandoned_s = excluded.wait_abandoned_s, ab_lt5 = excluded.ab_lt5, ab_5_15 = excluded.ab_5_15, ab_15_30 = excluded.ab_15_30, ab_30_60 = excluded.ab_30_60, ab_60_120 = excluded.ab_60_120, ab_120p = excluded.ab_120p, handled = excluded.handled, talk_s = excluded.talk_s, hold_s = excluded.hold_s, wrapups = excluded.wrapups, wrap_s = excluded.wrap_s, repeat_base = excluded.repeat_base, repeat_24h = excluded.repeat_24h, repeat_7d = excluded.repeat_7d, fcr_eligible = excluded.fcr_eligible, fcr = excluded.fcr
    RETURNING call_id
  ), del AS (
    DELETE FROM report_call_facts WHERE call_id = ANY(p_ids) AND call_id NOT IN (SELECT call_id FROM d WHERE s = 1)
    RETURNING call_id
  ), dd AS (
    SELECT d.*, s * calls AS x_calls, s * offered AS x_offered, s * answered AS x_answered, s * abandoned AS x_abandoned, s * unanswered AS x_unanswered, s * answered_in_sl AS x_answered_in_sl, s * abandoned_after_sl AS x_abandoned_after_sl, s * wait_answered_s AS x_wait_answered_s, s * wait_abandoned_s AS x_wait_abandoned_s, s * ab_lt5 AS x_ab_lt5, s * ab_5_15 AS x_ab_5_15, s * ab_15_30 AS x_ab_15_30, s * ab_30_60 AS x_ab_30_60, s * ab_60_120 AS x_ab_60_120, s * ab_120p AS x_ab_120p, s * handled AS x_handled, s * talk_s AS x_talk_s, s * hold_s AS x_hold_s, s * wrapups AS x_wrapups, s * wrap_s AS x_wrap_s, s * repeat_base AS x_repeat_base, s * repeat_24h AS x_repeat_24h, s * repeat_7d AS x_repeat_7d, s * fcr_eligible AS x_fcr_eligible, s * fcr AS x_fcr FROM d
  ), r1 AS (
    INSERT INTO report_calls_agent_1h AS t (bucket, agent_user_id, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr)
      SELECT date_bin('1 hour', started_at, timestamptz '2000-01-01 00:00+00') AS bucket, agent_user_id, queue_name, direction, sum(x_calls), sum(x_offered), sum(x_answered), sum(x_abandoned), sum(x_unanswered), sum(x_answered_in_sl), sum(x_abandoned_after_sl), sum(x_wait_answered_s), sum(x_wait_abandoned_s), sum(x_ab_lt5), sum(x_ab_5_15), sum(x_ab_15_30), sum(x_ab_30_60), sum(x_ab_60_120), sum(x_ab_120p), sum(x_handled), sum(x_talk_s), sum(x_hold_s), sum(x_wrapups), sum(x_wrap_s), sum(x_repeat_base), sum(x_repeat_24h), sum(x_repeat_7d), sum(x_fcr_eligible), sum(x_fcr)
      FROM dd GROUP BY 1, 2, 3, 4
      ON CONFLICT (bucket, agent_user_id, queue_name, direction) DO UPDATE SET
        calls = t.calls + excluded.calls, offered = t.offered + excluded.offered, answered = t.answered + excluded.answered, abandoned = t.abandoned + excluded.abandoned, unanswered = t.unanswered + excluded.unanswered, answered_in_sl = t.answered_in_sl + excluded.answered_in_sl, abandoned_after_sl = t.abandoned_after_sl + excluded.abandoned_after_sl, wait_answered_s = t.wait_answered_s + excluded.wait_answered_s, wait_abandoned_s = t.wait_abandoned_s + excluded.wait_abandoned_s, ab_lt5 = t.ab_lt5 + excluded.ab_lt5, ab_5_15 = t.ab_5_15 + excluded.ab_5_15, ab_15_30 = t.ab_15_30 + excluded.ab_15_30, ab_30_60 = t.ab_30_60 + excluded.ab_30_60, ab_60_120 = t.ab_60_120 + excluded.ab_60_120, ab_120p = t.ab_120p + excluded.ab_120p, handled = t.handled + excluded.handled, talk_s = t.talk_s + excluded.talk_s, hold_s = t.hold_s + excluded.hold_s, wrapups = t.wrapups + excluded.wrapups, wrap_s = t.wrap_s + excluded.wrap_s, repeat_base = t.repeat_base + excluded.repeat_base, repeat_24h = t.repeat_24h + excluded.repeat_24h, repeat_7d = t.repeat_7d + excluded.repeat_7d, fcr_eligible = t.fcr_eligible + excluded.fcr_eligible, fcr = t.fcr + excluded.fcr
    RETURNING 1
  ), r2 AS (
    INSERT INTO report_calls_disposition_1h AS t (bucket, disposition_code, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr)
      SELECT date_bin('1 hour', started_at, timestamptz '2000-01-01 00:00+00') AS bucket, disposition_code, queue_name, direction, sum(x_calls), sum(x_offered), sum(x_answered), sum(x_abandoned), sum(x_unanswered), sum(x_answered_in_sl), sum(x_abandoned_after_sl), sum(x_wait_answered_s), sum(x_wait_abandoned_s), sum(x_ab_lt5), sum(x_ab_5_15), sum(x_ab_15_30), sum(x_ab_30_60), sum(x_ab_60_120), sum(x_ab_120p), sum(x_handled), sum(x_talk_s), sum(x_hold_s), sum(x_wrapups), sum(x_wrap_s), sum(x_repeat_base), sum(x_repeat_24h), sum(x_repeat_7d), sum(x_fcr_eligible), sum(x_fcr)
      FROM dd GROUP BY 1, 2, 3, 4
      ON CONFLICT (bucket, disposition_code, queue_name, direction) DO UPDATE SET
        calls = t.calls + excluded.calls, offered = t.offered + excluded.offered, answered = t.answered + excluded.answered, abandoned = t.abandoned + excluded.abandoned, unanswered = t.unanswered + excluded.unanswered, answered_in_sl = t.answered_in_sl + excluded.answered_in_sl, abandoned_after_sl = t.abandoned_after_sl + excluded.abandoned_after_sl, wait_answered_s = t.wait_answered_s + excluded.wait_answered_s, wait_abandoned_s = t.wait_abandoned_s + excluded.wait_abandoned_s, ab_lt5 = t.ab_lt5 + excluded.ab_lt5, ab_5_15 = t.ab_5_15 + excluded.ab_5_15, ab_15_30 = t.ab_15_30 + excluded.ab_15_30, ab_30_60 = t.ab_30_60 + excluded.ab_30_60, ab_60_120 = t.ab_60_120 + excluded.ab_60_120, ab_120p = t.ab_120p + excluded.ab_120p, handled = t.handled + excluded.handled, talk_s = t.talk_s + excluded.talk_s, hold_s = t.hold_s + excluded.hold_s, wrapups = t.wrapups + excluded.wrapups, wrap_s = t.wrap_s + excluded.wrap_s, repeat_base = t.repeat_base + excluded.repeat_base, repeat_24h = t.repeat_24h + excluded.repeat_24h, repeat_7d = t.repeat_7d + excluded.repeat_7d, fcr_eligible = t.fcr_eligible + excluded.fcr_eligible, fcr = t.fcr + excluded.fcr
    RETURNING 1
  )
  INSERT INTO report_calls_15m AS t (bucket, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr)
    SELECT date_bin('15 minutes', started_at, timestamptz '2000-01-01 00:00+00') AS bucket, queue_name, direction, sum(x_calls), sum(x_offered), sum(x_answered), sum(x_abandoned), sum(x_unanswered), sum(x_answered_in_sl), sum(x_abandoned_after_sl), sum(x_wait_answered_s), sum(x_wait_abandoned_s), sum(x_ab_lt5), sum(x_ab_5_15), sum(x_ab_15_30), sum(x_ab_30_60), sum(x_ab_60_120), sum(x_ab_120p), sum(x_handled), sum(x_talk_s), sum(x_hold_s), sum(x_wrapups), sum(x_wrap_s), sum(x_repeat_base), sum(x_repeat_24h), sum(x_repeat_7d), sum(x_fcr_eligible), sum(x_fcr)
    FROM dd GROUP BY 1, 2, 3
    ON CONFLICT (bucket, queue_name, direction) DO UPDATE SET
      calls = t.calls + excluded.calls, offered = t.offered + excluded.offered, answered = t.answered + excluded.answered, abandoned = t.abandoned + excluded.abandoned, unanswered = t.unanswered + excluded.unanswered, answered_in_sl = t.answered_in_sl + excluded.answered_in_sl, abandoned_after_sl = t.abandoned_after_sl + excluded.abandoned_after_sl, wait_answered_s = t.wait_answered_s + excluded.wait_answered_s, wait_abandoned_s = t.wait_abandoned_s + excluded.wait_abandoned_s, ab_lt5 = t.ab_lt5 + excluded.ab_lt5, ab_5_15 = t.ab_5_15 + excluded.ab_5_15, ab_15_30 = t.ab_15_30 + excluded.ab_15_30, ab_30_60 = t.ab_30_60 + excluded.ab_30_60, ab_60_120 = t.ab_60_120 + excluded.ab_60_120, ab_120p = t.ab_120p + excluded.ab_120p, handled = t.handled + excluded.handled, talk_s = t.talk_s + excluded.talk_s, hold_s = t.hold_s + excluded.hold_s, wrapups = t.wrapups + excluded.wrapups, wrap_s = t.wrap_s + excluded.wrap_s, repeat_base = t.repeat_base + excluded.repeat_base, repeat_24h = t.repeat_24h + excluded.repeat_24h, repeat_7d = t.repeat_7d + excluded.repeat_7d, fcr_eligible = t.fcr_eligible + excluded.fcr_eligible, fcr = t.fcr + excluded.fcr;
END $fn$;

-- Ended inbound calls from the same number within 7 days either side: their repeat / FCR flags depend on this call.
CREATE FUNCTION report_neighbours(p_direction text, p_number text, p_at timestamptz) RETURNS bigint[] LANGUAGE sql STABLE AS $fn$
  SELECT COALESCE(array_agg(id), '{}') FROM calls
  WHERE p_direction = 'inbound' AND p_number IS NOT NULL
    AND direction = 'inbound' AND status = 'ended' AND caller_number = p_number
    AND started_at BETWEEN p_at - interval '7 days' AND p_at + interval '7 days'
$fn$;

CREATE FUNCTION report_calls_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE ids bigint[] := '{}';
BEGIN
  IF TG_OP <> 'INSERT' THEN ids := ids || OLD.id || report_neighbours(OLD.direction, OLD.caller_number, OLD.started_at); END IF;
  IF TG_OP <> 'DELETE' THEN ids := ids || NEW.id || report_neighbours(NEW.direction, NEW.caller_number, NEW.started_at); END IF;
  PERFORM report_refold(ids);
  RETURN NULL;
END $fn$;
-- Live calls are not in reports: only rows that are or were 'ended' are folded.
CREATE TRIGGER calls_report_insert AFTER INSERT ON calls FOR EACH ROW WHEN (NEW.status = 'ended')
  EXECUTE FUNCTION report_calls_changed();
CREATE TRIGGER calls_report_update AFTER UPDATE ON calls FOR EACH ROW
  WHEN ((OLD.status = 'ended' OR NEW.status = 'ended') AND OLD.* IS DISTINCT FROM NEW.*)
  EXECUTE FUNCTION report_calls_changed();
CREATE TRIGGER calls_report_delete AFTER DELETE ON calls FOR EACH ROW WHEN (OLD.status = 'ended')
  EXECUTE FUNCTION report_calls_changed();

CREATE FUNCTION report_wrapups_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM report_refold(array_remove(ARRAY[
    CASE WHEN TG_OP <> 'INSERT' THEN OLD.call_id END,
    CASE WHEN TG_OP <> 'DELETE' THEN NEW.call_id END], NULL));
  RETURN NULL;
END $fn$;
CREATE TRIGGER wrapups_report AFTER INSERT OR UPDATE OR DELETE ON wrapups FOR EACH ROW
  EXECUTE FUNCTION report_wrapups_changed();

-- Rare admin changes that alter how already-folded calls are judged: refold the calls concerned.
CREATE FUNCTION report_dispositions_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM report_refold(ARRAY(SELECT call_id FROM report_call_facts WHERE disposition_code IN (OLD.code, NEW.code)));
  RETURN NULL;
END $fn$;
CREATE TRIGGER dispositions_report AFTER UPDATE OF code, category ON dispositions FOR EACH ROW
  EXECUTE FUNCTION report_dispositions_changed();

CREATE FUNCTION report_queues_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM report_refold(ARRAY(SELECT call_id FROM report_call_facts WHERE offered = 1 AND queue_name IN (
    CASE WHEN TG_OP <> 'INSERT' THEN OLD.name END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.name END)));
  RETURN NULL;
END $fn$;
CREATE TRIGGER queues_report AFTER INSERT OR DELETE OR UPDATE OF name, service_level_seconds ON queues FOR EACH ROW
  EXECUTE FUNCTION report_queues_changed();

CREATE FUNCTION report_settings_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM report_refold(ARRAY(SELECT f.call_id FROM report_call_facts f
    WHERE f.offered = 1 AND NOT EXISTS (SELECT 1 FROM queues q WHERE q.name = f.queue_name)));
  RETURN NULL;
END $fn$;
CREATE TRIGGER report_settings_report AFTER UPDATE ON report_settings FOR EACH ROW
  WHEN (OLD.default_service_level_seconds IS DISTINCT FROM NEW.default_service_level_seconds)
  EXECUTE FUNCTION report_settings_changed();

-- Full set-based rebuild (bulk loads with triggers disabled, repair). Takes an exclusive lock on the rollups.
CREATE FUNCTION report_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  TRUNCATE report_call_facts, report_calls_15m, report_calls_agent_1h, report_calls_disposition_1h;
  INSERT INTO report_call_facts SELECT * FROM report_call_facts_full_v;
  INSERT INTO report_calls_15m (bucket, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr)
    SELECT date_bin('15 minutes', started_at, timestamptz '2000-01-01 00:00+00') AS bucket, queue_name, direction, sum(calls), sum(offered), sum(answered), sum(abandoned), sum(unanswered), sum(answered_in_sl), sum(abandoned_after_sl), sum(wait_answered_s), sum(wait_abandoned_s), sum(ab_lt5), sum(ab_5_15), sum(ab_15_30), sum(ab_30_60), sum(ab_60_120), sum(ab_120p), sum(handled), sum(talk_s), sum(hold_s), sum(wrapups), sum(wrap_s), sum(repeat_base), sum(repeat_24h), sum(repeat_7d), sum(fcr_eligible), sum(fcr)
    FROM report_call_facts GROUP BY 1, 2, 3;
  INSERT INTO report_calls_agent_1h (bucket, agent_user_id, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr)
    SELECT date_bin('1 hour', started_at, timestamptz '2000-01-01 00:00+00') AS bucket, agent_user_id, queue_name, direction, sum(calls), sum(offered), sum(answered), sum(abandoned), sum(unanswered), sum(answered_in_sl), sum(abandoned_after_sl), sum(wait_answered_s), sum(wait_abandoned_s), sum(ab_lt5), sum(ab_5_15), sum(ab_15_30), sum(ab_30_60), sum(ab_60_120), sum(ab_120p), sum(handled), sum(talk_s), sum(hold_s), sum(wrapups), sum(wrap_s), sum(repeat_base), sum(repeat_24h), sum(repeat_7d), sum(fcr_eligible), sum(fcr)
    FROM report_call_facts GROUP BY 1, 2, 3, 4;
  INSERT INTO report_calls_disposition_1h (bucket, disposition_code, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr)
    SELECT date_bin('1 hour', started_at, timestamptz '2000-01-01 00:00+00') AS bucket, disposition_code, queue_name, direction, sum(calls), sum(offered), sum(answered), sum(abandoned), sum(unanswered), sum(answered_in_sl), sum(abandoned_after_sl), sum(wait_answered_s), sum(wait_abandoned_s), sum(ab_lt5), sum(ab_5_15), sum(ab_15_30), sum(ab_30_60), sum(ab_60_120), sum(ab_120p), sum(handled), sum(talk_s), sum(hold_s), sum(wrapups), sum(wrap_s), sum(repeat_base), sum(repeat_24h), sum(repeat_7d), sum(fcr_eligible), sum(fcr)
    FROM report_call_facts GROUP BY 1, 2, 3, 4;
END $fn$;
