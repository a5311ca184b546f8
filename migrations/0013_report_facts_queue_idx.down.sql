DROP INDEX IF EXISTS report_call_facts_queue_started_idx;
