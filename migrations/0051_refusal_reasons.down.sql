-- Put the code's label back into the free-text column where no note was kept, then drop the managed list.
UPDATE campaign_attempts a SET refusal_reason = r.label FROM refusal_reasons r WHERE a.refusal_code = r.code AND a.refusal_reason IS NULL;
UPDATE wrapups w SET refusal_reason = r.label FROM refusal_reasons r WHERE w.refusal_code = r.code AND w.refusal_reason IS NULL;
ALTER TABLE wrapups DROP COLUMN refusal_code;
ALTER TABLE campaign_attempts DROP COLUMN refusal_code;
DROP FUNCTION refusal_code_for(text);
DROP TABLE refusal_reasons;
