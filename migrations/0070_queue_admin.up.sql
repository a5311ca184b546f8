-- Queue administration (issue #21). Queues are created and edited in Warmline; Asterisk reads their definitions
-- from the view ast_queues through realtime (pbx-config/extconfig.conf `queues => pgsql,general,ast_queues`).
-- app_queue reads a realtime queue again at each use (a call entering it, QueueAdd, `queue show`), so an edit
-- applies from the next call without a reload, and a retired queue is dropped by Asterisk at its next lookup.
-- Members are not realtime: Warmline adds them with AMI QueueAdd (dynamic members, which QueueRemove and
-- QueuePenalty can change; realtime or static members cannot be removed over AMI) and adds them again whenever
-- the AMI link (re)connects, so membership survives an Asterisk restart (server/queues/queue-member-sync.ts).
ALTER TABLE queues
  ADD COLUMN strategy text NOT NULL DEFAULT 'rrmemory'
    CHECK (strategy IN ('ringall', 'leastrecent', 'fewestcalls', 'random', 'rrmemory', 'linear', 'wrandom', 'rrordered')),
  -- The agent's wrap-up after a call of this queue; NULL: the wrap-up setting (settings.wrapup_seconds).
  ADD COLUMN wrapup_seconds integer CHECK (wrapup_seconds BETWEEN 0 AND 3600),
  ADD COLUMN active boolean NOT NULL DEFAULT true,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE queue_members ADD CONSTRAINT queue_members_penalty_range CHECK (penalty BETWEEN 0 AND 1000);

-- Column names are app_queue options (underscores read as dashes). wrapuptime stays 0: Warmline pauses the member
-- for its wrap-up (QueuePause), and Asterisk's own wrap-up would hold the member a second time.
CREATE VIEW ast_queues AS
  SELECT q.name, q.strategy, '15'::text AS timeout, '2'::text AS retry, 'no'::text AS ringinuse, '0'::text AS wrapuptime,
         'no'::text AS autopause, 'yes'::text AS joinempty, 'no'::text AS leavewhenempty, '0'::text AS announce_frequency,
         'no'::text AS reportholdtime, 'default'::text AS musiconhold, q.service_level_seconds::text AS servicelevel
    FROM queues q
   WHERE q.active;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warmline_pbx') THEN
    GRANT SELECT ON ast_queues TO warmline_pbx;
  ELSE
    RAISE NOTICE 'role warmline_pbx missing: GRANT SELECT ON ast_queues TO warmline_pbx once it exists';
  END IF;
END
$$;

-- Every change that alters who should be a member of which queue on the PBX (a membership, a penalty, a user
-- deactivated or given another extension, a queue retired or restored), whoever made it, is announced after
-- commit; the node holding a PBX's AMI link then reconciles that PBX's members (as 0032 does for SIP accounts).
CREATE FUNCTION warmline_queue_members_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('warmline_queue_members', TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER queue_members_changed AFTER INSERT OR UPDATE OR DELETE ON queue_members
  FOR EACH STATEMENT EXECUTE FUNCTION warmline_queue_members_changed();
CREATE TRIGGER queues_membership_changed AFTER UPDATE OF active, name ON queues
  FOR EACH STATEMENT EXECUTE FUNCTION warmline_queue_members_changed();
CREATE TRIGGER users_membership_changed AFTER UPDATE OF active, extension, display_name ON users
  FOR EACH ROW WHEN ((OLD.active, OLD.extension, OLD.display_name) IS DISTINCT FROM (NEW.active, NEW.extension, NEW.display_name))
  EXECUTE FUNCTION warmline_queue_members_changed();

-- Call-center settings an administrator changes in the console (issue #21): wrap-up time, service level,
-- missed-ring policy, console grace period, business hours, holidays. A key without a row has the value of the
-- server's configuration (server/config.ts). Changes are announced so every node reads them again at once.
CREATE TABLE settings (
  key        text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,63}$'),
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by bigint REFERENCES users(id)
);

CREATE FUNCTION warmline_settings_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('warmline_settings', '');
  RETURN NULL;
END $$;

CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE OR DELETE ON settings
  FOR EACH STATEMENT EXECUTE FUNCTION warmline_settings_changed();
