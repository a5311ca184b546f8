ALTER TABLE lead_sources DROP COLUMN active;
