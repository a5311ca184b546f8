DROP TABLE IF EXISTS agent_consoles;
