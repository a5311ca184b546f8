DROP TABLE missed_offers;
DELETE FROM pause_reasons p WHERE p.code IN ('missed', 'away')
  AND NOT EXISTS (SELECT 1 FROM agent_state_log l WHERE l.reason = p.code);
