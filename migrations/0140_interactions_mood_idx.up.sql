-- Issue #23: the offer features read each customer's last recorded mood. Rescoring every customer after a refit
-- read it for a batch of 2,000 customers in ~2 s of heap reads (bench/offers-rescore.bench.ts, 1 M customers /
-- 10 M interactions); with this covering partial index it is an index-only scan per partition (~0.1 s). Only
-- interactions that record a mood are in it, so the cost on inserts is small.
-- On a partitioned table CREATE INDEX cannot be CONCURRENTLY: it blocks writes to interactions while it builds
-- (about a minute for 10 M rows on 2 cores). docs/OFFERS.md says how to build it beforehand on a large site.
CREATE INDEX IF NOT EXISTS interactions_customer_mood_idx
  ON interactions (customer_id, occurred_at DESC, id DESC) INCLUDE (mood) WHERE mood IS NOT NULL;
