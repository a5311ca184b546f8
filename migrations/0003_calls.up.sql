-- One row per call (Asterisk Linkedid on a given PBX), one per channel (Uniqueid), plus wrap-ups and agent state history.

CREATE TABLE calls (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pbx_id            text NOT NULL,
  linkedid          text NOT NULL,
  direction         text NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),
  status            text NOT NULL DEFAULT 'ringing' CHECK (status IN ('ringing', 'queued', 'offered', 'answered', 'ended')),
  outcome           text CHECK (outcome IN ('answered', 'abandoned', 'no_answer', 'busy', 'failed', 'congestion')),
  caller_number     text,
  caller_name       text,
  called_number     text,
  queue_name        text,
  agent_user_id     bigint REFERENCES users(id),
  customer_id       bigint REFERENCES customers(id) ON DELETE SET NULL,
  campaign_attempt_id bigint,
  started_at        timestamptz NOT NULL,
  queued_at         timestamptz,
  offered_at        timestamptz,
  answered_at       timestamptz,
  ended_at          timestamptz,
  wait_seconds      integer,
  talk_seconds      integer,
  hold_seconds      integer NOT NULL DEFAULT 0,
  hold_started_at   timestamptz,
  hangup_cause      integer,
  hangup_cause_text text,
  hung_up_by        text CHECK (hung_up_by IN ('caller', 'agent', 'system')),
  transferred       boolean NOT NULL DEFAULT false,
  recording_path    text,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pbx_id, linkedid)
);
CREATE INDEX calls_started_idx ON calls (started_at);
CREATE INDEX calls_customer_idx ON calls (customer_id, started_at DESC);
CREATE INDEX calls_agent_idx ON calls (agent_user_id, started_at DESC);
CREATE INDEX calls_live_idx ON calls (pbx_id) WHERE status <> 'ended';

CREATE TABLE call_legs (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  call_id     bigint NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  uniqueid    text NOT NULL,
  channel     text NOT NULL,
  role        text NOT NULL CHECK (role IN ('caller', 'agent', 'external', 'spy', 'other')),
  user_id     bigint REFERENCES users(id),
  started_at  timestamptz NOT NULL,
  answered_at timestamptz,
  ended_at    timestamptz,
  hangup_cause integer,
  UNIQUE (call_id, uniqueid)
);

CREATE TABLE wrapups (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  call_id          bigint REFERENCES calls(id) ON DELETE SET NULL,
  user_id          bigint NOT NULL REFERENCES users(id),
  customer_id      bigint REFERENCES customers(id) ON DELETE SET NULL,
  disposition_code text NOT NULL REFERENCES dispositions(code),
  notes            text NOT NULL DEFAULT '',
  mood             text CHECK (mood IN ('positive', 'neutral', 'negative')),
  case_id          bigint REFERENCES cases(id) ON DELETE SET NULL,
  task_id          bigint REFERENCES tasks(id) ON DELETE SET NULL,
  offer_product_id bigint REFERENCES products(id),
  offer_result     text CHECK (offer_result IN ('accepted', 'refused', 'callback')),
  refusal_reason   text,
  started_at       timestamptz NOT NULL,
  submitted_at     timestamptz NOT NULL DEFAULT now(),
  -- A resubmitted form (retry after a dropped connection) must not create a second wrap-up.
  client_key       text NOT NULL,
  UNIQUE (user_id, client_key)
);
CREATE UNIQUE INDEX wrapups_call_user_idx ON wrapups (call_id, user_id) WHERE call_id IS NOT NULL;

CREATE TABLE agent_state_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users(id),
  state      text NOT NULL CHECK (state IN ('offline', 'ready', 'paused', 'ringing', 'on_call', 'wrapup')),
  reason     text,
  started_at timestamptz NOT NULL,
  ended_at   timestamptz
);
CREATE INDEX agent_state_log_user_idx ON agent_state_log (user_id, started_at DESC);
CREATE UNIQUE INDEX agent_state_log_open_idx ON agent_state_log (user_id) WHERE ended_at IS NULL;

ALTER TABLE interactions ADD CONSTRAINT interactions_call_fk FOREIGN KEY (call_id) REFERENCES calls(id) ON DELETE SET NULL;
ALTER TABLE tasks ADD CONSTRAINT tasks_call_fk FOREIGN KEY (call_id) REFERENCES calls(id) ON DELETE SET NULL;
