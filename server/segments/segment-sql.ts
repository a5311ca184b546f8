import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../db/types';
import type { SegmentCondition, SegmentRule } from '@contract/segment-rules';

// Compiles a validated rule tree to a Kysely boolean over `customers as c`. Every user value goes through a bound
// parameter (eb.val / sql.val); identifiers come only from this file. Used by repositories only (rule 3).
export type CustomerScope = DB & { c: DB['customers'] };
export type CustomerEb = ExpressionBuilder<CustomerScope, 'c'>;

const DAY_MS = 86_400_000;

function textArray(values: string[]) {
  return sql<string[]>`ARRAY[${sql.join(values.map((v) => sql.val(v)))}]::text[]`;
}

function condition(eb: CustomerEb, c: SegmentCondition, now: Date): Expression<SqlBool> {
  switch (c.type) {
    case 'owns_products': {
      // "all" used to be one EXISTS per product: {all: [10 x owns_products all of 100 ids]} became 1000 correlated
      // semi-joins and pinned PostgreSQL for minutes (issue #19 point 4). Now one grouped scan of the purchases of
      // those products per condition, whatever the number of ids: customers having every one of them.
      const ids = [...new Set(c.productIds)];
      const active = eb.selectFrom('purchases as p').select('p.customer_id').where('p.status', '=', 'active').where('p.product_id', 'in', ids);
      if (c.match !== 'all' || ids.length === 1) return eb('c.id', 'in', active);
      return eb('c.id', 'in', active.groupBy('p.customer_id').having(sql<number>`count(DISTINCT p.product_id)`, '=', ids.length));
    }
    case 'not_owns_products':
      return eb.not(eb.exists(eb.selectFrom('purchases as p').select(sql.lit(1).as('one'))
        .whereRef('p.customer_id', '=', 'c.id').where('p.status', '=', 'active').where('p.product_id', 'in', c.productIds)));
    case 'total_spend':
      return eb('c.total_spend', c.op === 'gte' ? '>=' : '<=', String(c.value));
    case 'recent_spend': {
      const since = new Date(now.getTime() - c.days * DAY_MS);
      const spent = eb.selectFrom('purchases as p')
        .select(sql<string>`coalesce(sum(p.amount), 0)`.as('spent'))
        .whereRef('p.customer_id', '=', 'c.id').where('p.status', '<>', 'cancelled').where('p.purchased_at', '>=', since);
      return sql<SqlBool>`(${spent}) ${sql.raw(c.op === 'gte' ? '>=' : '<=')} ${sql.val(String(c.value))}::numeric`;
    }
    case 'last_contact':
      return eb('c.last_contact_at', c.op === 'before' ? '<' : '>', new Date(c.at));
    case 'last_contact_within': {
      const since = new Date(now.getTime() - c.days * DAY_MS);
      return c.negate
        ? eb.or([eb('c.last_contact_at', 'is', null), eb('c.last_contact_at', '<', since)])
        : eb('c.last_contact_at', '>=', since);
    }
    case 'lead_source_in':
      return eb('c.lead_source_id', 'in', c.leadSourceIds);
    case 'region_in':
      return eb('c.region', 'in', c.regions);
    case 'tags':
      if (c.match === 'all') return sql<SqlBool>`${eb.ref('c.tags')} @> ${textArray(c.tags)}`;
      if (c.match === 'any') return sql<SqlBool>`${eb.ref('c.tags')} && ${textArray(c.tags)}`;
      return sql<SqlBool>`NOT (${eb.ref('c.tags')} && ${textArray(c.tags)})`;
    case 'birthday_month':
      return sql<SqlBool>`extract(month FROM ${eb.ref('c.birthday')})::int IN (${sql.join(c.months.map((m) => sql.val(m)))})`;
    case 'has_open_complaint': {
      const open = eb.exists(eb.selectFrom('cases as k').select(sql.lit(1).as('one'))
        .whereRef('k.customer_id', '=', 'c.id').where('k.kind', '=', 'complaint').where('k.status', 'not in', ['resolved', 'closed']));
      return c.value ? open : eb.not(open);
    }
    case 'do_not_call':
      return eb('c.do_not_call', '=', c.value);
    case 'consent_outbound':
      return eb('c.consent_outbound', '=', c.value);
    case 'best_offer': {
      // Read from the ranking the offers' refit job stores (rank 1 = the best expected value).
      let best = eb.selectFrom('customer_offer_scores as s').select('s.customer_id').where('s.rank', '=', 1).where('s.offer_id', '=', c.offerId);
      if (c.minExpectedValue !== undefined) best = best.where('s.expected_value', '>', String(c.minExpectedValue));
      return eb('c.id', 'in', best);
    }
  }
}

export function compileSegment(eb: CustomerEb, rule: SegmentRule, now: Date): Expression<SqlBool> {
  if ('all' in rule) return eb.and(rule.all.map((r) => compileSegment(eb, r, now)));
  if ('any' in rule) return eb.or(rule.any.map((r) => compileSegment(eb, r, now)));
  if ('not' in rule) return eb.not(compileSegment(eb, rule.not, now));
  return condition(eb, rule, now);
}
