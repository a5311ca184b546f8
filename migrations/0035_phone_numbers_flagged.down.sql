DELETE FROM dnc_numbers WHERE e164 !~ '^\+[1-9][0-9]{6,14}$';
ALTER TABLE dnc_numbers DROP CONSTRAINT dnc_numbers_e164_check;
ALTER TABLE dnc_numbers ADD CONSTRAINT dnc_numbers_e164_check CHECK (e164 ~ '^\+[1-9][0-9]{6,14}$');

DELETE FROM customer_phones WHERE e164 !~ '^\+[1-9][0-9]{6,14}$';
ALTER TABLE customer_phones DROP COLUMN is_valid;
ALTER TABLE customer_phones DROP CONSTRAINT customer_phones_e164_check;
ALTER TABLE customer_phones ADD CONSTRAINT customer_phones_e164_check CHECK (e164 ~ '^\+[1-9][0-9]{6,14}$');
