UPDATE campaign_attempts SET outcome = 'cancelled' WHERE outcome = 'number_type';
ALTER TABLE campaign_attempts DROP CONSTRAINT campaign_attempts_outcome_check;
ALTER TABLE campaign_attempts ADD CONSTRAINT campaign_attempts_outcome_check
  CHECK (outcome IN ('no_answer', 'busy', 'failed', 'failed_unknown', 'accepted', 'refused', 'callback', 'dnc',
                     'no_consent', 'cancelled', 'max_attempts'));
