import { sql } from 'kysely';
import type { FeatureMap } from './logistic-model';

/** A refusal keeps the same offer away from the customer for this many days. */
export const OFFER_REFUSAL_COOLDOWN_DAYS = 90;
/** Complaints opened within this many days count as "recent". */
export const RECENT_COMPLAINT_DAYS = 90;

// A customer's features, named so a model reads them by name (absent = 0): spend (log), tenure (years), recent
// complaints, and one-hot owned products (by SKU), region, lead source, tags (the customer's segment labels) and
// the mood of the last contact that recorded one. Everything is already in the database; nothing is estimated.
export function customerFeaturesSql(ids: number[]) {
  // Set-based for the whole batch: each per-customer part is read once for all the ids (one index scan per
  // interactions partition for the last mood, instead of one per customer and partition), then joined. Rescoring
  // 1 M customers after a refit spent ~80% of its time in the per-customer subqueries (bench/offers-rescore.bench.ts).
  return sql<{ id: number; features: FeatureMap; do_not_call: boolean; open_complaint: boolean }>`
    WITH owned AS (
      SELECT p.customer_id, jsonb_object_agg('owns:' || pr.sku, 1) AS j
      FROM purchases p JOIN products pr ON pr.id = p.product_id
      WHERE p.customer_id = ANY(${ids}::bigint[]) AND p.status = 'active'
      GROUP BY p.customer_id
    ), complaints AS (
      SELECT k.customer_id,
        count(*) FILTER (WHERE k.opened_at > now() - make_interval(days => ${RECENT_COMPLAINT_DAYS})) AS recent,
        bool_or(k.status NOT IN ('resolved', 'closed')) AS open
      FROM cases k
      WHERE k.customer_id = ANY(${ids}::bigint[]) AND k.kind = 'complaint'
      GROUP BY k.customer_id
    ), mood AS (
      SELECT DISTINCT ON (i.customer_id) i.customer_id, i.mood
      FROM interactions i
      WHERE i.customer_id = ANY(${ids}::bigint[]) AND i.mood IS NOT NULL
      ORDER BY i.customer_id, i.occurred_at DESC, i.id DESC
    )
    SELECT c.id,
      jsonb_build_object(
        'spend', round(ln(1 + c.total_spend)::numeric, 4),
        'tenure_years', round((extract(epoch FROM now() - c.acquired_at) / 31557600)::numeric, 2),
        'complaints_recent', coalesce(k.recent, 0))
      || coalesce(o.j, '{}'::jsonb)
      || CASE WHEN c.region IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('region:' || c.region, 1) END
      || CASE WHEN ls.code IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('lead:' || ls.code, 1) END
      || coalesce((SELECT jsonb_object_agg('tag:' || t, 1) FROM unnest(c.tags) t), '{}'::jsonb)
      || CASE WHEN m.mood IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('mood:' || m.mood, 1) END
      AS features,
      c.do_not_call,
      coalesce(k.open, false) AS open_complaint
    FROM customers c
    LEFT JOIN lead_sources ls ON ls.id = c.lead_source_id
    LEFT JOIN owned o ON o.customer_id = c.id
    LEFT JOIN complaints k ON k.customer_id = c.id
    LEFT JOIN mood m ON m.customer_id = c.id
    WHERE c.id = ANY(${ids}::bigint[]) AND c.deleted_at IS NULL`;
}
