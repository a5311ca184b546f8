import { sql, type RawBuilder } from 'kysely';
import { OFFER_REFUSAL_COOLDOWN_DAYS } from './offer-features.sql';

// A customer's ranked offers as one JSON array, for a subquery of the screen pop's single query (no extra round
// trip) and for GET /api/customers/:id/offers. The ranking was precomputed by the refit job; the rules that can
// change between two refits are checked again here, each an index probe: do-not-call, an open complaint, a
// refusal of the same offer within the cool-down, the product bought since (an accepted offer), an offer retired.
export function rankedOffersJson(customerId: RawBuilder<unknown>) {
  return sql<unknown>`(SELECT coalesce(json_agg(x ORDER BY x.rank), '[]') FROM (
      SELECT s.rank, s.offer_id AS "offerId", o.name, o.product_id AS "productId", pr.name AS "productName", o.price::text AS price,
             o.script, s.probability, s.expected_value::text AS "expectedValue", s.reasons
        FROM customer_offer_scores s
        JOIN offers o ON o.id = s.offer_id AND o.active
        JOIN products pr ON pr.id = o.product_id
        JOIN customers cu ON cu.id = s.customer_id AND NOT cu.do_not_call
       WHERE s.customer_id = ${customerId}
         AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.customer_id = s.customer_id AND k.kind = 'complaint'
                          AND k.status NOT IN ('resolved', 'closed'))
         AND NOT EXISTS (SELECT 1 FROM offer_outcomes r WHERE r.customer_id = s.customer_id AND r.offer_id = s.offer_id
                          AND r.result = 'refused' AND r.occurred_at > now() - make_interval(days => ${OFFER_REFUSAL_COOLDOWN_DAYS}))
         AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = s.customer_id AND p.product_id = o.product_id
                          AND p.status = 'active')) x)`;
}
