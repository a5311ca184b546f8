import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { createUser, type TestUser } from '../../factories/user.factory';
import { createCall, createQueue } from '../../factories/call.factory';
import { ReportFolder } from '../../../server/reports/report-folder';
import { OperationalRepository } from '../../../server/reports/operational.repository';

// Migration 0014: a call's end notes the call (and, when its number or start changed, its old neighbours) and the
// rollups are folded afterwards: by every node's folder about once a second, and by the operational reports before
// they read. The randomized equality with a full recomputation is in rollup-consistency.test.ts.
let ctx: TestContext;
let agent: TestUser;

const noted = async (callId: number) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM report_refold_queue WHERE call_id = ${callId}`.execute(ctx.db.db)).rows[0]!.n;
const facts = async (callId: number) =>
  ctx.db.db.selectFrom('report_call_facts').select(['calls', 'answered', 'abandoned', 'repeat_base', 'repeat_24h', 'repeat_7d'])
    .where('call_id', '=', callId).executeTakeFirst();
const recomputed = async (callId: number) =>
  (await sql<Record<string, number>>`SELECT calls, answered, abandoned, repeat_base, repeat_24h, repeat_7d FROM report_call_facts_full_v
    WHERE call_id = ${callId}`.execute(ctx.db.db)).rows[0];
const salesOn = async (day: string) => {
  const r = await ctx.services.reports.operationalReport({ from: day, to: day, groupBy: 'queue', tz: 'UTC' });
  return r.rows.find((row) => row.key === 'fold-q');
};

beforeAll(async () => {
  ctx = await createTestContext();
  agent = await createUser(ctx.services, ctx.app, { role: 'operator' });
  await createQueue(ctx.db.db, 'fold-q', 20);
});
afterAll(async () => { await ctx?.close(); });

describe('report rollups folded after the call, not inside its transaction', () => {
  it('a call that ends is noted, not folded; a fold takes it; a report asked for before any fold shows it', async () => {
    const sut = await createCall(ctx.db.db, { start: '2024-06-03T10:00:00Z', queue: 'fold-q', result: 'live', agentId: agent.id });
    await ctx.db.db.updateTable('calls').set({ status: 'ended', outcome: 'answered', answered_at: new Date('2024-06-03T10:00:10Z'), ended_at: new Date('2024-06-03T10:05:00Z'), wait_seconds: 8, talk_seconds: 280 })
      .where('id', '=', sut).execute();
    expect(await noted(sut)).toBe(1);
    expect(await facts(sut)).toBeUndefined();

    // The report folds what is pending before it reads.
    const row = await salesOn('2024-06-03');
    expect(row).toMatchObject({ offered: 1, answered: 1 });
    expect(await noted(sut)).toBe(0);
    expect(await facts(sut)).toMatchObject({ calls: 1, answered: 1 });
  });

  it('a change to an ended call refolds it: corrected outcome, then a delete', async () => {
    const sut = await createCall(ctx.db.db, { start: '2024-06-04T09:00:00Z', queue: 'fold-q', agentId: agent.id });
    expect((await salesOn('2024-06-04'))).toMatchObject({ offered: 1, answered: 1, abandoned: 0 });
    await ctx.db.db.updateTable('calls').set({ outcome: 'abandoned', answered_at: null, agent_user_id: null, talk_seconds: null }).where('id', '=', sut).execute();
    expect((await salesOn('2024-06-04'))).toMatchObject({ offered: 1, answered: 0, abandoned: 1 });
    await ctx.db.db.deleteFrom('calls').where('id', '=', sut).execute();
    expect(await salesOn('2024-06-04')).toBeUndefined();
    expect(await facts(sut)).toBeUndefined();
  });

  it('moving a call to another number or another start refolds the calls that were its neighbours', async () => {
    const number = '+15550044001';
    // first at 09:00, second at 10:00 from the same number: the second is a repeat within 24 h because of the first.
    const first = await createCall(ctx.db.db, { start: '2024-06-10T09:00:00Z', queue: 'fold-q', caller: number, agentId: agent.id });
    const second = await createCall(ctx.db.db, { start: '2024-06-10T10:00:00Z', queue: 'fold-q', caller: number, agentId: agent.id });
    await ctx.services.reportFolder.foldOnce({ wait: true });
    expect(await facts(second)).toMatchObject({ repeat_base: 1, repeat_24h: 1 });

    // The first call's number is corrected: the second is no longer a repeat. Only the first call was written.
    await ctx.db.db.updateTable('calls').set({ caller_number: '+15550044999' }).where('id', '=', first).execute();
    await ctx.services.reportFolder.foldOnce({ wait: true });
    expect(await facts(second)).toMatchObject({ repeat_24h: 0, repeat_7d: 0 });
    expect(await facts(second)).toEqual(await recomputed(second));

    // Back to the same number, then the first call's start moves 3 days earlier: a repeat within 7 days, not 24 h.
    await ctx.db.db.updateTable('calls').set({ caller_number: number }).where('id', '=', first).execute();
    await ctx.services.reportFolder.foldOnce({ wait: true });
    expect(await facts(second)).toMatchObject({ repeat_24h: 1 });
    await ctx.db.db.updateTable('calls').set({ started_at: new Date('2024-06-07T09:00:00Z') }).where('id', '=', first).execute();
    await ctx.services.reportFolder.foldOnce({ wait: true });
    expect(await facts(second)).toMatchObject({ repeat_24h: 0, repeat_7d: 1 });
    expect(await facts(second)).toEqual(await recomputed(second));

    // Deleting the first call: the second loses its repeat altogether.
    await ctx.db.db.deleteFrom('calls').where('id', '=', first).execute();
    await ctx.services.reportFolder.foldOnce({ wait: true });
    expect(await facts(second)).toMatchObject({ repeat_24h: 0, repeat_7d: 0 });
  });

  it('a call ended by a transaction still open during a fold stays noted, and the next fold takes it', async () => {
    const sut = await createCall(ctx.db.db, { start: '2024-06-11T10:00:00Z', queue: 'fold-q', result: 'live', agentId: agent.id });
    await ctx.db.db.transaction().execute(async (trx) => {
      await trx.updateTable('calls').set({ status: 'ended', outcome: 'answered', answered_at: new Date('2024-06-11T10:00:10Z'), ended_at: new Date('2024-06-11T10:02:00Z'), wait_seconds: 8, talk_seconds: 100 })
        .where('id', '=', sut).execute();
      // Another session folds meanwhile: it cannot see this note yet.
      await ctx.services.reportFolder.foldOnce({ wait: true });
    });
    expect(await facts(sut)).toBeUndefined();
    expect(await noted(sut)).toBe(1);
    await ctx.services.reportFolder.foldOnce({ wait: true });
    expect(await facts(sut)).toMatchObject({ calls: 1, answered: 1 });
  });

  it('one folder at a time: the background folder skips while another folds; a report waits for it', async () => {
    const sut = await createCall(ctx.db.db, { start: '2024-06-12T10:00:00Z', queue: 'fold-q', agentId: agent.id });
    const holder = await ctx.db.db.connection().execute(async (conn) => {
      await sql`BEGIN`.execute(conn);
      await sql`SELECT pg_advisory_xact_lock(7324606, 0)`.execute(conn);
      try {
        // Skips: nothing taken, the note stays.
        expect(await ctx.services.reportFolder.foldOnce()).toBe(0);
        expect(await noted(sut)).toBe(1);
        // A report waits for the fold in progress.
        let settled = false;
        const report = salesOn('2024-06-12').finally(() => { settled = true; });
        await new Promise((r) => setTimeout(r, 300));
        expect(settled).toBe(false);
        return report;
      } finally {
        await sql`COMMIT`.execute(conn);
      }
    });
    expect(await holder).toMatchObject({ offered: 1, answered: 1 });
    expect(await noted(sut)).toBe(0);
  });

  it('the background folder folds without a report being asked for, in batches of the given size', async () => {
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push(await createCall(ctx.db.db, { start: `2024-06-13T1${i}:00:00Z`, queue: 'fold-q', agentId: agent.id }));
    const batched = new OperationalRepository(ctx.db.db);
    expect(await batched.foldPending({ wait: true, batch: 3 })).toBe(7);
    for (const id of ids) expect(await facts(id)).toMatchObject({ calls: 1 });

    const sut = await createCall(ctx.db.db, { start: '2024-06-14T10:00:00Z', queue: 'fold-q', agentId: agent.id });
    const folder = new ReportFolder(new OperationalRepository(ctx.db.db), ctx.services.log);
    folder.start(20);
    try {
      const deadline = Date.now() + 10_000;
      while (!(await facts(sut)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await facts(sut)).toMatchObject({ calls: 1, answered: 1 });
    } finally {
      await folder.stop();
    }
  });
});
