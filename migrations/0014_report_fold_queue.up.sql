-- Report rollups folded after the call's transaction, in batches, instead of inside it.
--
-- Until now every call end ran report_refold() in its own transaction: three rollup upserts and the facts row,
-- 1-3 ms of database time per call, on the path of the next call (on a 2-core machine the next caller's screen-pop
-- lookup shared the cores with it), and every ending call of a busy queue took the row lock of the same 15-minute
-- bucket until it committed. Now the triggers of calls and wrapups only note which calls changed, and
-- report_fold_pending() folds the noted calls in one statement: every node calls it about once a second (the
-- reports module's folder), and the operational reports call it before they read, so a report still shows every
-- call that had ended when it was asked for.
--
-- Exactness is unchanged: report_refold() is state-based (it subtracts what was folded for a call and adds the facts
-- re-derived from the raw rows as they are now), so folding later, or twice, gives the same rollups. What must be
-- noted is every call whose facts may have changed:
--   * the call itself;
--   * the ended inbound calls from the same number within 7 days of its start (their repeat/FCR flags depend on it):
--     for the call's current number and start they are looked up when the call is folded; for its old number and
--     start (a correction, a delete) they are looked up here, in the trigger, while OLD still exists.
-- A noted call is visible to the folder only once its transaction has committed, with the change that noted it.
-- Admin changes (dispositions, queues, report_settings) still refold at once, as in 0005: they are rare, and refold
-- the calls already in report_call_facts; a call noted but not folded yet is folded later with the new settings.

CREATE TABLE report_refold_queue (
  call_id bigint NOT NULL,
  noted_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE report_refold_queue IS 'Calls whose report facts must be refolded (report_fold_pending); duplicates allowed';

CREATE OR REPLACE FUNCTION report_calls_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO report_refold_queue (call_id)
      SELECT unnest(OLD.id || report_neighbours(OLD.direction, OLD.caller_number, OLD.started_at));
    RETURN NULL;
  END IF;
  -- The old number's and start's neighbours, only when those changed (the current ones are found at fold time).
  IF TG_OP = 'UPDATE' AND (OLD.direction, OLD.caller_number, OLD.started_at) IS DISTINCT FROM (NEW.direction, NEW.caller_number, NEW.started_at) THEN
    INSERT INTO report_refold_queue (call_id) SELECT unnest(report_neighbours(OLD.direction, OLD.caller_number, OLD.started_at));
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.id <> NEW.id THEN
    INSERT INTO report_refold_queue (call_id) VALUES (OLD.id);
  END IF;
  INSERT INTO report_refold_queue (call_id) VALUES (NEW.id);
  RETURN NULL;
END $fn$;

CREATE OR REPLACE FUNCTION report_wrapups_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO report_refold_queue (call_id)
    SELECT DISTINCT x FROM unnest(ARRAY[
      CASE WHEN TG_OP <> 'INSERT' THEN OLD.call_id END,
      CASE WHEN TG_OP <> 'DELETE' THEN NEW.call_id END]) AS u(x)
    WHERE x IS NOT NULL;
  RETURN NULL;
END $fn$;

-- Folds up to p_limit noted calls (and their current neighbours) in one transaction; returns how many notes it took,
-- or -1 when p_wait is false and another session is folding. One folder at a time (advisory lock): with p_wait a
-- report waits for a fold in progress, so that it sees the calls that fold took. Callers loop while the result
-- equals p_limit.
CREATE FUNCTION report_fold_pending(p_wait boolean DEFAULT true, p_limit integer DEFAULT 5000) RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
  taken bigint[];
  n integer;
  ids bigint[];
BEGIN
  IF p_wait THEN
    PERFORM pg_advisory_xact_lock(7324606, 0);
  ELSIF NOT pg_try_advisory_xact_lock(7324606, 0) THEN
    RETURN -1;
  END IF;
  WITH d AS (
    DELETE FROM report_refold_queue
    WHERE ctid = ANY(ARRAY(SELECT ctid FROM report_refold_queue LIMIT p_limit))
    RETURNING call_id
  )
  SELECT array_agg(DISTINCT call_id), count(*) INTO taken, n FROM d;
  IF n = 0 THEN RETURN 0; END IF;
  SELECT array_agg(DISTINCT x) INTO ids FROM (
    SELECT unnest(taken) AS x
    UNION
    SELECT unnest(report_neighbours(c.direction, c.caller_number, c.started_at)) FROM calls c WHERE c.id = ANY(taken)
  ) s;
  PERFORM report_refold(ids);
  RETURN n;
END $fn$;

-- Calls that ended before this migration were folded by the old triggers: nothing is pending.
