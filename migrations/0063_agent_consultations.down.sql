DROP TABLE IF EXISTS agent_consultations;
