-- Outbound upsell campaigns: saved segments (rule trees evaluated in SQL), a do-not-call list, campaigns with an
-- offer and calling rules, one attempt row per (campaign, customer) and one dial row per originate.

CREATE TABLE segments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  -- Validated rule tree (server/segments/segment-rules.ts); compiled to parameterised SQL, never concatenated.
  rules       jsonb NOT NULL,
  created_by  bigint REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Numbers that must never be dialled, whoever owns them (a customer flag alone misses shared numbers).
CREATE TABLE dnc_numbers (
  e164     text PRIMARY KEY CHECK (e164 ~ '^\+[1-9][0-9]{6,14}$'),
  reason   text NOT NULL DEFAULT '',
  added_by bigint REFERENCES users(id),
  added_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaigns (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name             text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  description      text NOT NULL DEFAULT '',
  segment_id       bigint NOT NULL REFERENCES segments(id),
  offer_product_id bigint NOT NULL REFERENCES products(id),
  offer_price      numeric(12,2) NOT NULL CHECK (offer_price >= 0),
  offer_currency   text NOT NULL DEFAULT 'USD' CHECK (offer_currency ~ '^[A-Z]{3}$'),
  offer_terms      text NOT NULL DEFAULT '',
  script           text NOT NULL DEFAULT '',
  mode             text NOT NULL DEFAULT 'preview' CHECK (mode IN ('preview', 'progressive')),
  status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'running', 'paused', 'stopped', 'completed')),
  priority         integer NOT NULL DEFAULT 0,
  max_attempts     integer NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 20),
  -- Minutes until the next try per outcome: {"no_answer":60,"busy":15,"failed":120,"callback":60}.
  retry_minutes    jsonb NOT NULL DEFAULT '{"no_answer":60,"busy":15,"failed":120,"callback":60}'::jsonb,
  -- In the customer's local time (customers.timezone): [{"days":[1,2,3,4,5],"start":"09:00","end":"20:00"}], ISO days 1=Mon.
  calling_windows  jsonb NOT NULL DEFAULT '[{"days":[1,2,3,4,5],"start":"09:00","end":"20:00"}]'::jsonb,
  pbx_id           text,
  caller_id        text,
  created_by       bigint REFERENCES users(id),
  attempts_built_at timestamptz,
  started_at       timestamptz,
  paused_at        timestamptz,
  ended_at         timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaigns_status_idx ON campaigns (status, priority DESC);

-- Operators working a campaign (progressive mode dials for them when they are ready).
CREATE TABLE campaign_agents (
  campaign_id bigint NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (campaign_id, user_id)
);

-- One row per customer in a campaign (snapshot of the segment at start). status is where the attempt is in the
-- dialer; outcome is the latest result (final once status = 'done').
CREATE TABLE campaign_attempts (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id       bigint NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  customer_id       bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  phone_e164        text NOT NULL,
  status            text NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'reserved', 'dialing', 'connected', 'done', 'cancelled')),
  outcome           text CHECK (outcome IN ('no_answer', 'busy', 'failed', 'failed_unknown', 'accepted', 'refused',
                                            'callback', 'dnc', 'no_consent', 'cancelled', 'max_attempts')),
  refusal_reason    text,
  dial_count        integer NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz NOT NULL DEFAULT now(),
  -- Claim token of the dial in flight; a second claimer cannot match it.
  dial_token        uuid,
  dialing_since     timestamptz,
  -- Preview card reservation, and the operator a callback should come back to.
  reserved_by       bigint REFERENCES users(id),
  reserved_until    timestamptz,
  preferred_user_id bigint REFERENCES users(id),
  callback_at       timestamptz,
  last_user_id      bigint REFERENCES users(id),
  last_call_id      bigint REFERENCES calls(id) ON DELETE SET NULL,
  purchase_id       bigint REFERENCES purchases(id) ON DELETE SET NULL,
  completed_at      timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, customer_id)
);
CREATE INDEX campaign_attempts_due_idx ON campaign_attempts (campaign_id, next_attempt_at) WHERE status = 'queued';
CREATE INDEX campaign_attempts_status_idx ON campaign_attempts (campaign_id, status);
CREATE INDEX campaign_attempts_customer_idx ON campaign_attempts (customer_id);

-- One row per originate: (attempt_id, n) is unique, so the same dial can never be recorded twice.
CREATE TABLE campaign_dials (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  attempt_id    bigint NOT NULL REFERENCES campaign_attempts(id) ON DELETE CASCADE,
  n             integer NOT NULL CHECK (n >= 1),
  crm_call_id   text NOT NULL UNIQUE,
  dial_token    uuid NOT NULL UNIQUE,
  user_id       bigint REFERENCES users(id),
  pbx_id        text,
  status        text NOT NULL DEFAULT 'claimed' CHECK (status IN ('claimed', 'originated', 'originate_failed', 'ended', 'unknown')),
  outcome       text,
  call_id       bigint REFERENCES calls(id) ON DELETE SET NULL,
  error         text,
  claimed_at    timestamptz NOT NULL DEFAULT now(),
  originated_at timestamptz,
  ended_at      timestamptz,
  UNIQUE (attempt_id, n)
);

-- Wall-clock time at a customer's place. An unknown zone name falls back to UTC instead of failing the whole
-- dialer query for every other customer.
CREATE FUNCTION campaign_local_time(at timestamptz, tz text) RETURNS timestamp LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN at AT TIME ZONE tz;
EXCEPTION WHEN others THEN
  RETURN at AT TIME ZONE 'UTC';
END $$;

-- True when `at` falls inside one of the windows in the customer's local time. A window whose end is before its
-- start crosses midnight; its days are those of the local time being tested.
CREATE FUNCTION campaign_in_window(windows jsonb, tz text, at timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1
    FROM jsonb_array_elements(windows) AS w(v), LATERAL (SELECT campaign_local_time(at, tz) AS lt) l
    WHERE (w.v -> 'days') @> to_jsonb(extract(isodow FROM l.lt)::int)
      AND CASE WHEN (w.v ->> 'start')::time <= (w.v ->> 'end')::time
               THEN l.lt::time >= (w.v ->> 'start')::time AND l.lt::time < (w.v ->> 'end')::time
               ELSE l.lt::time >= (w.v ->> 'start')::time OR l.lt::time < (w.v ->> 'end')::time END)
$$;

ALTER TABLE purchases ADD CONSTRAINT purchases_campaign_fk FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE SET NULL;
CREATE INDEX purchases_campaign_idx ON purchases (campaign_id) WHERE campaign_id IS NOT NULL;
ALTER TABLE tasks ADD CONSTRAINT tasks_campaign_fk FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE SET NULL;
CREATE INDEX calls_campaign_attempt_idx ON calls (campaign_attempt_id) WHERE campaign_attempt_id IS NOT NULL;
