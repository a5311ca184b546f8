import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database';
import { FACT_COLUMNS, type FactSums } from './report-metrics';
import type { GroupBy } from './report-range';
import { AgentStateRepository, type StateGrouping, type StateRow } from './agent-state.repository';

export interface OperationalFilter { from: string; to: string; tz: string; queue?: string | undefined; direction?: string | undefined }
export type SumsRow = FactSums & { key: string; label: string | null; category: string | null };
export type { StateRow } from './agent-state.repository';

const SUMS = sql.raw(FACT_COLUMNS.map((c) => `sum(${c})::bigint AS ${c}`).join(', '));
const COLS = sql.raw(FACT_COLUMNS.join(', '));
/** Noted calls folded per transaction (report_fold_pending's p_limit). */
export const FOLD_BATCH = 5000;

// Reads the rollups maintained by migrations 0005 and 0011 (see docs/REPORTS.md). Range ends are local midnights,
// which are 15-minute aligned in every real time zone, so the 15-minute table answers queue/hour/day exactly. The
// agent/disposition groupings read whole UTC days from the daily tables (0011), the hours of partial days at the
// ends from the hourly ones, and partial hours (half-hour zones) from the per-call facts: exact in every zone.
export class OperationalRepository {
  private readonly states = new AgentStateRepository();

  constructor(private readonly db: Database) {}

