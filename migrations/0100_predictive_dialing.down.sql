DROP INDEX IF EXISTS campaign_dials_predictive_answered_idx;
DROP INDEX IF EXISTS campaign_dials_predictive_idx;
ALTER TABLE campaign_dials DROP COLUMN disposed_at, DROP COLUMN connected_at, DROP COLUMN disposition, DROP COLUMN amd_cause,
  DROP COLUMN amd_status, DROP COLUMN answered_at, DROP COLUMN channel, DROP COLUMN predictive, DROP COLUMN campaign_id;
ALTER TABLE campaigns DROP COLUMN amd_action, DROP COLUMN abandon_period_hours, DROP COLUMN abandon_cap_pct;
UPDATE campaigns SET mode = 'progressive' WHERE mode = 'predictive';
ALTER TABLE campaigns DROP CONSTRAINT campaigns_mode_check;
ALTER TABLE campaigns ADD CONSTRAINT campaigns_mode_check CHECK (mode IN ('preview', 'progressive'));
