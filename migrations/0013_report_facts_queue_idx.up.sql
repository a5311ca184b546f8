-- Operational reports filtered by queue read report_call_facts for the partial hours at the ends of the range with
-- `queue_name = $q AND started_at in [lo, hi)`. The range comes from a CTE, so the planner cannot see how narrow it
-- is; with only the started_at index it chose a sequential scan of every fact of that queue (bench, 10 M calls:
-- month by agent for one queue 2.6 s). With (queue_name, started_at) both conditions are index conditions: 2 ms.
-- Plain CREATE INDEX: on a large installation it blocks fact writes (call ends) for the build, ~10 s per 10 M facts
-- on a 2-core machine; call events wait in the ingest backlog meanwhile and nothing is lost.
CREATE INDEX report_call_facts_queue_started_idx ON report_call_facts (queue_name, started_at);