  // The planner overestimates interval-overlap rows and then spends ~1 s JIT-compiling a 50 ms query: no JIT here.
  private run<T>(query: RawBuilder<T>): Promise<T[]> {
    return this.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL jit = off`.execute(trx);
      return (await query.execute(trx)).rows;
    });
  }

  private bounds(f: OperationalFilter) {
    return {
      lo: sql`(${f.from}::date::timestamp AT TIME ZONE ${f.tz})`,
      hi: sql`((${f.to}::date + 1)::timestamp AT TIME ZONE ${f.tz})`,
    };
  }

  private filters(f: OperationalFilter, alias: string): RawBuilder<unknown> {
    const parts = [sql`true`];
    if (f.queue !== undefined) parts.push(sql`${sql.ref(`${alias}.queue_name`)} = ${f.queue}`);
    if (f.direction !== undefined) parts.push(sql`${sql.ref(`${alias}.direction`)} = ${f.direction}`);
    return sql.join(parts, sql` AND `);
  }

  async callSums(groupBy: GroupBy | 'total', f: OperationalFilter): Promise<SumsRow[]> {
    const { lo, hi } = this.bounds(f);
    if (groupBy === 'agent' || groupBy === 'disposition') return this.hourlySums(groupBy, f);
    const key = {
      total: sql`'total'`,
      queue: sql`r.queue_name`,
      hour: sql`to_char(date_trunc('hour', r.bucket AT TIME ZONE ${f.tz}), 'YYYY-MM-DD"T"HH24:00')`,
      day: sql`to_char(date_trunc('day', r.bucket AT TIME ZONE ${f.tz}), 'YYYY-MM-DD')`,
    }[groupBy];
    const label = groupBy === 'queue' ? sql`max(q.display_name)` : sql`NULL::text`;
    const join = groupBy === 'queue' ? sql`LEFT JOIN queues q ON q.name = r.queue_name` : sql``;
    return this.run(sql<SumsRow>`
      SELECT ${key} AS key, ${label} AS label, NULL::text AS category, ${SUMS}
      FROM report_calls_15m r ${join}
      WHERE r.bucket >= ${lo} AND r.bucket < ${hi} AND ${this.filters(f, 'r')}
      GROUP BY 1 HAVING sum(r.calls) <> 0 ORDER BY 1`);
  }

  private async hourlySums(groupBy: 'agent' | 'disposition', f: OperationalFilter): Promise<SumsRow[]> {
    const { lo, hi } = this.bounds(f);
    const hours = sql.raw(groupBy === 'agent' ? 'report_calls_agent_1h' : 'report_calls_disposition_1h');
    const days = sql.raw(groupBy === 'agent' ? 'report_calls_agent_1d' : 'report_calls_disposition_1d');
    const keyCol = sql.raw(groupBy === 'agent' ? 'agent_user_id' : 'disposition_code');
    const origin = sql`timestamptz '2000-01-01 00:00+00'`;
    const ceil = (unit: string) => sql`CASE WHEN date_bin(${sql.raw(`'1 ${unit}'`)}, ${lo}, ${origin}) = ${lo} THEN ${lo}
      ELSE date_bin(${sql.raw(`'1 ${unit}'`)}, ${lo}, ${origin}) + ${sql.raw(`interval '1 ${unit}'`)} END`;
    const labelJoin = groupBy === 'agent'
      ? sql`SELECT x.key::text AS key, u.display_name AS label, NULL::text AS category, ${SUMS} FROM x LEFT JOIN users u ON u.id = x.key`
      : sql`SELECT x.key AS key, d.label AS label, d.category AS category, ${SUMS} FROM x LEFT JOIN dispositions d ON d.code = x.key`;
    // [lo, hi) = facts [lo, lo_h) + hours [lo_h, d_lo) + whole UTC days [d_lo, d_hi) + hours [d_hi, hi_h) + facts [hi_h, hi).
    // A range of whole local days is >= 24 h, so lo_h <= hi_h; when it holds no whole UTC day (d_lo > d_hi) the
    // hours cover [lo_h, hi_h) alone.
    return this.run(sql<SumsRow>`
      WITH b AS (
        SELECT ${lo} AS lo, ${hi} AS hi, ${ceil('hour')} AS lo_h, date_bin('1 hour', ${hi}, ${origin}) AS hi_h,
          ${ceil('day')} AS d_lo, date_bin('1 day', ${hi}, ${origin}) AS d_hi
      ), x AS (
        SELECT r.${keyCol} AS key, ${COLS} FROM ${days} r, b
        WHERE r.day >= b.d_lo AND r.day < b.d_hi AND ${this.filters(f, 'r')}
        UNION ALL
        SELECT r.${keyCol} AS key, ${COLS} FROM ${hours} r, b
        WHERE r.bucket >= b.lo_h AND r.bucket < LEAST(b.d_lo, b.hi_h) AND ${this.filters(f, 'r')}
        UNION ALL
        SELECT r.${keyCol} AS key, ${COLS} FROM ${hours} r, b
        WHERE r.bucket >= GREATEST(b.d_hi, b.d_lo) AND r.bucket < b.hi_h AND ${this.filters(f, 'r')}
        UNION ALL
        SELECT r.${keyCol} AS key, ${COLS} FROM report_call_facts r, b
        WHERE r.started_at >= b.lo AND r.started_at < LEAST(b.lo_h, b.hi) AND ${this.filters(f, 'r')}
        UNION ALL
        SELECT r.${keyCol} AS key, ${COLS} FROM report_call_facts r, b
        WHERE r.started_at >= GREATEST(b.hi_h, b.lo_h) AND r.started_at < b.hi AND ${this.filters(f, 'r')}
      )
      ${labelJoin}
      GROUP BY 1, 2, 3 HAVING sum(x.calls) <> 0 ORDER BY 1`);
  }

  /** Every local hour or day label in the range, so charts get zero rows instead of gaps. */
  async seriesKeys(groupBy: 'hour' | 'day', f: OperationalFilter): Promise<string[]> {
    const step = groupBy === 'hour' ? '1 hour' : '1 day';
    const fmt = groupBy === 'hour' ? 'YYYY-MM-DD"T"HH24:00' : 'YYYY-MM-DD';
    const res = await sql<{ key: string }>`
      SELECT to_char(gs, ${fmt}) AS key
      FROM generate_series(${f.from}::date::timestamp, (${f.to}::date + 1)::timestamp - ${step}::interval, ${step}::interval) gs`
      .execute(this.db);
    return res.rows.map((r) => r.key);
  }

  /** Seconds per agent state and pause reason: rollups of closed states + open states (agent-state.repository.ts). */
  stateSums(grouping: StateGrouping, f: OperationalFilter): Promise<StateRow[]> {
    return this.states.sums(grouping, f, (q) => this.run(q));
  }

  async agentLabels(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /**
   * Folds the calls noted since the last fold into the rollups (migration 0014), in batches of `batch`; returns how
   * many notes it took. `wait`: wait for a fold in progress (a report that must see every ended call) rather than
   * return at once (the background folder: another node is folding).
   */
  async foldPending(opts: { wait: boolean; batch?: number }): Promise<number> {
    const batch = opts.batch ?? FOLD_BATCH;
    let total = 0;
    for (;;) {
      const r = await sql<{ n: number }>`SELECT report_fold_pending(${opts.wait}, ${batch}) AS n`.execute(this.db);
      const n = r.rows[0]?.n ?? 0;
      if (n <= 0) return total;
      total += n;
      if (n < batch) return total;
    }
  }

  /** Writes config.serviceLevelSeconds into the DB so that triggers judge queue-less calls by it (refolds on change). */
  async syncDefaultServiceLevel(seconds: number): Promise<void> {
    await sql`UPDATE report_settings SET default_service_level_seconds = ${seconds}
              WHERE default_service_level_seconds <> ${seconds}`.execute(this.db);
  }
}
