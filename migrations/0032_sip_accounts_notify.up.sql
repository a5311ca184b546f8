-- Asterisk keeps the agents' SIP accounts (the ps_* views of migration 0015) in a full memory cache
-- (pbx-config/sorcery.conf): a user created, rotated, renamed, moved to another extension or deactivated after the
-- cache was filled would otherwise be invisible to the PBX until the cache goes stale. Every change to a column the
-- views read is announced on the channel below, after its transaction commits, whoever made it (the API, the seed,
-- an administrator in psql); the node that holds a PBX's AMI link repopulates that PBX's caches
-- (server/sip/sip-account-sync.ts). The payload names the extensions concerned, old and new.
CREATE FUNCTION warmline_sip_account_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('warmline_sip_accounts', concat_ws(',',
    CASE WHEN TG_OP <> 'INSERT' THEN OLD.extension END,
    CASE WHEN TG_OP <> 'DELETE' THEN NEW.extension END));
  RETURN NULL;
END $$;

CREATE TRIGGER users_sip_account_inserted AFTER INSERT ON users
  FOR EACH ROW WHEN (NEW.extension IS NOT NULL) EXECUTE FUNCTION warmline_sip_account_changed();

CREATE TRIGGER users_sip_account_deleted AFTER DELETE ON users
  FOR EACH ROW WHEN (OLD.extension IS NOT NULL) EXECUTE FUNCTION warmline_sip_account_changed();

CREATE TRIGGER users_sip_account_updated AFTER UPDATE OF extension, sip_realm, sip_ha1, active, display_name, sip_phone ON users
  FOR EACH ROW WHEN ((OLD.extension, OLD.sip_realm, OLD.sip_ha1, OLD.active, OLD.display_name, OLD.sip_phone)
                     IS DISTINCT FROM (NEW.extension, NEW.sip_realm, NEW.sip_ha1, NEW.active, NEW.display_name, NEW.sip_phone))
  EXECUTE FUNCTION warmline_sip_account_changed();
