import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { MAX_YEAR, MIN_YEAR, yearInRange } from './input-limits';

// A segment is a tree of all/any groups over customer conditions. The tree is stored as JSON (segments.rules),
// validated by these schemas at the boundary and compiled to parameterised SQL by segment-sql.ts.

const Ids = Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100 });
const Strings = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 });
const Money = Type.Number({ minimum: 0, maximum: 1e12 });
const Days = Type.Integer({ minimum: 1, maximum: 3650 });
// A pattern, not format: 'date-time' (TypeBox's Value.Check knows no formats unless registered).
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?$', description: 'ISO 8601 date or timestamp' });

export const SegmentCondition = Type.Union([
  Type.Object({ type: Type.Literal('owns_products'), productIds: Ids, match: Type.Optional(Type.Union([Type.Literal('any'), Type.Literal('all')])) },
    { additionalProperties: false, description: 'Has an active purchase of any/all of the products' }),
  Type.Object({ type: Type.Literal('not_owns_products'), productIds: Ids },
    { additionalProperties: false, description: 'Has no active purchase of any of the products' }),
  Type.Object({ type: Type.Literal('total_spend'), op: Type.Union([Type.Literal('gte'), Type.Literal('lte')]), value: Money }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('recent_spend'), days: Days, op: Type.Union([Type.Literal('gte'), Type.Literal('lte')]), value: Money },
    { additionalProperties: false, description: 'Sum of non-cancelled purchases in the last N days' }),
  Type.Object({ type: Type.Literal('last_contact'), op: Type.Union([Type.Literal('before'), Type.Literal('after')]), at: DateString }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('last_contact_within'), days: Days, negate: Type.Optional(Type.Boolean()) },
    { additionalProperties: false, description: 'Contacted in the last N days (negate: not contacted, including never)' }),
  Type.Object({ type: Type.Literal('lead_source_in'), leadSourceIds: Ids }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('region_in'), regions: Strings }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('tags'), match: Type.Union([Type.Literal('any'), Type.Literal('all'), Type.Literal('none')]), tags: Strings }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('birthday_month'), months: Type.Array(Type.Integer({ minimum: 1, maximum: 12 }), { minItems: 1, maxItems: 12 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('has_open_complaint'), value: Type.Boolean() }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('do_not_call'), value: Type.Boolean() }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('consent_outbound'), value: Type.Boolean() }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('best_offer'), offerId: Type.Integer({ minimum: 1 }), minExpectedValue: Type.Optional(Money) },
    { additionalProperties: false, description: 'The customer\'s best-ranked offer (next best offer) is this one, with an expected value above V' }),
]);
export type SegmentCondition = Static<typeof SegmentCondition>;

export const SegmentRule = Type.Recursive((Self: TSchema) => Type.Union([
  Type.Object({ all: Type.Array(Self, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
  Type.Object({ any: Type.Array(Self, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
  Type.Object({ not: Self }, { additionalProperties: false }),
  SegmentCondition,
]), { $id: 'SegmentRule' });

export type SegmentRule = { all: SegmentRule[] } | { any: SegmentRule[] } | { not: SegmentRule } | SegmentCondition;

export const MAX_RULE_DEPTH = 6;
export const MAX_RULE_CONDITIONS = 100;
/** Product, lead-source ids and region, tag strings across the whole tree (each list holds at most 100). */
export const MAX_RULE_VALUES = 500;
/** Conditions that read another table per customer (purchases, cases): each costs a scan, so they are few. */
export const MAX_RULE_SUBQUERIES = 20;
const SUBQUERY_CONDITIONS = new Set(['owns_products', 'not_owns_products', 'recent_spend', 'has_open_complaint', 'best_offer']);

function valueCount(c: SegmentCondition): number {
  if ('productIds' in c) return c.productIds.length;
  if ('leadSourceIds' in c) return c.leadSourceIds.length;
  if ('regions' in c) return c.regions.length;
  if ('tags' in c) return c.tags.length;
  return 0;
}

/** Limits the schema cannot express: nesting depth and total size and cost. Returns a message, or null when fine. */
export function ruleTreeProblem(rule: SegmentRule): string | null {
  let conditions = 0;
  let values = 0;
  let subqueries = 0;
  const walk = (r: SegmentRule, depth: number): string | null => {
    if (depth > MAX_RULE_DEPTH) return `rules nest deeper than ${MAX_RULE_DEPTH} levels`;
    if ('all' in r) return first(r.all, depth);
    if ('any' in r) return first(r.any, depth);
    if ('not' in r) return walk(r.not, depth + 1);
    conditions += 1;
    values += valueCount(r);
    if (SUBQUERY_CONDITIONS.has(r.type)) subqueries += 1;
    if (r.type === 'last_contact' && Number.isNaN(Date.parse(r.at))) return `"${r.at}" is not a valid date`;
    if (r.type === 'last_contact' && !yearInRange(r.at)) return `"${r.at}" is not between the years ${MIN_YEAR} and ${MAX_YEAR}`;
    if (conditions > MAX_RULE_CONDITIONS) return `more than ${MAX_RULE_CONDITIONS} conditions`;
    if (values > MAX_RULE_VALUES) return `more than ${MAX_RULE_VALUES} ids, regions and tags in all`;
    if (subqueries > MAX_RULE_SUBQUERIES) return `more than ${MAX_RULE_SUBQUERIES} product, spend and complaint conditions`;
    return null;
  };
  const first = (rs: SegmentRule[], depth: number): string | null => {
    for (const r of rs) {
      const p = walk(r, depth + 1);
      if (p) return p;
    }
    return null;
  };
  return walk(rule, 1);
}
