-- Issue #20.8: refusal reasons are a managed list instead of free text. A refused offer (wrap-up) and a refused
-- campaign attempt carry a refusal_code; their old refusal_reason column stays as the optional free-text note.
-- Campaign progress and the analytical report both group by the code (server/campaigns/refusal-grouping.ts).
CREATE TABLE refusal_reasons (
  code       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  label      text NOT NULL,
  i18n_key   text NOT NULL,
  sort_order integer NOT NULL DEFAULT 0,
  retired    boolean NOT NULL DEFAULT false
);

INSERT INTO refusal_reasons (code, label, i18n_key, sort_order) VALUES
  ('too_expensive', 'Too expensive', 'refusal.too_expensive', 10),
  ('has_competitor', 'Has a competitor', 'refusal.has_competitor', 20),
  ('not_interested', 'Not interested', 'refusal.not_interested', 30),
  ('no_need', 'No need now', 'refusal.no_need', 40),
  ('other', 'Other', 'refusal.other', 1000);

-- Free text to a code: trimmed and case-folded, it matches a reason's label, its code, or its code with spaces
-- ('has competitor'); anything else non-empty is 'other'. Used by this backfill and by the server for clients
-- that still send only text.
CREATE FUNCTION refusal_code_for(t text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN nullif(btrim(t), '') IS NULL THEN NULL ELSE coalesce(
    (SELECT r.code FROM refusal_reasons r
      WHERE lower(btrim(t)) IN (lower(r.label), r.code, replace(r.code, '_', ' '))
      ORDER BY r.retired, r.sort_order LIMIT 1),
    'other') END
$$;

ALTER TABLE campaign_attempts ADD COLUMN refusal_code text REFERENCES refusal_reasons(code);
ALTER TABLE wrapups ADD COLUMN refusal_code text REFERENCES refusal_reasons(code);
COMMENT ON COLUMN campaign_attempts.refusal_reason IS 'optional free-text note to refusal_code';
COMMENT ON COLUMN wrapups.refusal_reason IS 'optional free-text note to refusal_code';

UPDATE campaign_attempts SET refusal_code = refusal_code_for(refusal_reason) WHERE refusal_reason IS NOT NULL;
UPDATE campaign_attempts SET refusal_reason = NULL WHERE refusal_code IS NOT NULL AND refusal_code <> 'other';
UPDATE wrapups SET refusal_code = refusal_code_for(refusal_reason) WHERE refusal_reason IS NOT NULL;
UPDATE wrapups SET refusal_reason = NULL WHERE refusal_code IS NOT NULL AND refusal_code <> 'other';
