import { sql } from 'kysely';
import type { Database } from '../db/database';
import { compileSegment } from '../segments/segment-sql';
import type { SegmentRule } from '@contract/segment-rules';

export interface LeadSourceRow { id: number | null; code: string | null; name: string | null; channel: string | null; customers: number; revenue: string; cost: string }
export interface SegmentRow { key: string; label: string | null; customers: number; buyers: number; total_spend: string }
export interface CaseRow { period: string; kind: string; opened: number; resolved: number; still_open: number; median_s: number | null; p90_s: number | null }
export interface DueRow { id: number; full_name: string; phone: string | null; birthday: string | null; total_spend: string; last_purchase_at: Date | null; region: string | null; do_not_call: boolean }

// Analytical reads on customers, purchases, costs and cases. Money stays numeric (string) until the service.
export class AnalyticsRepository {
  constructor(private readonly db: Database) {}

  /** Acquisition cohorts: customers acquired in the range (or ever), their lifetime spend, and the months' costs. */
  async leadSources(range: { from: string; to: string; tz: string } | null): Promise<LeadSourceRow[]> {
    const inRange = range
      ? sql`c.acquired_at >= (${range.from}::date::timestamp AT TIME ZONE ${range.tz}) AND c.acquired_at < ((${range.to}::date + 1)::timestamp AT TIME ZONE ${range.tz})`
      : sql`true`;
    const months = range ? sql`k.month >= date_trunc('month', ${range.from}::date)::date AND k.month <= ${range.to}::date` : sql`true`;
    const res = await sql<LeadSourceRow>`
      WITH cust AS (
        SELECT c.lead_source_id, count(*)::bigint AS customers, COALESCE(sum(c.total_spend), 0) AS revenue
        FROM customers c WHERE ${inRange} GROUP BY 1
      ), cost AS (
        SELECT k.lead_source_id, sum(k.amount) AS cost FROM lead_source_costs k WHERE ${months} GROUP BY 1
      )
      SELECT ls.id, ls.code, ls.name, ls.channel, COALESCE(cu.customers, 0)::bigint AS customers,
        COALESCE(cu.revenue, 0)::text AS revenue, COALESCE(co.cost, 0)::text AS cost
      FROM lead_sources ls LEFT JOIN cust cu ON cu.lead_source_id = ls.id LEFT JOIN cost co ON co.lead_source_id = ls.id
      UNION ALL
      SELECT NULL, NULL, NULL, NULL, cu.customers, cu.revenue::text, '0' FROM cust cu WHERE cu.lead_source_id IS NULL`
      .execute(this.db);
    return res.rows;
  }

  async segmentsBy(dimension: 'tag' | 'region' | 'lead_source'): Promise<SegmentRow[]> {
    const key = { tag: sql`t.tag`, region: sql`COALESCE(c.region, '')`, lead_source: sql`COALESCE(c.lead_source_id::text, '')` }[dimension];
    const from = dimension === 'tag' ? sql`customers c CROSS JOIN LATERAL unnest(c.tags) AS t(tag)` : sql`customers c`;
    const label = dimension === 'lead_source' ? sql`(SELECT ls.name FROM lead_sources ls WHERE ls.id::text = s.key)` : sql`NULL::text`;
    const res = await sql<SegmentRow>`
      SELECT s.key, ${label} AS label, s.customers, s.buyers, s.total_spend FROM (
        SELECT ${key} AS key, count(*)::bigint AS customers, count(*) FILTER (WHERE c.total_spend > 0)::bigint AS buyers,
          COALESCE(sum(c.total_spend), 0)::text AS total_spend
        FROM ${from} WHERE c.deleted_at IS NULL GROUP BY 1
      ) s ORDER BY s.total_spend::numeric DESC, s.key`.execute(this.db);
    return res.rows;
  }

  async savedSegments(limit: number): Promise<Array<{ id: number; name: string; rules: unknown }>> {
    return this.db.selectFrom('segments').select(['id', 'name', 'rules']).orderBy('id').limit(limit).execute();
  }

