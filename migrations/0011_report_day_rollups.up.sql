-- Daily call rollups for the agent and disposition groupings, derived from the hourly ones of 0005.
-- Why: at 10 M calls the hourly agent table has ~one row per (hour, agent, queue, direction) with traffic, so a
-- month is ~300 k rows to add up (measured in docs/PERFORMANCE.md); per UTC day it is ~50 k, per hour of a
-- partial day at the ends of a range in another zone a few thousand.
-- Exactness: every change of an hourly row (report_refold's upserts, report_rebuild's truncate + insert) is
-- applied to the day row as the difference between the transition tables (NEW - OLD), in the same transaction,
-- by statement-level triggers. They are ENABLE ALWAYS so that bulk loads run with session_replication_role =
-- replica (bench generation) keep the day tables in step too. tests/integration/reports/rollup-consistency.test.ts
-- compares them with a full recomputation from raw rows.

CREATE TABLE report_calls_agent_1d (
  day timestamptz NOT NULL,
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
  PRIMARY KEY (day, agent_user_id, queue_name, direction)
);

CREATE FUNCTION report_calls_agent_1d_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Rows are upserted in key order so that concurrent refolds touching the same days cannot deadlock.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_calls_agent_1d AS t (day, agent_user_id, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr)
      SELECT date_bin('1 day', bucket, timestamptz '2000-01-01 00:00+00'), agent_user_id, queue_name, direction, sum(calls), sum(offered), sum(answered), sum(abandoned), sum(unanswered), sum(answered_in_sl), sum(abandoned_after_sl), sum(wait_answered_s), sum(wait_abandoned_s), sum(ab_lt5), sum(ab_5_15), sum(ab_15_30), sum(ab_30_60), sum(ab_60_120), sum(ab_120p), sum(handled), sum(talk_s), sum(hold_s), sum(wrapups), sum(wrap_s), sum(repeat_base), sum(repeat_24h), sum(repeat_7d), sum(fcr_eligible), sum(fcr)
      FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (day, agent_user_id, queue_name, direction) DO UPDATE SET
        calls = t.calls + excluded.calls, offered = t.offered + excluded.offered, answered = t.answered + excluded.answered, abandoned = t.abandoned + excluded.abandoned, unanswered = t.unanswered + excluded.unanswered, answered_in_sl = t.answered_in_sl + excluded.answered_in_sl, abandoned_after_sl = t.abandoned_after_sl + excluded.abandoned_after_sl, wait_answered_s = t.wait_answered_s + excluded.wait_answered_s, wait_abandoned_s = t.wait_abandoned_s + excluded.wait_abandoned_s, ab_lt5 = t.ab_lt5 + excluded.ab_lt5, ab_5_15 = t.ab_5_15 + excluded.ab_5_15, ab_15_30 = t.ab_15_30 + excluded.ab_15_30, ab_30_60 = t.ab_30_60 + excluded.ab_30_60, ab_60_120 = t.ab_60_120 + excluded.ab_60_120, ab_120p = t.ab_120p + excluded.ab_120p, handled = t.handled + excluded.handled, talk_s = t.talk_s + excluded.talk_s, hold_s = t.hold_s + excluded.hold_s, wrapups = t.wrapups + excluded.wrapups, wrap_s = t.wrap_s + excluded.wrap_s, repeat_base = t.repeat_base + excluded.repeat_base, repeat_24h = t.repeat_24h + excluded.repeat_24h, repeat_7d = t.repeat_7d + excluded.repeat_7d, fcr_eligible = t.fcr_eligible + excluded.fcr_eligible, fcr = t.fcr + excluded.fcr;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_calls_agent_1d AS t (day, agent_user_id, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr)
      SELECT date_bin('1 day', bucket, timestamptz '2000-01-01 00:00+00'), agent_user_id, queue_name, direction, sum(calls), sum(offered), sum(answered), sum(abandoned), sum(unanswered), sum(answered_in_sl), sum(abandoned_after_sl), sum(wait_answered_s), sum(wait_abandoned_s), sum(ab_lt5), sum(ab_5_15), sum(ab_15_30), sum(ab_30_60), sum(ab_60_120), sum(ab_120p), sum(handled), sum(talk_s), sum(hold_s), sum(wrapups), sum(wrap_s), sum(repeat_base), sum(repeat_24h), sum(repeat_7d), sum(fcr_eligible), sum(fcr)
      FROM (SELECT bucket, agent_user_id, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr FROM new_rows UNION ALL SELECT bucket, agent_user_id, queue_name, direction, -calls, -offered, -answered, -abandoned, -unanswered, -answered_in_sl, -abandoned_after_sl, -wait_answered_s, -wait_abandoned_s, -ab_lt5, -ab_5_15, -ab_15_30, -ab_30_60, -ab_60_120, -ab_120p, -handled, -talk_s, -hold_s, -wrapups, -wrap_s, -repeat_base, -repeat_24h, -repeat_7d, -fcr_eligible, -fcr FROM old_rows) d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (day, agent_user_id, queue_name, direction) DO UPDATE SET
        calls = t.calls + excluded.calls, offered = t.offered + excluded.offered, answered = t.answered + excluded.answered, abandoned = t.abandoned + excluded.abandoned, unanswered = t.unanswered + excluded.unanswered, answered_in_sl = t.answered_in_sl + excluded.answered_in_sl, abandoned_after_sl = t.abandoned_after_sl + excluded.abandoned_after_sl, wait_answered_s = t.wait_answered_s + excluded.wait_answered_s, wait_abandoned_s = t.wait_abandoned_s + excluded.wait_abandoned_s, ab_lt5 = t.ab_lt5 + excluded.ab_lt5, ab_5_15 = t.ab_5_15 + excluded.ab_5_15, ab_15_30 = t.ab_15_30 + excluded.ab_15_30, ab_30_60 = t.ab_30_60 + excluded.ab_30_60, ab_60_120 = t.ab_60_120 + excluded.ab_60_120, ab_120p = t.ab_120p + excluded.ab_120p, handled = t.handled + excluded.handled, talk_s = t.talk_s + excluded.talk_s, hold_s = t.hold_s + excluded.hold_s, wrapups = t.wrapups + excluded.wrapups, wrap_s = t.wrap_s + excluded.wrap_s, repeat_base = t.repeat_base + excluded.repeat_base, repeat_24h = t.repeat_24h + excluded.repeat_24h, repeat_7d = t.repeat_7d + excluded.repeat_7d, fcr_eligible = t.fcr_eligible + excluded.fcr_eligible, fcr = t.fcr + excluded.fcr;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO report_calls_agent_1d AS t (day, agent_user_id, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr)
      SELECT date_bin('1 day', bucket, timestamptz '2000-01-01 00:00+00'), agent_user_id, queue_name, direction, sum(calls), sum(offered), sum(answered), sum(abandoned), sum(unanswered), sum(answered_in_sl), sum(abandoned_after_sl), sum(wait_answered_s), sum(wait_abandoned_s), sum(ab_lt5), sum(ab_5_15), sum(ab_15_30), sum(ab_30_60), sum(ab_60_120), sum(ab_120p), sum(handled), sum(talk_s), sum(hold_s), sum(wrapups), sum(wrap_s), sum(repeat_base), sum(repeat_24h), sum(repeat_7d), sum(fcr_eligible), sum(fcr)
      FROM (SELECT bucket, agent_user_id, queue_name, direction, -calls, -offered, -answered, -abandoned, -unanswered, -answered_in_sl, -abandoned_after_sl, -wait_answered_s, -wait_abandoned_s, -ab_lt5, -ab_5_15, -ab_15_30, -ab_30_60, -ab_60_120, -ab_120p, -handled, -talk_s, -hold_s, -wrapups, -wrap_s, -repeat_base, -repeat_24h, -repeat_7d, -fcr_eligible, -fcr FROM old_rows) d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (day, agent_user_id, queue_name, direction) DO UPDATE SET
        calls = t.calls + excluded.calls, offered = t.offered + excluded.offered, answered = t.answered + excluded.answered, abandoned = t.abandoned + excluded.abandoned, unanswered = t.unanswered + excluded.unanswered, answered_in_sl = t.answered_in_sl + excluded.answered_in_sl, abandoned_after_sl = t.abandoned_after_sl + excluded.abandoned_after_sl, wait_answered_s = t.wait_answered_s + excluded.wait_answered_s, wait_abandoned_s = t.wait_abandoned_s + excluded.wait_abandoned_s, ab_lt5 = t.ab_lt5 + excluded.ab_lt5, ab_5_15 = t.ab_5_15 + excluded.ab_5_15, ab_15_30 = t.ab_15_30 + excluded.ab_15_30, ab_30_60 = t.ab_30_60 + excluded.ab_30_60, ab_60_120 = t.ab_60_120 + excluded.ab_60_120, ab_120p = t.ab_120p + excluded.ab_120p, handled = t.handled + excluded.handled, talk_s = t.talk_s + excluded.talk_s, hold_s = t.hold_s + excluded.hold_s, wrapups = t.wrapups + excluded.wrapups, wrap_s = t.wrap_s + excluded.wrap_s, repeat_base = t.repeat_base + excluded.repeat_base, repeat_24h = t.repeat_24h + excluded.repeat_24h, repeat_7d = t.repeat_7d + excluded.repeat_7d, fcr_eligible = t.fcr_eligible + excluded.fcr_eligible, fcr = t.fcr + excluded.fcr;
  ELSE -- TRUNCATE (report_rebuild): the inserts that follow rebuild the days.
    TRUNCATE report_calls_agent_1d;
  END IF;
  RETURN NULL;
