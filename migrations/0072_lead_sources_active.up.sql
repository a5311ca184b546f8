-- Issue #21: lead (advertising) sources are managed in Admin. A source is deactivated, never deleted: customers and
-- the cost rows (lead_source_costs) keep referring to it, and the analytical report keeps showing it for history.
ALTER TABLE lead_sources ADD COLUMN active boolean NOT NULL DEFAULT true;