  async savedSegmentValue(rule: SegmentRule, now: Date): Promise<{ customers: number; buyers: number; total_spend: string }> {
    const row = await this.db.selectFrom('customers as c')
      .select([
        sql<number>`count(*)::bigint`.as('customers'),
        sql<number>`count(*) FILTER (WHERE c.total_spend > 0)::bigint`.as('buyers'),
        sql<string>`COALESCE(sum(c.total_spend), 0)::text`.as('total_spend'),
      ])
      .where('c.deleted_at', 'is', null)
      .where((eb) => compileSegment(eb, rule, now))
      .executeTakeFirstOrThrow();
    return row;
  }

  /** Case volume by the period it was opened in (local tz), with resolution-time percentiles of those resolved. */
  async cases(f: { from: string; to: string; tz: string; period: 'day' | 'week' | 'month'; kind?: string | undefined }): Promise<CaseRow[]> {
    const fmt = f.period === 'day' || f.period === 'week' ? 'YYYY-MM-DD' : 'YYYY-MM';
    const kind = f.kind === undefined ? sql`true` : sql`k.kind = ${f.kind}`;
    const res = await sql<CaseRow>`
      SELECT to_char(date_trunc(${f.period}, k.opened_at AT TIME ZONE ${f.tz}), ${fmt}) AS period, k.kind,
        count(*)::bigint AS opened,
        count(k.resolved_at)::bigint AS resolved,
        count(*) FILTER (WHERE k.status NOT IN ('resolved', 'closed'))::bigint AS still_open,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM k.resolved_at - k.opened_at)) AS median_s,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM k.resolved_at - k.opened_at)) AS p90_s
      FROM cases k
      WHERE k.opened_at >= (${f.from}::date::timestamp AT TIME ZONE ${f.tz})
        AND k.opened_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE ${f.tz}) AND ${kind}
      GROUP BY 1, 2 ORDER BY 1, 2`.execute(this.db);
    return res.rows.map((r) => ({ ...r, median_s: r.median_s === null ? null : Number(r.median_s), p90_s: r.p90_s === null ? null : Number(r.p90_s) }));
  }

  private dueSelect() {
    return sql`c.id, c.full_name, c.birthday::text AS birthday, c.total_spend::text AS total_spend, c.last_purchase_at, c.region, c.do_not_call,
      (SELECT p.e164 FROM customer_phones p WHERE p.customer_id = c.id ORDER BY p.is_primary DESC, p.id LIMIT 1) AS phone`;
  }

  async birthdays(monthDays: number[], limit: number, offset: number): Promise<{ rows: DueRow[]; total: number }> {
    const md = sql`((extract(month FROM c.birthday) * 100 + extract(day FROM c.birthday))::int)`;
    const where = sql`c.birthday IS NOT NULL AND ${md} = ANY(${monthDays}::int[]) AND c.deleted_at IS NULL`;
    const order = sql`array_position(${monthDays}::int[], ${md}), c.id`;
    const rows = await sql<DueRow>`SELECT ${this.dueSelect()} FROM customers c WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`.execute(this.db);
    const total = await sql<{ n: number }>`SELECT count(*)::bigint AS n FROM customers c WHERE ${where}`.execute(this.db);
    return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
  }

  async lapsed(before: Date, minSpend: number, limit: number, offset: number): Promise<{ rows: DueRow[]; total: number }> {
    const where = sql`c.total_spend > ${minSpend} AND c.last_purchase_at < ${before} AND c.deleted_at IS NULL`;
    const rows = await sql<DueRow>`SELECT ${this.dueSelect()} FROM customers c WHERE ${where}
      ORDER BY c.total_spend DESC, c.id LIMIT ${limit} OFFSET ${offset}`.execute(this.db);
    const total = await sql<{ n: number }>`SELECT count(*)::bigint AS n FROM customers c WHERE ${where}`.execute(this.db);
    return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
  }
}