END $fn$;
CREATE TRIGGER report_calls_agent_1h_to_1d_insert AFTER INSERT ON report_calls_agent_1h REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_calls_agent_1d_apply();
CREATE TRIGGER report_calls_agent_1h_to_1d_update AFTER UPDATE ON report_calls_agent_1h REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_calls_agent_1d_apply();
CREATE TRIGGER report_calls_agent_1h_to_1d_delete AFTER DELETE ON report_calls_agent_1h REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_calls_agent_1d_apply();
CREATE TRIGGER report_calls_agent_1h_to_1d_truncate AFTER TRUNCATE ON report_calls_agent_1h
  FOR EACH STATEMENT EXECUTE FUNCTION report_calls_agent_1d_apply();
ALTER TABLE report_calls_agent_1h ENABLE ALWAYS TRIGGER report_calls_agent_1h_to_1d_insert, ENABLE ALWAYS TRIGGER report_calls_agent_1h_to_1d_update,
  ENABLE ALWAYS TRIGGER report_calls_agent_1h_to_1d_delete, ENABLE ALWAYS TRIGGER report_calls_agent_1h_to_1d_truncate;

-- Existing hours, in time order (a range of days is then a few contiguous pages).
INSERT INTO report_calls_agent_1d (day, agent_user_id, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr)
  SELECT date_bin('1 day', bucket, timestamptz '2000-01-01 00:00+00'), agent_user_id, queue_name, direction, sum(calls), sum(offered), sum(answered), sum(abandoned), sum(unanswered), sum(answered_in_sl), sum(abandoned_after_sl), sum(wait_answered_s), sum(wait_abandoned_s), sum(ab_lt5), sum(ab_5_15), sum(ab_15_30), sum(ab_30_60), sum(ab_60_120), sum(ab_120p), sum(handled), sum(talk_s), sum(hold_s), sum(wrapups), sum(wrap_s), sum(repeat_base), sum(repeat_24h), sum(repeat_7d), sum(fcr_eligible), sum(fcr)
  FROM report_calls_agent_1h GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;

