import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { createUser } from '../../factories/user.factory';
import { createQueue } from '../../factories/call.factory';
import { OperationalRepository } from '../../../server/reports/operational.repository';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); }, 180_000);
afterAll(async () => { await ctx.close(); });

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

const MIN = 60_000;
const DAY = 86_400_000;
const BASE = Date.parse('2024-05-01T00:00:00Z');

// Independent recomputation from raw rows: a grid of 15-minute UTC buckets joined to the closed, non-offline
// intervals that overlap them (no shared SQL with the migration's split function).
const RECOMPUTED_15M = sql`
  WITH grid AS (
    SELECT generate_series(timestamptz '2024-04-25 00:00+00', timestamptz '2024-05-25 00:00+00', interval '15 minutes') AS b
  )
  SELECT g.b AS bucket, l.user_id, l.state, COALESCE(l.reason, '') AS reason,
    sum((extract(epoch FROM LEAST(l.ended_at, g.b + interval '15 minutes') - GREATEST(l.started_at, g.b)) * 1000000)::bigint) AS micros
  FROM agent_state_log l JOIN grid g ON l.started_at < g.b + interval '15 minutes' AND l.ended_at > g.b
  WHERE l.ended_at IS NOT NULL AND l.state <> 'offline'
  GROUP BY 1, 2, 3, 4`;

async function compareRollups(label: string) {
  const db = ctx.db.db;
  const q = async (text: ReturnType<typeof sql>) => (await text.execute(db)).rows;
  const expected15 = await q(sql`SELECT bucket, user_id, state, reason, micros::bigint AS micros FROM (${RECOMPUTED_15M}) r WHERE micros <> 0 ORDER BY 1, 2, 3, 4`);
  expect(await q(sql`SELECT bucket, user_id, state, reason, micros FROM report_agent_state_15m WHERE micros <> 0 ORDER BY 1, 2, 3, 4`), `${label}: 15m`).toEqual(expected15);
  expect(await q(sql`SELECT day, user_id, state, reason, micros FROM report_agent_state_1d WHERE micros <> 0 ORDER BY 1, 2, 3, 4`), `${label}: 1d`).toEqual(
    await q(sql`SELECT date_trunc('day', bucket, 'UTC') AS day, user_id, state, reason, sum(micros)::bigint AS micros FROM (${RECOMPUTED_15M}) r
      GROUP BY 1, 2, 3, 4 HAVING sum(micros) <> 0 ORDER BY 1, 2, 3, 4`));
  expect(await q(sql`SELECT bucket, state, reason, micros FROM report_agent_state_team_15m WHERE micros <> 0 ORDER BY 1, 2, 3`), `${label}: team`).toEqual(
    await q(sql`SELECT bucket, state, reason, sum(micros)::bigint AS micros FROM (${RECOMPUTED_15M}) r
      GROUP BY 1, 2, 3 HAVING sum(micros) <> 0 ORDER BY 1, 2, 3`));
}

