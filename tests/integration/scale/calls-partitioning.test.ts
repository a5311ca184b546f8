import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { until } from '../../support/full-stack';
import { inboundAnsweredCall } from '../../factories/pbx-event.factory';
import { CallOutsidePartitionsError, CallsRepository, type StartedCall } from '../../../server/calls/calls.repository';
import { CallsService } from '../../../server/calls/calls.service';
import type { PbxEvent } from '../../../server/pbx/pbx-events';
import { fixedLocaleDefaults } from '../../../server/settings/locale-defaults';

// Migration 0012: calls range-partitioned on an id that encodes the start second, one partition per UTC month, plus
// calls_history below the oldest month; the idempotency key (pbx_id, linkedid) lives in call_linkedids.

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

let seq = 0;
const started = (startedAt: Date, over: Partial<StartedCall> = {}): StartedCall => ({
  pbxId: 'main', linkedid: `part-${process.pid}-${++seq}`, direction: 'inbound', callerNumber: '+12125550101', callerName: null,
  calledNumber: '5000', startedAt, campaignAttemptId: null, ...over,
});
const monthsFromNow = (n: number, dayMs = 10 * 86_400_000) => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1) + dayMs);
};
const partitionName = (d: Date) => `calls_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

async function partitionOf(id: number): Promise<string> {
  const r = await sql<{ part: string }>`SELECT tableoid::regclass::text AS part FROM calls WHERE id = ${id}`.execute(ctx.db.db);
  return r.rows[0]!.part;
}
async function count(table: 'calls' | 'call_legs' | 'call_linkedids', column: 'linkedid' | 'call_id', value: string | number): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${value}`.execute(ctx.db.db);
  return r.rows[0]!.n;
}