CREATE TABLE report_calls_disposition_1d (
  day timestamptz NOT NULL,
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
  PRIMARY KEY (day, disposition_code, queue_name, direction)
);

CREATE FUNCTION report_calls_disposition_1d_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Rows are upserted in key order so that concurrent refolds touching the same days cannot deadlock.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_calls_disposition_1d AS t (day, disposition_code, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr)
      SELECT date_bin('1 day', bucket, timestamptz '2000-01-01 00:00+00'), disposition_code, queue_name, direction, sum(calls), sum(offered), sum(answered), sum(abandoned), sum(unanswered), sum(answered_in_sl), sum(abandoned_after_sl), sum(wait_answered_s), sum(wait_abandoned_s), sum(ab_lt5), sum(ab_5_15), sum(ab_15_30), sum(ab_30_60), sum(ab_60_120), sum(ab_120p), sum(handled), sum(talk_s), sum(hold_s), sum(wrapups), sum(wrap_s), sum(repeat_base), sum(repeat_24h), sum(repeat_7d), sum(fcr_eligible), sum(fcr)
      FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (day, disposition_code, queue_name, direction) DO UPDATE SET
        calls = t.calls + excluded.calls, offered = t.offered + excluded.offered, answered = t.answered + excluded.answered, abandoned = t.abandoned + excluded.abandoned, unanswered = t.unanswered + excluded.unanswered, answered_in_sl = t.answered_in_sl + excluded.answered_in_sl, abandoned_after_sl = t.abandoned_after_sl + excluded.abandoned_after_sl, wait_answered_s = t.wait_answered_s + excluded.wait_answered_s, wait_abandoned_s = t.wait_abandoned_s + excluded.wait_abandoned_s, ab_lt5 = t.ab_lt5 + excluded.ab_lt5, ab_5_15 = t.ab_5_15 + excluded.ab_5_15, ab_15_30 = t.ab_15_30 + excluded.ab_15_30, ab_30_60 = t.ab_30_60 + excluded.ab_30_60, ab_60_120 = t.ab_60_120 + excluded.ab_60_120, ab_120p = t.ab_120p + excluded.ab_120p, handled = t.handled + excluded.handled, talk_s = t.talk_s + excluded.talk_s, hold_s = t.hold_s + excluded.hold_s, wrapups = t.wrapups + excluded.wrapups, wrap_s = t.wrap_s + excluded.wrap_s, repeat_base = t.repeat_base + excluded.repeat_base, repeat_24h = t.repeat_24h + excluded.repeat_24h, repeat_7d = t.repeat_7d + excluded.repeat_7d, fcr_eligible = t.fcr_eligible + excluded.fcr_eligible, fcr = t.fcr + excluded.fcr;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_calls_disposition_1d AS t (day, disposition_code, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr)
      SELECT date_bin('1 day', bucket, timestamptz '2000-01-01 00:00+00'), disposition_code, queue_name, direction, sum(calls), sum(offered), sum(answered), sum(abandoned), sum(unanswered), sum(answered_in_sl), sum(abandoned_after_sl), sum(wait_answered_s), sum(wait_abandoned_s), sum(ab_lt5), sum(ab_5_15), sum(ab_15_30), sum(ab_30_60), sum(ab_60_120), sum(ab_120p), sum(handled), sum(talk_s), sum(hold_s), sum(wrapups), sum(wrap_s), sum(repeat_base), sum(repeat_24h), sum(repeat_7d), sum(fcr_eligible), sum(fcr)
      FROM (SELECT bucket, disposition_code, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr FROM new_rows UNION ALL SELECT bucket, disposition_code, queue_name, direction, -calls, -offered, -answered, -abandoned, -unanswered, -answered_in_sl, -abandoned_after_sl, -wait_answered_s, -wait_abandoned_s, -ab_lt5, -ab_5_15, -ab_15_30, -ab_30_60, -ab_60_120, -ab_120p, -handled, -talk_s, -hold_s, -wrapups, -wrap_s, -repeat_base, -repeat_24h, -repeat_7d, -fcr_eligible, -fcr FROM old_rows) d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (day, disposition_code, queue_name, direction) DO UPDATE SET
        calls = t.calls + excluded.calls, offered = t.offered + excluded.offered, answered = t.answered + excluded.answered, abandoned = t.abandoned + excluded.abandoned, unanswered = t.unanswered + excluded.unanswered, answered_in_sl = t.answered_in_sl + excluded.answered_in_sl, abandoned_after_sl = t.abandoned_after_sl + excluded.abandoned_after_sl, wait_answered_s = t.wait_answered_s + excluded.wait_answered_s, wait_abandoned_s = t.wait_abandoned_s + excluded.wait_abandoned_s, ab_lt5 = t.ab_lt5 + excluded.ab_lt5, ab_5_15 = t.ab_5_15 + excluded.ab_5_15, ab_15_30 = t.ab_15_30 + excluded.ab_15_30, ab_30_60 = t.ab_30_60 + excluded.ab_30_60, ab_60_120 = t.ab_60_120 + excluded.ab_60_120, ab_120p = t.ab_120p + excluded.ab_120p, handled = t.handled + excluded.handled, talk_s = t.talk_s + excluded.talk_s, hold_s = t.hold_s + excluded.hold_s, wrapups = t.wrapups + excluded.wrapups, wrap_s = t.wrap_s + excluded.wrap_s, repeat_base = t.repeat_base + excluded.repeat_base, repeat_24h = t.repeat_24h + excluded.repeat_24h, repeat_7d = t.repeat_7d + excluded.repeat_7d, fcr_eligible = t.fcr_eligible + excluded.fcr_eligible, fcr = t.fcr + excluded.fcr;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO report_calls_disposition_1d AS t (day, disposition_code, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr)
      SELECT date_bin('1 day', bucket, timestamptz '2000-01-01 00:00+00'), disposition_code, queue_name, direction, sum(calls), sum(offered), sum(answered), sum(abandoned), sum(unanswered), sum(answered_in_sl), sum(abandoned_after_sl), sum(wait_answered_s), sum(wait_abandoned_s), sum(ab_lt5), sum(ab_5_15), sum(ab_15_30), sum(ab_30_60), sum(ab_60_120), sum(ab_120p), sum(handled), sum(talk_s), sum(hold_s), sum(wrapups), sum(wrap_s), sum(repeat_base), sum(repeat_24h), sum(repeat_7d), sum(fcr_eligible), sum(fcr)
      FROM (SELECT bucket, disposition_code, queue_name, direction, -calls, -offered, -answered, -abandoned, -unanswered, -answered_in_sl, -abandoned_after_sl, -wait_answered_s, -wait_abandoned_s, -ab_lt5, -ab_5_15, -ab_15_30, -ab_30_60, -ab_60_120, -ab_120p, -handled, -talk_s, -hold_s, -wrapups, -wrap_s, -repeat_base, -repeat_24h, -repeat_7d, -fcr_eligible, -fcr FROM old_rows) d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (day, disposition_code, queue_name, direction) DO UPDATE SET
        calls = t.calls + excluded.calls, offered = t.offered + excluded.offered, answered = t.answered + excluded.answered, abandoned = t.abandoned + excluded.abandoned, unanswered = t.unanswered + excluded.unanswered, answered_in_sl = t.answered_in_sl + excluded.answered_in_sl, abandoned_after_sl = t.abandoned_after_sl + excluded.abandoned_after_sl, wait_answered_s = t.wait_answered_s + excluded.wait_answered_s, wait_abandoned_s = t.wait_abandoned_s + excluded.wait_abandoned_s, ab_lt5 = t.ab_lt5 + excluded.ab_lt5, ab_5_15 = t.ab_5_15 + excluded.ab_5_15, ab_15_30 = t.ab_15_30 + excluded.ab_15_30, ab_30_60 = t.ab_30_60 + excluded.ab_30_60, ab_60_120 = t.ab_60_120 + excluded.ab_60_120, ab_120p = t.ab_120p + excluded.ab_120p, handled = t.handled + excluded.handled, talk_s = t.talk_s + excluded.talk_s, hold_s = t.hold_s + excluded.hold_s, wrapups = t.wrapups + excluded.wrapups, wrap_s = t.wrap_s + excluded.wrap_s, repeat_base = t.repeat_base + excluded.repeat_base, repeat_24h = t.repeat_24h + excluded.repeat_24h, repeat_7d = t.repeat_7d + excluded.repeat_7d, fcr_eligible = t.fcr_eligible + excluded.fcr_eligible, fcr = t.fcr + excluded.fcr;
  ELSE -- TRUNCATE (report_rebuild): the inserts that follow rebuild the days.
    TRUNCATE report_calls_disposition_1d;
  END IF;
  RETURN NULL;