// The pre-rollup on-demand query (clip to the range and to now, split per local hour/day): the reference for reads.
async function referenceStates(grouping: 'agent' | 'hour' | 'day' | 'total', f: { from: string; to: string; tz: string; queue?: string }) {
  const unit = grouping === 'hour' ? 'hour' : 'day';
  const step = grouping === 'hour' ? sql`interval '1 hour'` : sql`interval '1 day'`;
  const fmt = grouping === 'hour' ? 'YYYY-MM-DD"T"HH24:00' : 'YYYY-MM-DD';
  const key = grouping === 'agent' ? sql`l.user_id::text` : grouping === 'total' ? sql`'total'` : sql`to_char(x.ls, ${fmt})`;
  const member = f.queue === undefined ? sql`true`
    : sql`l.user_id IN (SELECT m.user_id FROM queue_members m JOIN queues q ON q.id = m.queue_id WHERE q.name = ${f.queue})`;
  const rows = (await sql<{ key: string; state: string; reason: string; seconds: number }>`
    WITH b AS (SELECT (${f.from}::date::timestamp AT TIME ZONE ${f.tz}) AS lo, ((${f.to}::date + 1)::timestamp AT TIME ZONE ${f.tz}) AS hi)
    SELECT ${key} AS key, l.state, COALESCE(l.reason, '') AS reason, sum(extract(epoch FROM x.e - x.s))::float8 AS seconds
    FROM b JOIN agent_state_log l ON l.started_at < b.hi AND COALESCE(l.ended_at, now()) > b.lo
    CROSS JOIN LATERAL (SELECT GREATEST(l.started_at, b.lo) AS s, LEAST(COALESCE(l.ended_at, now()), b.hi) AS e) c
    CROSS JOIN LATERAL (
      SELECT p.ls, GREATEST(c.s, p.ls AT TIME ZONE ${f.tz}) AS s, LEAST(c.e, (p.ls + ${step}) AT TIME ZONE ${f.tz}) AS e
      FROM generate_series(date_trunc(${unit}, c.s AT TIME ZONE ${f.tz}), c.e AT TIME ZONE ${f.tz}, ${step}) p(ls)) x
    WHERE l.state IN ('ready', 'ringing', 'on_call', 'wrapup', 'paused') AND x.e > x.s AND ${member}
    GROUP BY 1, 2, 3`.execute(ctx.db.db)).rows;
  return normalise(rows);
}

function normalise(rows: Array<{ key: string; state: string; reason: string; seconds: number }>) {
  return rows.filter((r) => Math.abs(r.seconds) > 1e-9)
    .map((r) => `${r.key}|${r.state}|${r.reason}|${r.seconds.toFixed(3)}`).sort();
}

