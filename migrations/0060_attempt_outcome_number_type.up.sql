-- Issue #19 point 11: the campaign dialer applies the dial number-type policy (DIAL_BLOCKED_NUMBER_TYPES, default
-- premium-rate) as click-to-dial does. An attempt whose number is of a refused type ends with outcome 'number_type'.
ALTER TABLE campaign_attempts DROP CONSTRAINT campaign_attempts_outcome_check;
ALTER TABLE campaign_attempts ADD CONSTRAINT campaign_attempts_outcome_check
  CHECK (outcome IN ('no_answer', 'busy', 'failed', 'failed_unknown', 'accepted', 'refused', 'callback', 'dnc',
                     'no_consent', 'cancelled', 'max_attempts', 'number_type'));
