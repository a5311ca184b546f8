-- Issue #19.5: Asterisk's queue_log, written by Asterisk itself through realtime (pbx-config/extconfig.conf
-- `queue_log => pgsql,general,queue_log`, logger.conf queue_log_realtime_use_gmt = yes). Columns as Asterisk's own
-- schema (contrib/realtime/postgresql/postgresql_queue_log.sql, ast-db-manage 4105ee839f58): `time` is UTC without
-- a zone, data1..data5 are the event's '|'-separated fields (queue_adaptive_realtime: Asterisk checks that those
-- columns exist). After a restart or a link cut the server reads a vanished call's rows here (callid = the caller
-- channel's Uniqueid) to store its true outcome, agent and times (server/pbx/queue-log.ts).
CREATE TABLE queue_log (
  id bigserial PRIMARY KEY,
  time timestamp without time zone,
  callid varchar(80),
  queuename varchar(256),
  agent varchar(80),
  event varchar(32),
  data1 varchar(100),
  data2 varchar(100),
  data3 varchar(100),
  data4 varchar(100),
  data5 varchar(100)
);
CREATE INDEX queue_log_callid_idx ON queue_log (callid);
CREATE INDEX queue_log_time_idx ON queue_log (time);

-- Asterisk's role (member of warmline_pbx, migration 0030) appends rows, and needs nothing else here.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warmline_pbx') THEN
    GRANT INSERT ON queue_log TO warmline_pbx;
    GRANT USAGE ON SEQUENCE queue_log_id_seq TO warmline_pbx;
  END IF;
END
$$;
