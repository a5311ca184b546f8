#!/bin/sh
# Run once by the postgres image on an empty data directory (docker-compose.yml mounts it in
# /docker-entrypoint-initdb.d). Creates the role Asterisk's realtime logs in as: it may only read the SIP views
# ps_endpoints, ps_auths and ps_aors, through the group role warmline_pbx that migration 0030 grants them to.
set -eu
: "${ASTERISK_DB_PASSWORD:?set ASTERISK_DB_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v pw="$ASTERISK_DB_PASSWORD" <<'SQL'
CREATE ROLE warmline_pbx NOLOGIN;
CREATE ROLE asterisk LOGIN PASSWORD :'pw' IN ROLE warmline_pbx;
SQL