END $fn$;
CREATE TRIGGER report_calls_disposition_1h_to_1d_insert AFTER INSERT ON report_calls_disposition_1h REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_calls_disposition_1d_apply();
CREATE TRIGGER report_calls_disposition_1h_to_1d_update AFTER UPDATE ON report_calls_disposition_1h REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_calls_disposition_1d_apply();
CREATE TRIGGER report_calls_disposition_1h_to_1d_delete AFTER DELETE ON report_calls_disposition_1h REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_calls_disposition_1d_apply();
CREATE TRIGGER report_calls_disposition_1h_to_1d_truncate AFTER TRUNCATE ON report_calls_disposition_1h
  FOR EACH STATEMENT EXECUTE FUNCTION report_calls_disposition_1d_apply();
ALTER TABLE report_calls_disposition_1h ENABLE ALWAYS TRIGGER report_calls_disposition_1h_to_1d_insert, ENABLE ALWAYS TRIGGER report_calls_disposition_1h_to_1d_update,
  ENABLE ALWAYS TRIGGER report_calls_disposition_1h_to_1d_delete, ENABLE ALWAYS TRIGGER report_calls_disposition_1h_to_1d_truncate;

-- Existing hours, in time order (a range of days is then a few contiguous pages).
INSERT INTO report_calls_disposition_1d (day, disposition_code, queue_name, direction, calls, offered, answered, abandoned, unanswered, answered_in_sl, abandoned_after_sl, wait_answered_s, wait_abandoned_s, ab_lt5, ab_5_15, ab_15_30, ab_30_60, ab_60_120, ab_120p, handled, talk_s, hold_s, wrapups, wrap_s, repeat_base, repeat_24h, repeat_7d, fcr_eligible, fcr)
  SELECT date_bin('1 day', bucket, timestamptz '2000-01-01 00:00+00'), disposition_code, queue_name, direction, sum(calls), sum(offered), sum(answered), sum(abandoned), sum(unanswered), sum(answered_in_sl), sum(abandoned_after_sl), sum(wait_answered_s), sum(wait_abandoned_s), sum(ab_lt5), sum(ab_5_15), sum(ab_15_30), sum(ab_30_60), sum(ab_60_120), sum(ab_120p), sum(handled), sum(talk_s), sum(hold_s), sum(wrapups), sum(wrap_s), sum(repeat_base), sum(repeat_24h), sum(repeat_7d), sum(fcr_eligible), sum(fcr)
  FROM report_calls_disposition_1h GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
