-- Asterisk reads its agents' SIP endpoints from the views of migration 0015 (realtime, pbx-config/res_pgsql.conf).
-- It must not log in as Warmline's owner role, nor read anything else (users holds password hashes): the group role
-- warmline_pbx gets SELECT on the three views only, and Asterisk's login role is made a member of it
-- (docker-compose: deploy/postgres/asterisk-role.sh; elsewhere: CREATE ROLE asterisk LOGIN PASSWORD '...' IN ROLE
-- warmline_pbx). Roles belong to the whole cluster: created here when missing and when this migration may create
-- roles; without CREATEROLE the DBA creates it (docs/PBX.md, "Asterisk's database role") and grants as below.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warmline_pbx') THEN
    BEGIN
      CREATE ROLE warmline_pbx NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;  -- another database's migration created it meanwhile
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'role warmline_pbx not created (no CREATEROLE): create it and GRANT SELECT ON ps_endpoints, ps_auths, ps_aors TO warmline_pbx';
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warmline_pbx') THEN
    GRANT SELECT ON ps_endpoints, ps_auths, ps_aors TO warmline_pbx;
  END IF;
END
$$;
