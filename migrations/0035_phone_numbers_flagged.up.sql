-- Issue #27.1: a number libphonenumber calls invalid (test ranges such as 555-01xx, new ranges, short codes,
-- internal numbers) is still a number a PBX delivers and a customer gives. It is stored in its normalised form
-- (international when libphonenumber can place it in a country, else the digits as given) and flagged, not refused.
ALTER TABLE customer_phones DROP CONSTRAINT customer_phones_e164_check;
ALTER TABLE customer_phones ADD CONSTRAINT customer_phones_e164_check CHECK (e164 ~ '^\+?[0-9]{3,15}$');
ALTER TABLE customer_phones ADD COLUMN is_valid boolean NOT NULL DEFAULT true;

ALTER TABLE dnc_numbers DROP CONSTRAINT dnc_numbers_e164_check;
ALTER TABLE dnc_numbers ADD CONSTRAINT dnc_numbers_e164_check CHECK (e164 ~ '^\+?[0-9]{3,15}$');
