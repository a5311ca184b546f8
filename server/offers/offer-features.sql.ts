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
  return sql<{ id: number; features: FeatureMap; do_not_call: boolean; open_complaint: boolean }>`
    SELECT c.id,
      jsonb_build_object(
        'spend', round(ln(1 + c.total_spend)::numeric, 4),
        'tenure_years', round((extract(epoch FROM now() - c.acquired_at) / 31557600)::numeric, 2),
        'complaints_recent', (SELECT count(*) FROM cases k WHERE k.customer_id = c.id AND k.kind = 'complaint'
                               AND k.opened_at > now() - make_interval(days => ${RECENT_COMPLAINT_DAYS})))
      || coalesce((SELECT jsonb_object_agg('owns:' || pr.sku, 1) FROM purchases p JOIN products pr ON pr.id = p.product_id
                    WHERE p.customer_id = c.id AND p.status = 'active'), '{}'::jsonb)
      || CASE WHEN c.region IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('region:' || c.region, 1) END
      || CASE WHEN ls.code IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('lead:' || ls.code, 1) END
      || coalesce((SELECT jsonb_object_agg('tag:' || t, 1) FROM unnest(c.tags) t), '{}'::jsonb)
      || coalesce((SELECT jsonb_build_object('mood:' || i.mood, 1) FROM interactions i
                    WHERE i.customer_id = c.id AND i.mood IS NOT NULL ORDER BY i.occurred_at DESC, i.id DESC LIMIT 1), '{}'::jsonb)
      AS features,
      c.do_not_call,
      EXISTS (SELECT 1 FROM cases k WHERE k.customer_id = c.id AND k.kind = 'complaint' AND k.status NOT IN ('resolved', 'closed')) AS open_complaint
    FROM customers c LEFT JOIN lead_sources ls ON ls.id = c.lead_source_id
    WHERE c.id = ANY(${ids}::bigint[]) AND c.deleted_at IS NULL`;
}
