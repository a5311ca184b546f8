-- The customer's story: who they are, how to reach them, what they bought, what they asked for, how contacts went.

CREATE TABLE lead_sources (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code       text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_-]{1,64}$'),
  name       text NOT NULL,
  channel    text NOT NULL DEFAULT 'other'
);

-- Advertising spend per source and month, for cost per customer and ROI.
CREATE TABLE lead_source_costs (
  lead_source_id bigint NOT NULL REFERENCES lead_sources(id) ON DELETE CASCADE,
  month          date NOT NULL CHECK (extract(day FROM month) = 1),
  amount         numeric(14,2) NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (lead_source_id, month)
);

CREATE TABLE customers (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  full_name        text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
  company          text,
  email            text,
  region           text,
  timezone         text NOT NULL DEFAULT 'UTC',
  lead_source_id   bigint REFERENCES lead_sources(id),
  acquired_at      timestamptz NOT NULL DEFAULT now(),
  birthday         date,
  tags             text[] NOT NULL DEFAULT '{}',
  attributes       jsonb NOT NULL DEFAULT '{}'::jsonb,
  do_not_call      boolean NOT NULL DEFAULT false,
  consent_outbound boolean NOT NULL DEFAULT true,
  -- Maintained by triggers below, so segment rules and the pop never aggregate millions of rows.
  total_spend      numeric(14,2) NOT NULL DEFAULT 0,
  last_purchase_at timestamptz,
  last_contact_at  timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_name_idx ON customers (lower(full_name) text_pattern_ops);
CREATE INDEX customers_lead_source_idx ON customers (lead_source_id);
CREATE INDEX customers_tags_idx ON customers USING gin (tags);
CREATE INDEX customers_spend_idx ON customers (total_spend);

CREATE TABLE customer_phones (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  e164        text NOT NULL CHECK (e164 ~ '^\+[1-9][0-9]{6,14}$'),
  kind        text NOT NULL DEFAULT 'mobile' CHECK (kind IN ('mobile', 'work', 'home', 'other')),
  is_primary  boolean NOT NULL DEFAULT false,
  UNIQUE (customer_id, e164)
);
-- Not unique across customers: a shared office or family number yields several candidates in the pop.
CREATE INDEX customer_phones_e164_idx ON customer_phones (e164);

CREATE TABLE products (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku       text NOT NULL UNIQUE,
  name      text NOT NULL,
  kind      text NOT NULL CHECK (kind IN ('product', 'service')),
  price     numeric(12,2) NOT NULL CHECK (price >= 0),
  active    boolean NOT NULL DEFAULT true
);

CREATE TABLE purchases (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id  bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  product_id   bigint NOT NULL REFERENCES products(id),
  amount       numeric(12,2) NOT NULL CHECK (amount >= 0),
  currency     text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  purchased_at timestamptz NOT NULL DEFAULT now(),
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled', 'expired')),
  source       text NOT NULL DEFAULT 'direct',
  campaign_id  bigint,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX purchases_customer_idx ON purchases (customer_id, purchased_at DESC);
CREATE INDEX purchases_product_idx ON purchases (product_id, customer_id);

CREATE TYPE interaction_channel AS ENUM ('call', 'email', 'sms', 'messenger', 'visit', 'note');

CREATE TABLE cases (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('complaint', 'service_request', 'information_request')),
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'waiting', 'resolved', 'closed')),
  subject     text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
  description text NOT NULL DEFAULT '',
  agreed      text NOT NULL DEFAULT '',
  priority    text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  owner_id    bigint REFERENCES users(id),
  opened_at   timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_customer_idx ON cases (customer_id, opened_at DESC);
CREATE INDEX cases_open_idx ON cases (customer_id) WHERE status NOT IN ('resolved', 'closed');

CREATE TABLE case_updates (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  at          timestamptz NOT NULL DEFAULT now(),
  user_id     bigint REFERENCES users(id),
  note        text NOT NULL DEFAULT '',
  status_from text,
  status_to   text
);
CREATE INDEX case_updates_case_idx ON case_updates (case_id, at);

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
-- The pop reads "last N interactions of a customer": this index makes it a short backward index scan.
CREATE INDEX interactions_customer_idx ON interactions (customer_id, occurred_at DESC, id DESC);
CREATE UNIQUE INDEX interactions_call_idx ON interactions (call_id) WHERE call_id IS NOT NULL;

CREATE TABLE tasks (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint REFERENCES customers(id) ON DELETE CASCADE,
  assignee_id bigint REFERENCES users(id),
  kind        text NOT NULL CHECK (kind IN ('follow_up', 'callback')),
  due_at      timestamptz NOT NULL,
  note        text NOT NULL DEFAULT '',
  phone_e164  text,
  call_id     bigint,
  campaign_id bigint,
  created_by  bigint REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  notified_at timestamptz,
  done_at     timestamptz
);
CREATE INDEX tasks_customer_idx ON tasks (customer_id) WHERE done_at IS NULL;
CREATE INDEX tasks_due_idx ON tasks (assignee_id, due_at) WHERE done_at IS NULL;

CREATE FUNCTION customers_apply_purchase() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status <> 'cancelled' THEN
    UPDATE customers SET total_spend = total_spend - OLD.amount WHERE id = OLD.customer_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status <> 'cancelled' THEN
    UPDATE customers SET total_spend = total_spend + NEW.amount,
      last_purchase_at = GREATEST(last_purchase_at, NEW.purchased_at) WHERE id = NEW.customer_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER purchases_totals AFTER INSERT OR UPDATE OR DELETE ON purchases
  FOR EACH ROW EXECUTE FUNCTION customers_apply_purchase();

CREATE FUNCTION customers_apply_interaction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE customers SET last_contact_at = GREATEST(last_contact_at, NEW.occurred_at) WHERE id = NEW.customer_id;
  RETURN NULL;
END $$;
CREATE TRIGGER interactions_last_contact AFTER INSERT ON interactions
  FOR EACH ROW EXECUTE FUNCTION customers_apply_interaction();
