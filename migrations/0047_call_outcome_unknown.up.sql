-- Issue #19.5: a call that vanished while nobody listened to the PBX (the server was down, or the AMI link was cut)
-- and that had not been seen answered or abandoned gets the outcome 'unknown': the PBX's live channels cannot tell
-- whether it was answered or abandoned meanwhile, and guessing 'abandoned' falsified abandon rate and service level.
-- calls is partitioned (0012): the parent's constraint is the partitions' constraint.
ALTER TABLE calls DROP CONSTRAINT calls_outcome_check1;
ALTER TABLE calls ADD CONSTRAINT calls_outcome_check
  CHECK (outcome IN ('answered', 'abandoned', 'no_answer', 'busy', 'failed', 'congestion', 'unknown'));
