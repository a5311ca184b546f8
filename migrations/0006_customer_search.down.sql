DROP INDEX IF EXISTS cases_updates_recent_idx;
DROP INDEX IF EXISTS customers_last_contact_idx;
DROP INDEX IF EXISTS customers_created_idx;
DROP INDEX IF EXISTS customer_phones_e164_trgm_idx;
DROP INDEX IF EXISTS customers_email_trgm_idx;
DROP INDEX IF EXISTS customers_company_trgm_idx;
DROP INDEX IF EXISTS customers_name_trgm_idx;
ALTER TABLE customers DROP COLUMN IF EXISTS deleted_by;
ALTER TABLE customers DROP COLUMN IF EXISTS deleted_at;
