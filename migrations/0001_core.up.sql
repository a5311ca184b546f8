-- Users, agents, queues, dispositions, audit. Timestamps are timestamptz (UTC).

CREATE TYPE user_role AS ENUM ('operator', 'supervisor', 'campaign_manager', 'admin');

CREATE TABLE users (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
  display_name  text NOT NULL,
  password_hash text NOT NULL,
  role          user_role NOT NULL,
  extension     text UNIQUE CHECK (extension ~ '^[0-9]{2,10}$'),
  sip_password  text,
  locale        text NOT NULL DEFAULT 'en',
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE queues (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                    text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9_-]{1,64}$'),
  display_name            text NOT NULL,
  service_level_seconds   integer NOT NULL DEFAULT 20 CHECK (service_level_seconds > 0),
  alert_wait_seconds      integer NOT NULL DEFAULT 60 CHECK (alert_wait_seconds > 0),
  alert_queue_length      integer NOT NULL DEFAULT 5 CHECK (alert_queue_length > 0),
  created_at              timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE queue_members (
  queue_id bigint NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  user_id  bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  penalty  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (queue_id, user_id)
);

-- Configurable list of wrap-up codes. 'category' drives reports (e.g. resolved counts as first-contact resolution).
CREATE TABLE dispositions (
  code        text PRIMARY KEY CHECK (code ~ '^[a-z0-9_-]{1,48}$'),
  label       text NOT NULL,
  category    text NOT NULL CHECK (category IN ('resolved', 'unresolved', 'sale', 'refusal', 'callback', 'no_contact', 'other')),
  active      boolean NOT NULL DEFAULT true,
  sort_order  integer NOT NULL DEFAULT 0
);

CREATE TABLE pause_reasons (
  code   text PRIMARY KEY CHECK (code ~ '^[a-z0-9_-]{1,48}$'),
  label  text NOT NULL,
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE audit_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  user_id    bigint REFERENCES users(id),
  action     text NOT NULL,
  target     text,
  details    jsonb NOT NULL DEFAULT '{}'::jsonb,
  ip         text
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at DESC);
