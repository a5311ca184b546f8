-- Back to folding inside the call's transaction (0005): fold what is pending first, then restore the triggers'
-- functions as 0005 wrote them.
SELECT report_fold_pending(true, 2147483647);

CREATE OR REPLACE FUNCTION report_calls_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE ids bigint[] := '{}';
BEGIN
  IF TG_OP <> 'INSERT' THEN ids := ids || OLD.id || report_neighbours(OLD.direction, OLD.caller_number, OLD.started_at); END IF;
  IF TG_OP <> 'DELETE' THEN ids := ids || NEW.id || report_neighbours(NEW.direction, NEW.caller_number, NEW.started_at); END IF;
  PERFORM report_refold(ids);
  RETURN NULL;
END $fn$;

CREATE OR REPLACE FUNCTION report_wrapups_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM report_refold(array_remove(ARRAY[
    CASE WHEN TG_OP <> 'INSERT' THEN OLD.call_id END,
    CASE WHEN TG_OP <> 'DELETE' THEN NEW.call_id END], NULL));
  RETURN NULL;
END $fn$;

DROP FUNCTION report_fold_pending(boolean, integer);
DROP TABLE report_refold_queue;
