DROP VIEW IF EXISTS ps_aors;
DROP VIEW IF EXISTS ps_auths;
DROP VIEW IF EXISTS ps_endpoints;
ALTER TABLE users ADD COLUMN sip_password text;
ALTER TABLE users DROP COLUMN sip_phone, DROP COLUMN sip_rotated_at, DROP COLUMN sip_ha1, DROP COLUMN sip_realm;
