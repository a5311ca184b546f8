-- Which call an agent's ringing / on_call / wrapup state belongs to, and when a wrap-up must end.
ALTER TABLE agent_state_log ADD COLUMN call_id bigint REFERENCES calls(id) ON DELETE SET NULL;
ALTER TABLE agent_state_log ADD COLUMN deadline_at timestamptz;
