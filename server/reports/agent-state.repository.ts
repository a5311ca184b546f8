import { sql, type RawBuilder } from 'kysely';

export interface StateFilter { from: string; to: string; tz: string; queue?: string | undefined }
export interface StateRow { key: string; state: string; reason: string; seconds: number }
export type StateGrouping = 'agent' | 'hour' | 'day' | 'total';

const ORIGIN = sql`timestamptz '2000-01-01 00:00+00'`;
const STATES = sql`('ready', 'ringing', 'on_call', 'wrapup', 'paused')`;

/**
 * Seconds per agent state and pause reason in a range of local days, from the rollups of migration 0009 (closed
 * states, exact, in microseconds) plus the still-open state of each agent up to now (at most one row per agent).
 * - agent/total: whole UTC days from report_agent_state_1d, the partial days at the ends from report_agent_state_15m;
 * - hour/day: report_agent_state_team_15m (all agents), or report_agent_state_15m for one queue's members.
 * Local midnights and hours are 15-minute aligned in every real zone, so each grouping is exact in any zone.
 */
export class AgentStateRepository {
  /** `run` executes in the caller's report transaction (JIT off). */
  sums(grouping: StateGrouping, f: StateFilter, run: <T>(q: RawBuilder<T>) => Promise<T[]>): Promise<StateRow[]> {
    const lo = sql`(${f.from}::date::timestamp AT TIME ZONE ${f.tz})`;
    const hi = sql`((${f.to}::date + 1)::timestamp AT TIME ZONE ${f.tz})`;
    const member = (alias: string) => f.queue === undefined ? sql`true`
      : sql`${sql.ref(`${alias}.user_id`)} = ANY (ARRAY(SELECT m.user_id FROM queue_members m JOIN queues q ON q.id = m.queue_id WHERE q.name = ${f.queue}))`;
    const split = grouping === 'hour' || grouping === 'day';
    const unit = grouping === 'hour' ? 'hour' : 'day';
    const step = grouping === 'hour' ? sql`interval '1 hour'` : sql`interval '1 day'`;
    const fmt = grouping === 'hour' ? 'YYYY-MM-DD"T"HH24:00' : 'YYYY-MM-DD';

    let closed: RawBuilder<unknown>;
    if (split) {
      // Bucket -> local hour/day label after summing per bucket (a month is <= 2 880 buckets).
      const table = f.queue === undefined ? sql.raw('report_agent_state_team_15m') : sql.raw('report_agent_state_15m');
      closed = sql`
        SELECT to_char(date_trunc(${unit}, r.bucket AT TIME ZONE ${f.tz}), ${fmt}) AS key, r.state, r.reason, sum(r.micros) AS micros
        FROM ${table} r, b WHERE r.bucket >= b.lo AND r.bucket < b.hi AND ${member('r')}
        GROUP BY r.bucket, r.state, r.reason`;
    } else {
      const key = grouping === 'agent' ? sql`r.user_id::text` : sql`'total'`;
      closed = sql`
        SELECT ${key} AS key, r.state, r.reason, r.micros FROM report_agent_state_1d r, b
        WHERE r.day >= b.d_lo AND r.day < b.d_hi AND ${member('r')}
        UNION ALL
        SELECT ${key}, r.state, r.reason, r.micros FROM report_agent_state_15m r, b
        WHERE r.bucket >= b.lo AND r.bucket < LEAST(b.d_lo, b.hi) AND ${member('r')}
        UNION ALL
        SELECT ${key}, r.state, r.reason, r.micros FROM report_agent_state_15m r, b
        WHERE r.bucket >= GREATEST(b.d_hi, b.d_lo) AND r.bucket < b.hi AND ${member('r')}`;
    }

    // Open states (ended_at IS NULL: one per agent, via the partial unique index), clipped to the range and to now.
    const openKey = grouping === 'agent' ? sql`l.user_id::text` : split ? sql`to_char(x.local_start, ${fmt})` : sql`'total'`;
    const piece = split
      ? sql`CROSS JOIN LATERAL (
          SELECT p.local_start, GREATEST(c.s, p.local_start AT TIME ZONE ${f.tz}) AS s, LEAST(c.e, (p.local_start + ${step}) AT TIME ZONE ${f.tz}) AS e
          FROM generate_series(date_trunc(${unit}, c.s AT TIME ZONE ${f.tz}), c.e AT TIME ZONE ${f.tz}, ${step}) p(local_start)) x`
      : sql`CROSS JOIN LATERAL (SELECT c.s, c.e) x`;
    const open = sql`
      SELECT ${openKey} AS key, l.state, COALESCE(l.reason, '') AS reason,
        (extract(epoch FROM x.e - x.s) * 1000000)::bigint AS micros
      FROM b JOIN agent_state_log l ON l.ended_at IS NULL AND l.started_at < b.hi
      CROSS JOIN LATERAL (SELECT GREATEST(l.started_at, b.lo) AS s, LEAST(now(), b.hi) AS e) c
      ${piece}
      WHERE l.state IN ${STATES} AND c.e > c.s AND x.e > x.s AND ${member('l')}`;

    return run(sql<StateRow>`
      WITH b AS (
        SELECT ${lo} AS lo, ${hi} AS hi,
          CASE WHEN date_bin('1 day', ${lo}, ${ORIGIN}) = ${lo} THEN ${lo} ELSE date_bin('1 day', ${lo}, ${ORIGIN}) + interval '1 day' END AS d_lo,
          date_bin('1 day', ${hi}, ${ORIGIN}) AS d_hi
      ), x AS (${closed} UNION ALL ${open})
      SELECT key, state, reason, (sum(micros) / 1000000.0)::float8 AS seconds FROM x GROUP BY 1, 2, 3 HAVING sum(micros) <> 0`);
  }
}
