-- The role itself stays: it belongs to the cluster, and other databases' Warmline may use it.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warmline_pbx') THEN
    REVOKE SELECT ON ps_endpoints, ps_auths, ps_aors FROM warmline_pbx;
  END IF;
END
$$;
