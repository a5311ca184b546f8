UPDATE calls SET outcome = NULL WHERE outcome = 'unknown';
ALTER TABLE calls DROP CONSTRAINT calls_outcome_check;
ALTER TABLE calls ADD CONSTRAINT calls_outcome_check1
  CHECK (outcome IN ('answered', 'abandoned', 'no_answer', 'busy', 'failed', 'congestion'));
