-- Predictive dialing (issue #24): a third campaign mode where the dialer calls customers before an agent is free,
-- paced under an abandon-rate cap, with answering-machine detection (Asterisk AMD()).
ALTER TABLE campaigns DROP CONSTRAINT campaigns_mode_check;
ALTER TABLE campaigns ADD CONSTRAINT campaigns_mode_check CHECK (mode IN ('preview', 'progressive', 'predictive'));

ALTER TABLE campaigns
  -- Highest share of live answers that may be abandoned over the period (percent; Ofcom and the FTC use 3).
  ADD COLUMN abandon_cap_pct numeric(4,2) NOT NULL DEFAULT 3.00 CHECK (abandon_cap_pct > 0 AND abandon_cap_pct <= 10),
  -- The rolling period the cap is measured over (hours; 24 = Ofcom's per-campaign day).
  ADD COLUMN abandon_period_hours integer NOT NULL DEFAULT 24 CHECK (abandon_period_hours BETWEEN 1 AND 720),
  -- What a MACHINE result of AMD() does: off = no detection (every answer goes to an agent), hangup, or message.
  ADD COLUMN amd_action text NOT NULL DEFAULT 'hangup' CHECK (amd_action IN ('off', 'hangup', 'message'));

-- Predictive dials have no agent when placed: user_id is set when an agent takes the answered call.
ALTER TABLE campaign_dials
  ADD COLUMN campaign_id bigint REFERENCES campaigns(id) ON DELETE CASCADE,
  ADD COLUMN predictive boolean NOT NULL DEFAULT false,
  ADD COLUMN channel text,
  ADD COLUMN answered_at timestamptz,
  ADD COLUMN amd_status text CHECK (amd_status IN ('MACHINE', 'HUMAN', 'NOTSURE', 'HANGUP')),
  ADD COLUMN amd_cause text,
  -- connected: an agent took it; abandoned: live answer, no agent within 2 s, recorded message; machine_hangup /
  -- machine_message: AMD said MACHINE; hangup: the customer hung up before any of these.
  ADD COLUMN disposition text CHECK (disposition IN ('connected', 'abandoned', 'machine_hangup', 'machine_message', 'hangup')),
  ADD COLUMN connected_at timestamptz,
  ADD COLUMN disposed_at timestamptz;

CREATE INDEX campaign_dials_predictive_idx ON campaign_dials (campaign_id, claimed_at) WHERE predictive;
CREATE INDEX campaign_dials_predictive_answered_idx ON campaign_dials (campaign_id, answered_at) WHERE predictive AND answered_at IS NOT NULL;
