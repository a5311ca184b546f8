ALTER TABLE interactions RENAME TO interactions_partitioned;
DROP TRIGGER interactions_last_contact ON interactions_partitioned;
ALTER INDEX interactions_customer_idx RENAME TO interactions_partitioned_customer_idx;
ALTER INDEX interactions_call_idx RENAME TO interactions_partitioned_call_idx;
ALTER TABLE interactions_partitioned RENAME CONSTRAINT interactions_pkey TO interactions_partitioned_pkey;

CREATE TABLE interactions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
  call_id     bigint,
  created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO interactions OVERRIDING SYSTEM VALUE
  SELECT id, customer_id, channel, direction, occurred_at, user_id, subject, summary, outcome, mood, case_id, call_id, created_at
  FROM interactions_partitioned;
SELECT setval(pg_get_serial_sequence('interactions', 'id'), COALESCE((SELECT max(id) FROM interactions), 0) + 1, false);
DROP TABLE interactions_partitioned;
CREATE INDEX interactions_customer_idx ON interactions (customer_id, occurred_at DESC, id DESC);
CREATE UNIQUE INDEX interactions_call_idx ON interactions (call_id) WHERE call_id IS NOT NULL;
ALTER TABLE interactions ADD CONSTRAINT interactions_call_fk FOREIGN KEY (call_id) REFERENCES calls(id) ON DELETE SET NULL;
CREATE TRIGGER interactions_last_contact AFTER INSERT ON interactions
  FOR EACH ROW EXECUTE FUNCTION customers_apply_interaction();
DROP FUNCTION warmline_ensure_partitions(integer);
DROP FUNCTION warmline_ensure_month_partitions(regclass, text, date, date);
