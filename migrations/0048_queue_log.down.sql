DROP TABLE queue_log;
