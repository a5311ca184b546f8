DROP TRIGGER IF EXISTS users_sip_account_updated ON users;
DROP TRIGGER IF EXISTS users_sip_account_deleted ON users;
DROP TRIGGER IF EXISTS users_sip_account_inserted ON users;
DROP FUNCTION IF EXISTS warmline_sip_account_changed();
