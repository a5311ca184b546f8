-- interactions partitioned by month of occurred_at (UTC months), see docs/SCALING.md.
-- calls stays a plain table: its idempotency key (pbx_id, linkedid) cannot include started_at (a call re-discovered
-- by a resync gets a different started_at estimate) and six tables reference it; the measured reasons are in SCALING.md.

-- Creates the missing monthly partitions of `parent` (range on `key_column`) from from_month to to_month inclusive.
-- Rows that landed in the DEFAULT partition for such a month are moved into the new partition before it is attached,
-- so creating a partition late never fails. Serialised by an advisory lock: several nodes may call it at once.
CREATE FUNCTION warmline_ensure_month_partitions(parent regclass, key_column text, from_month date, to_month date)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  m date := date_trunc('month', from_month)::date;
  part text;
  lo timestamptz;
  hi timestamptz;
  created integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(7324502);
  WHILE m <= to_month LOOP
    part := format('%s_%s', parent::text, to_char(m, 'YYYY_MM'));
    IF to_regclass(part) IS NULL THEN
      lo := m::timestamp AT TIME ZONE 'UTC';
      hi := (m + interval '1 month')::timestamp AT TIME ZONE 'UTC';
      EXECUTE format('CREATE TABLE %I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, parent);
      IF to_regclass(parent::text || '_default') IS NOT NULL THEN
        EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= $1 AND %I < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved',
          parent::text || '_default', key_column, key_column, part) USING lo, hi;
      END IF;
      EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, lo, hi);
      created := created + 1;
    END IF;
    m := (m + interval '1 month')::date;
  END LOOP;
  RETURN created;
END $$;

-- Called at node start and daily (server/cluster/partition-maintenance.ts): this month and the next months_ahead.
CREATE FUNCTION warmline_ensure_partitions(months_ahead integer DEFAULT 3) RETURNS integer LANGUAGE sql AS $$
  SELECT warmline_ensure_month_partitions('interactions', 'occurred_at',
    date_trunc('month', now() AT TIME ZONE 'UTC')::date,
    (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => months_ahead))::date)
$$;

ALTER TABLE interactions RENAME TO interactions_unpartitioned;
ALTER TABLE interactions_unpartitioned RENAME CONSTRAINT interactions_pkey TO interactions_unpartitioned_pkey;
ALTER INDEX interactions_customer_idx RENAME TO interactions_unpartitioned_customer_idx;
ALTER INDEX interactions_call_idx RENAME TO interactions_unpartitioned_call_idx;
DROP TRIGGER interactions_last_contact ON interactions_unpartitioned;

CREATE TABLE interactions (
  id          bigint GENERATED ALWAYS AS IDENTITY,
  customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  channel     interaction_channel NOT NULL,
  direction   text NOT NULL DEFAULT 'inbound' CHECK (direction IN ('inbound', 'outbound', 'internal')),
  occurred_at timestamptz NOT NULL DEFAULT now(),
  user_id     bigint REFERENCES users(id),
  subject     text NOT NULL DEFAULT '',
  summary     text NOT NULL DEFAULT '',
  outcome     text,
  mood        text CHECK (mood IN ('positive', 'neutral', 'negative')),
  case_id     bigint REFERENCES cases(id) ON DELETE SET NULL,
  call_id     bigint CONSTRAINT interactions_call_fk REFERENCES calls(id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE TABLE interactions_default PARTITION OF interactions DEFAULT;
CREATE INDEX interactions_customer_idx ON interactions (customer_id, occurred_at DESC, id DESC);
-- A unique index on a partitioned table must contain the partition key. The wrap-up writes a call's interaction
-- with occurred_at = calls.started_at, so (call_id, occurred_at) is still "one interaction per call" for that path
-- (a concurrent duplicate fails with 23505 exactly as before); the wrap-up also looks up by call_id before inserting.
CREATE UNIQUE INDEX interactions_call_idx ON interactions (call_id, occurred_at) WHERE call_id IS NOT NULL;
CREATE TRIGGER interactions_last_contact AFTER INSERT ON interactions
  FOR EACH ROW EXECUTE FUNCTION customers_apply_interaction();

SELECT warmline_ensure_month_partitions('interactions', 'occurred_at',
  (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '24 months')::date,
  (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months')::date);

INSERT INTO interactions OVERRIDING SYSTEM VALUE
  SELECT id, customer_id, channel, direction, occurred_at, user_id, subject, summary, outcome, mood, case_id, call_id, created_at
  FROM interactions_unpartitioned;
SELECT setval(pg_get_serial_sequence('interactions', 'id'), COALESCE((SELECT max(id) FROM interactions), 0) + 1, false);
DROP TABLE interactions_unpartitioned;
