-- Issue #20.1: every ring an agent let go unanswered (ring-no-answer) or declined is a missed offer. The agents
-- service counts the ones since the agent last left the ready/ringing cycle (a pause, a call, a wrap-up) and pauses
-- the agent with the 'missed' reason after MISSED_OFFERS_BEFORE_PAUSE of them. calls is partitioned (0012): call_id
-- carries no foreign key, like the other references added after the partitioning.
CREATE TABLE missed_offers (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id   bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  call_id   bigint,
  extension text NOT NULL,
  reason    text NOT NULL CHECK (reason IN ('no_answer', 'rejected')),
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX missed_offers_user_at ON missed_offers (user_id, at);

-- Pauses the server sets by itself: after too many missed offers, and when the agent's last console has gone.
INSERT INTO pause_reasons (code, label) VALUES
  ('missed', 'Missed calls'),
  ('away', 'Console closed')
ON CONFLICT (code) DO NOTHING;
