-- Customer search and soft delete. Trigram indexes serve the "q" search (substring on name, company, email,
-- phone digits) without sequential scans on a million customers.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Soft delete: the customer's history (calls, wrap-ups, reports) keeps pointing at a row that search, the
-- screen pop and the API no longer show. Rows are never hard-deleted by the app.
ALTER TABLE customers ADD COLUMN deleted_at timestamptz;
ALTER TABLE customers ADD COLUMN deleted_by bigint REFERENCES users(id);

CREATE INDEX customers_name_trgm_idx ON customers USING gin (lower(full_name) gin_trgm_ops);
CREATE INDEX customers_company_trgm_idx ON customers USING gin (lower(company) gin_trgm_ops);
CREATE INDEX customers_email_trgm_idx ON customers USING gin (lower(email) gin_trgm_ops);
CREATE INDEX customer_phones_e164_trgm_idx ON customer_phones USING gin (e164 gin_trgm_ops);
CREATE INDEX customers_created_idx ON customers (created_at, id);
CREATE INDEX customers_last_contact_idx ON customers (last_contact_at, id);
CREATE INDEX cases_updates_recent_idx ON case_updates (case_id, at DESC, id DESC);
