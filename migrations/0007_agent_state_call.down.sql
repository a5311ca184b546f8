ALTER TABLE agent_state_log DROP COLUMN IF EXISTS deadline_at;
ALTER TABLE agent_state_log DROP COLUMN IF EXISTS call_id;