describe('calls partitioned by month on a time-encoded id', () => {
  it('a call ingested by the calls service lands in the partition of its start month, its id carrying the start second', async () => {
    const start = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const { linkedid, events } = inboundAnsweredCall({ extension: '1002', start });
    for (const e of events) ctx.services.calls.ingest(e);
    await ctx.services.calls.drain();
    const sut = await ctx.services.callsRepo.find('main', linkedid);
    expect(sut).toMatchObject({ status: 'ended', started_at: start });
    expect(await partitionOf(sut!.id)).toBe(partitionName(start));
    expect(Math.floor(sut!.id / 1_000_000)).toBe(start.getTime() / 1000);
    expect(Number.isSafeInteger(sut!.id)).toBe(true);
    // The report triggers follow the partitioned table: the ended call is noted (0014) and folded.
    await ctx.services.reportFolder.foldOnce({ wait: true });
    const facts = await ctx.db.db.selectFrom('report_call_facts').select(['calls', 'answered']).where('call_id', '=', sut!.id).executeTakeFirst();
    expect(facts).toEqual({ calls: 1, answered: 1 });
  });

  it('a call started two months ago goes to that month; one started 25 months ago goes to calls_history', async () => {
    const sut = ctx.services.callsRepo;
    const twoMonthsAgo = monthsFromNow(-2);
    const recent = await sut.insertStarted(started(twoMonthsAgo));
    expect(await partitionOf(recent.row.id)).toBe(partitionName(twoMonthsAgo));
    const old = await sut.insertStarted(started(monthsFromNow(-25)));
    expect(old.created).toBe(true);
    expect(await partitionOf(old.row.id)).toBe('calls_history');
  });

  it('a replayed call.started returns the same call and creates nothing', async () => {
    const sut = ctx.services.callsRepo;
    const input = started(new Date());
    const leg = { uniqueid: `${input.linkedid}-c`, channel: 'PJSIP/trunk-1', role: 'caller', userId: null };
    const replayed = { ...input, startedAt: new Date(Date.now() + 5000) };
    const first = await sut.insertStartedWithLeg(input, leg);
    expect(first).toMatchObject({ created: true });
    // The one-statement path says nothing on a replay; the service then takes the two-step path.
    expect(await sut.insertStartedWithLeg(replayed, leg)).toBeUndefined();
    expect(await sut.insertStarted(replayed)).toEqual({ row: first!.row, created: false });
    expect(await count('calls', 'linkedid', input.linkedid)).toBe(1);
    expect(await count('call_linkedids', 'linkedid', input.linkedid)).toBe(1);
    expect(await count('call_legs', 'call_id', first!.row.id)).toBe(1);
  });

  it('two concurrent inserts of the same call: the one that waited on the key gets the winner, no second row', async () => {
    for (const withLeg of [false, true]) {
      const input = started(new Date());
      let loser: Promise<unknown> | undefined;
      const winner = await ctx.db.db.transaction().execute(async (trx) => {
        const won = await new CallsRepository(trx).insertStarted(input);
        loser = withLeg
          ? ctx.services.callsRepo.insertStartedWithLeg(input, { uniqueid: `${input.linkedid}-x`, channel: 'PJSIP/x', role: 'caller', userId: null })
          : ctx.services.callsRepo.insertStarted(input);
        // Commit only once the other insert is blocked on the uncommitted key row.
        await until(async () => {
          const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%call_linkedids%'`.execute(ctx.db.db);
          return r.rows[0]!.n > 0;
        }, 10_000, 'second insert waiting on the key');
        return won;
      });
      const lost = await loser;
      expect(winner.created).toBe(true);
      // The one-statement path cannot see a row committed after its snapshot: it returns nothing and the service
      // falls back to insertStarted, which finds the winner.
      if (withLeg) expect(lost).toBeUndefined();
      else expect(lost).toEqual({ row: winner.row, created: false });
      expect(await ctx.services.callsRepo.insertStarted(input)).toEqual({ row: winner.row, created: false });
      expect(await count('calls', 'linkedid', input.linkedid)).toBe(1);
      expect(await count('call_linkedids', 'linkedid', input.linkedid)).toBe(1);
    }
  });

  it('a direct INSERT of a duplicate (pbx_id, linkedid) fails with 23505 on the key, as the old unique constraint did', async () => {
    const db = ctx.db.db;
    const row = { pbx_id: 'main', linkedid: `direct-${process.pid}`, direction: 'inbound', started_at: new Date() };
    const first = await db.insertInto('calls').values({ ...row, id: sql<number>`calls_id_for(${row.started_at}::timestamptz)` })
      .returning('id').executeTakeFirstOrThrow();
    const key = await db.selectFrom('call_linkedids').select('call_id').where('linkedid', '=', row.linkedid).executeTakeFirst();
    expect(key).toEqual({ call_id: first.id });
    const sut = db.insertInto('calls').values(row).execute(); // default id: calls_id_for(now())
    await expect(sut).rejects.toMatchObject({ code: '23505', constraint_name: 'call_linkedids_pkey' });
    const sameStatement = db.insertInto('calls').values([{ ...row, linkedid: `${row.linkedid}-b` }, { ...row, linkedid: `${row.linkedid}-b` }]).execute();
    await expect(sameStatement).rejects.toMatchObject({ code: '23505' });
    expect(await count('calls', 'linkedid', row.linkedid)).toBe(1);
    expect(await count('calls', 'linkedid', `${row.linkedid}-b`)).toBe(0);
  });

  it('UPDATE ... WHERE id = ... touches one partition, and a lookup by linkedid scans one', async () => {
    const { row } = await ctx.services.callsRepo.insertStarted(started(new Date()));
    const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (COSTS OFF) UPDATE calls SET updated_at = now() WHERE id = ${sql.lit(row.id)}`.execute(ctx.db.db);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect([...new Set(text.match(/\bcalls_(history|\d{4}_\d{2})\b/g))]).toEqual([partitionName(row.started_at)]);
    const lookup = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
      SELECT * FROM calls WHERE id = (SELECT call_id FROM call_linkedids WHERE pbx_id = 'main' AND linkedid = ${row.linkedid})`.execute(ctx.db.db);
    const scans = lookup.rows.map((r) => r['QUERY PLAN']).filter((l) => /Scan.* on calls_/.test(l));
    expect(scans.length).toBeGreaterThan(20);
    expect(scans.filter((l) => !l.includes('never executed')).map((l) => l.match(/ on (calls_\w+)/)![1])).toEqual([partitionName(row.started_at)]);
  });

  it('every foreign key to calls(id) points at the partitioned table with its old ON DELETE action', async () => {
    const r = await sql<{ t: string; name: string; del: string }>`SELECT conrelid::regclass::text AS t, conname AS name, confdeltype AS del
      FROM pg_constraint WHERE contype = 'f' AND confrelid = 'calls'::regclass AND conparentid = 0`.execute(ctx.db.db);
    expect(r.rows.sort((x, y) => x.t.localeCompare(y.t))).toEqual([
      { t: 'agent_state_log', name: 'agent_state_log_call_id_fkey', del: 'n' },
      { t: 'call_legs', name: 'call_legs_call_id_fkey', del: 'c' },
      { t: 'call_linkedids', name: 'call_linkedids_call_id_fkey', del: 'c' },
      { t: 'campaign_attempts', name: 'campaign_attempts_last_call_id_fkey', del: 'n' },
      { t: 'campaign_dials', name: 'campaign_dials_call_id_fkey', del: 'n' },
      { t: 'interactions', name: 'interactions_call_fk', del: 'n' },
      { t: 'tasks', name: 'tasks_call_fk', del: 'n' },
      { t: 'wrapups', name: 'wrapups_call_id_fkey', del: 'n' },
    ]);
  });

  it('deleting a call cascades to its legs and frees its linkedid', async () => {
    const input = started(new Date());
    const done = await ctx.services.callsRepo.insertStartedWithLeg(input, { uniqueid: `${input.linkedid}-c`, channel: 'PJSIP/t', role: 'caller', userId: null });
    await ctx.services.callsRepo.upsertLeg(done!.row.id, { uniqueid: `${input.linkedid}-a`, channel: 'PJSIP/a', role: 'agent', userId: null, startedAt: new Date() });
    expect(await count('call_legs', 'call_id', done!.row.id)).toBe(2);
    await ctx.db.db.deleteFrom('calls').where('id', '=', done!.row.id).execute();
    expect(await count('call_legs', 'call_id', done!.row.id)).toBe(0);
    expect(await count('call_linkedids', 'linkedid', input.linkedid)).toBe(0);
    const again = await ctx.services.callsRepo.insertStarted(input);
    expect(again.created).toBe(true);
    expect(again.row.id).not.toBe(done!.row.id);
  });

  it('warmline_ensure_partitions creates the calls months ahead, idempotently, and calls then land there', async () => {
    const farMonth = monthsFromNow(6);
    expect(await sql`SELECT to_regclass(${partitionName(farMonth)}) AS r`.execute(ctx.db.db).then((r) => r.rows[0])).toEqual({ r: null });
    await expect(ctx.services.callsRepo.insertStarted(started(farMonth))).rejects.toBeInstanceOf(CallOutsidePartitionsError);
    const ensure = () => sql<{ created: number }>`SELECT warmline_ensure_partitions(6) AS created`.execute(ctx.db.db).then((r) => r.rows[0]!.created);
    const [a, b] = await Promise.all([ensure(), ensure()]);
    expect(a + b).toBe(6); // months +4, +5, +6 of interactions and of calls, created once between the two racers
    expect(await ensure()).toBe(0);
    const bounds = await sql<{ b: string }>`SELECT pg_get_expr(c.relpartbound, c.oid) AS b FROM pg_class c WHERE c.relname = ${partitionName(farMonth)}`.execute(ctx.db.db);
    const lo = Date.UTC(farMonth.getUTCFullYear(), farMonth.getUTCMonth(), 1) * 1000;
    const hi = Date.UTC(farMonth.getUTCFullYear(), farMonth.getUTCMonth() + 1, 1) * 1000;
    expect(bounds.rows[0]!.b).toBe(`FOR VALUES FROM ('${lo}') TO ('${hi}')`);
    const { row } = await ctx.services.callsRepo.insertStarted(started(farMonth));
    expect(await partitionOf(row.id)).toBe(partitionName(farMonth));
  });

  it('a call starting beyond the created months is refused with a clear error and the ingest goes on', async () => {
    const logged: string[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => { logged.push(line); } });
    const sut = new CallsService(ctx.services.callsRepo, ctx.services.users, ctx.services.bus, log, fixedLocaleDefaults('US', 'UTC'));
    const tooFar = inboundAnsweredCall({ extension: '1002', start: monthsFromNow(12) });
    const fine = inboundAnsweredCall({ extension: '1002', start: new Date() });
    for (const e of [...tooFar.events, ...fine.events] as PbxEvent[]) sut.ingest(e);
    await sut.drain();
    expect(await ctx.services.callsRepo.find('main', tooFar.linkedid)).toBeUndefined();
    expect(await ctx.services.callsRepo.find('main', fine.linkedid)).toMatchObject({ status: 'ended' });
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!).err.message).toMatch(new RegExp(`call main/${tooFar.linkedid.replace('.', '\\.')} started at .* has no calls partition for its month`));
  });
});