describe('agent-state rollups stay equal to a full recomputation from raw rows', () => {
  it('under random opens, closes, direct inserts, edits (times, state, reason, agent), reopenings, bulk shifts and deletes', async () => {
    const db = ctx.db.db;
    const seed = Number(process.env.REPORTS_SEED ?? Date.now() % 100000);
    const rand = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const agents = [];
    for (let i = 0; i < 4; i++) agents.push((await createUser(ctx.services, ctx.app)).id);
    const queueId = await createQueue(db, 'sales', 20);
    await db.insertInto('queue_members').values([{ queue_id: queueId, user_id: agents[0]! }, { queue_id: queueId, user_id: agents[2]! }]).execute();
    const states = ['ready', 'ringing', 'on_call', 'wrapup', 'paused', 'paused', 'offline'] as const;
    const reasons = ['lunch', 'break', null] as const;
    // Instants near bucket, hour and (UTC and local) day boundaries, some exactly on them, ms precision otherwise.
    const instant = () => {
      const day = BASE + Math.floor(rand() * 10) * DAY;
      const r = rand();
      if (r < 0.2) return new Date(day + Math.floor(rand() * 96) * 15 * MIN);
      if (r < 0.45) return new Date(day + DAY - Math.floor(rand() * 40 * MIN));
      if (r < 0.6) return new Date(day + (18 * 60 + 30) * MIN + Math.floor((rand() - 0.5) * 30 * MIN)); // local midnight in +05:30
      return new Date(day + Math.floor(rand() * DAY));
    };
    const duration = () => pick([0, 1, 7 * MIN, 15 * MIN, 40 * MIN, 3 * 60 * MIN, 26 * 60 * MIN]) + Math.floor(rand() * 20 * MIN);
    const open = new Map<number, number>();
    const stateOf = () => { const state = pick(states); return { state, reason: state === 'paused' ? pick(reasons) : null }; };
    const anyRow = async () => (await db.selectFrom('agent_state_log').select(['id', 'user_id', 'ended_at'])
      .orderBy('id').offset(Math.floor(rand() * 200)).limit(1).executeTakeFirst())
      ?? (await db.selectFrom('agent_state_log').select(['id', 'user_id', 'ended_at']).orderBy('id').limit(1).executeTakeFirst());

    for (let i = 0; i < 400; i++) {
      const r = rand();
      const agent = pick(agents);
      if (r < 0.25 && !open.has(agent)) {
        // The normal life: a state is inserted open...
        const row = await db.insertInto('agent_state_log').values({ user_id: agent, ...stateOf(), started_at: instant(), ended_at: null })
          .returning('id').executeTakeFirstOrThrow();
        open.set(agent, row.id);
      } else if (r < 0.5 && open.has(agent)) {
        // ...then closed.
        const id = open.get(agent)!;
        const row = await db.selectFrom('agent_state_log').select('started_at').where('id', '=', id).executeTakeFirstOrThrow();
        await db.updateTable('agent_state_log').set({ ended_at: new Date(row.started_at.getTime() + duration()) }).where('id', '=', id).execute();
        open.delete(agent);
      } else if (r < 0.65) {
        const s = instant();
        await db.insertInto('agent_state_log').values({ user_id: agent, ...stateOf(), started_at: s, ended_at: new Date(s.getTime() + duration()) }).execute();
      } else if (r < 0.85) {
        const row = await anyRow();
        if (!row || row.ended_at === null) continue;
        const e = rand();
        const s = instant();
        if (e < 0.3) await db.updateTable('agent_state_log').set({ started_at: s, ended_at: new Date(s.getTime() + duration()) }).where('id', '=', row.id).execute();
        else if (e < 0.5) await db.updateTable('agent_state_log').set(stateOf()).where('id', '=', row.id).execute();
        else if (e < 0.65) await db.updateTable('agent_state_log').set({ user_id: pick(agents) }).where('id', '=', row.id).execute();
        else if (e < 0.8 && !open.has(row.user_id)) {
          await db.updateTable('agent_state_log').set({ ended_at: null }).where('id', '=', row.id).execute();
          open.set(row.user_id, row.id);
        } else await db.updateTable('agent_state_log').set({ deadline_at: s }).where('id', '=', row.id).execute(); // not a report column
      } else if (r < 0.95) {
        const row = await anyRow();
        if (!row) continue;
        await db.deleteFrom('agent_state_log').where('id', '=', row.id).execute();
        if (row.ended_at === null) open.delete(row.user_id);
      } else {
        // A bulk correction: one statement shifting all of an agent's closed states by a few minutes.
        await sql`UPDATE agent_state_log SET started_at = started_at + interval '7 minutes 30.5 seconds',
          ended_at = ended_at + interval '7 minutes 30.5 seconds' WHERE user_id = ${agent} AND ended_at IS NOT NULL`.execute(db);
      }
      if (i % 100 === 99) await compareRollups(`seed ${seed}, step ${i}`);
    }
    await compareRollups(`seed ${seed}, end`);

    // Reads (rollups + open states) equal the on-demand computation from raw rows in every grouping, in zones
    // with 30- and 45-minute offsets and with a queue filter. The range is in the past, so open states are
    // clipped to its end (deterministic).
    const sut = new OperationalRepository(db);
    for (const tz of ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Asia/Kathmandu']) {
      for (const range of [{ from: '2024-05-03', to: '2024-05-03' }, { from: '2024-05-02', to: '2024-05-08' }, { from: '2024-04-28', to: '2024-05-20' }]) {
        for (const grouping of ['agent', 'hour', 'day', 'total'] as const) {
          for (const queue of [undefined, 'sales']) {
            const f = { ...range, tz, ...(queue ? { queue } : {}) };
            expect(normalise(await sut.stateSums(grouping, f)), `seed ${seed} ${tz} ${range.from}..${range.to} ${grouping} ${queue ?? ''}`)
              .toEqual(await referenceStates(grouping, f));
          }
        }
      }
    }

    // The set-based rebuild gives the same rollups.
    await sql`SELECT report_agent_state_rebuild()`.execute(db);
    await compareRollups(`seed ${seed}, after rebuild`);
  }, 300_000); // randomized, many round trips: minutes when the shared 2-core machine is busy (no timing asserted)
});
