-- Agent-state rollups: exact, incrementally maintained seconds per agent state and pause reason (docs/REPORTS.md).
-- Only closed states (ended_at set) are folded; the one open state per agent is added at report time.
-- Amounts are microseconds (bigint) so that folding, unfolding and re-splitting stay exact integer arithmetic.
-- Buckets are date_bin from a UTC origin, like the call rollups of 0005. 'offline' is not rolled up (no report uses it).

CREATE TABLE report_agent_state_15m (
  bucket  timestamptz NOT NULL,
  user_id bigint NOT NULL,
  state   text NOT NULL,
  reason  text NOT NULL,              -- '' = no reason
  micros  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, user_id, state, reason)
);
-- Queue-filtered reads (members of one queue): index-only scans of each member's buckets.
CREATE INDEX report_agent_state_15m_user_idx ON report_agent_state_15m (user_id, bucket) INCLUDE (state, reason, micros);

-- The same per UTC day: agent grouping and totals read whole UTC days here, the partial days at the ends above.
CREATE TABLE report_agent_state_1d (
  day     timestamptz NOT NULL,
  user_id bigint NOT NULL,
  state   text NOT NULL,
  reason  text NOT NULL,
  micros  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, user_id, state, reason)
);

-- All agents together per 15 minutes: hour/day groupings without a queue filter (a month is ~3 k buckets).
CREATE TABLE report_agent_state_team_15m (
  bucket timestamptz NOT NULL,
  state  text NOT NULL,
  reason text NOT NULL,
  micros bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, state, reason)
);

-- The pieces of one closed state interval, split at 15-minute UTC boundaries.
CREATE FUNCTION report_agent_state_pieces(p_state text, p_start timestamptz, p_end timestamptz)
RETURNS TABLE (bucket timestamptz, micros bigint) LANGUAGE sql STABLE AS $fn$
  SELECT b, (extract(epoch FROM LEAST(p_end, b + interval '15 minutes') - GREATEST(p_start, b)) * 1000000)::bigint
  FROM generate_series(date_bin('15 minutes', p_start, timestamptz '2000-01-01 00:00+00'), p_end, interval '15 minutes') AS g(b)
  WHERE p_state IN ('ready', 'ringing', 'on_call', 'wrapup', 'paused') AND p_end > p_start
    AND LEAST(p_end, b + interval '15 minutes') > GREATEST(p_start, b)
$fn$;

-- (old -> new) as signed pieces; OLD is NULL on insert and NEW on delete, open rows have no pieces.
CREATE FUNCTION report_agent_state_delta(o agent_state_log, n agent_state_log)
RETURNS TABLE (bucket timestamptz, user_id bigint, state text, reason text, micros bigint) LANGUAGE sql STABLE AS $fn$
  SELECT d.bucket, d.user_id, d.state, d.reason, sum(d.micros)::bigint
  FROM (
    SELECT p.bucket, o.user_id, o.state, COALESCE(o.reason, '') AS reason, -p.micros AS micros
      FROM report_agent_state_pieces(o.state, o.started_at, o.ended_at) p WHERE o.id IS NOT NULL
    UNION ALL
    SELECT p.bucket, n.user_id, n.state, COALESCE(n.reason, ''), p.micros
      FROM report_agent_state_pieces(n.state, n.started_at, n.ended_at) p WHERE n.id IS NOT NULL
  ) d
  GROUP BY 1, 2, 3, 4 HAVING sum(d.micros) <> 0
$fn$;

-- Deltas from the OLD/NEW row images are exact under concurrency: updates of one log row are serialised by its row
-- lock (a second updater's OLD is the first one's NEW). Rows are upserted in key order so concurrent closes of
-- different agents touching the same team buckets cannot deadlock; 0-second rows are kept (harmless, reused).
CREATE FUNCTION report_agent_state_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- OLD is NULL on insert, NEW on delete (PostgreSQL >= 11).
  WITH d AS MATERIALIZED (SELECT * FROM report_agent_state_delta(OLD, NEW)),
  a AS (
    INSERT INTO report_agent_state_15m AS t (bucket, user_id, state, reason, micros)
      SELECT bucket, user_id, state, reason, micros FROM d ORDER BY 1, 2, 3, 4
      ON CONFLICT (bucket, user_id, state, reason) DO UPDATE SET micros = t.micros + excluded.micros
    RETURNING 1
  ), b AS (
    INSERT INTO report_agent_state_1d AS t (day, user_id, state, reason, micros)
      SELECT date_bin('1 day', bucket, timestamptz '2000-01-01 00:00+00'), user_id, state, reason, sum(micros)
      FROM d GROUP BY 1, 2, 3, 4 HAVING sum(micros) <> 0 ORDER BY 1, 2, 3, 4
      ON CONFLICT (day, user_id, state, reason) DO UPDATE SET micros = t.micros + excluded.micros
    RETURNING 1
  )
  INSERT INTO report_agent_state_team_15m AS t (bucket, state, reason, micros)
    SELECT bucket, state, reason, sum(micros) FROM d GROUP BY 1, 2, 3 HAVING sum(micros) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (bucket, state, reason) DO UPDATE SET micros = t.micros + excluded.micros;
  RETURN NULL;
END $fn$;

-- Rows are inserted open and closed later: only closed rows (before or after) matter.
CREATE TRIGGER agent_state_log_report_insert AFTER INSERT ON agent_state_log FOR EACH ROW
  WHEN (NEW.ended_at IS NOT NULL) EXECUTE FUNCTION report_agent_state_changed();
CREATE TRIGGER agent_state_log_report_update AFTER UPDATE ON agent_state_log FOR EACH ROW
  WHEN ((OLD.ended_at IS NOT NULL OR NEW.ended_at IS NOT NULL)
    AND (OLD.user_id, OLD.state, OLD.reason, OLD.started_at, OLD.ended_at) IS DISTINCT FROM (NEW.user_id, NEW.state, NEW.reason, NEW.started_at, NEW.ended_at))
  EXECUTE FUNCTION report_agent_state_changed();
CREATE TRIGGER agent_state_log_report_delete AFTER DELETE ON agent_state_log FOR EACH ROW
  WHEN (OLD.ended_at IS NOT NULL) EXECUTE FUNCTION report_agent_state_changed();

-- Full set-based rebuild (bulk loads with triggers disabled, repair). Rows are written in time order, as the
-- triggers write them in live operation, so that a range of buckets or days is a few contiguous pages.
CREATE FUNCTION report_agent_state_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  TRUNCATE report_agent_state_15m, report_agent_state_1d, report_agent_state_team_15m;
  INSERT INTO report_agent_state_15m (bucket, user_id, state, reason, micros)
    SELECT p.bucket, l.user_id, l.state, COALESCE(l.reason, ''), sum(p.micros)
    FROM agent_state_log l CROSS JOIN LATERAL report_agent_state_pieces(l.state, l.started_at, l.ended_at) p
    WHERE l.ended_at IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
  INSERT INTO report_agent_state_1d (day, user_id, state, reason, micros)
    SELECT date_bin('1 day', bucket, timestamptz '2000-01-01 00:00+00'), user_id, state, reason, sum(micros)
    FROM report_agent_state_15m GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
  INSERT INTO report_agent_state_team_15m (bucket, state, reason, micros)
    SELECT bucket, state, reason, sum(micros) FROM report_agent_state_15m GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
END $fn$;

SELECT report_agent_state_rebuild();
