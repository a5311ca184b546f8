import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { CallOutsidePartitionsError, CallsRepository, type CallRow, type StartedCall } from '../../../server/calls/calls.repository';
import { BatchedCallsRepository } from '../../../server/calls/calls-batched.repository';

// Issue #27 (bench:ingest): the ingest path's writes merged across calls into multi-row statements. The same call
// histories are written through the single-row statements (one call at a time) and through the batched repository
// (every call at once, so the writes of each step share a statement); the rows must come out identical.

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

type Story = 'answered' | 'answered-held' | 'abandoned' | 'unseen' | 'ring-no-answer';
const STORIES: Story[] = ['answered', 'answered-held', 'abandoned', 'unseen', 'ring-no-answer'];
const t0 = Math.floor(Date.now() / 1000) * 1000 - 120_000;
const at = (s: number) => new Date(t0 + s * 1000);
let seq = 0;

const started = (tag: string): StartedCall => ({
  pbxId: 'main', linkedid: `batch-${tag}-${process.pid}-${++seq}`, direction: 'inbound', callerNumber: '+12125550101',
  callerName: 'Ada', calledNumber: '5000', startedAt: at(0), campaignAttemptId: null,
});

/** One call's writes in the calls service's order; `step` lets every call of a run do step n before any does n+1. */
async function write(repo: CallsRepository, story: Story, tag: string, step: (n: number) => Promise<void>): Promise<number> {
  const input = started(tag);
  const done = await repo.insertStartedWithLeg(input, { uniqueid: `${input.linkedid}`, channel: 'PJSIP/trunk-1', role: 'caller', userId: null });
  const id = done!.row.id;
  await step(1);
  await repo.markQueued(id, 'support', at(1));
  await step(2);
  if (story !== 'unseen') await repo.markOfferedWithLeg(id, 'support', at(2), { uniqueid: `${input.linkedid}.a`, channel: 'PJSIP/1001-1', userId: null });
  await step(3);
  if (story.startsWith('answered')) await repo.markAnsweredWithLeg(id, null, at(5), story === 'answered' ? 3 : null, `${input.linkedid}.a`);
  if (story === 'answered-held') await repo.setHold(id, true, at(7));
  await step(4);
  if (story !== 'unseen') await repo.endLeg(id, `${input.linkedid}.a`, at(20), 16);
  await step(5);
  await repo.markEndedWithLegs(id, { at: at(21), cause: 16, causeText: 'Normal Clearing', hungUpBy: story === 'ring-no-answer' ? 'system' : 'customer',
    failure: story === 'ring-no-answer' ? 'no_answer' : null, unseen: story === 'unseen' });
  return id;
}

/** A barrier: every call of the run reaches step n before any goes on, so their writes of step n meet. */
function barrier(parties: number) {
  const waiting = new Map<number, Array<() => void>>();
  return (n: number) => new Promise<void>((resolve) => {
    const w = waiting.get(n) ?? [];
    w.push(resolve);
    waiting.set(n, w);
    if (w.length === parties) w.forEach((r) => r());
  });
}

async function snapshot(id: number) {
  const call = await ctx.db.db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const legs = await ctx.db.db.selectFrom('call_legs').select(['uniqueid', 'channel', 'role', 'user_id', 'started_at', 'answered_at', 'ended_at', 'hangup_cause'])
    .where('call_id', '=', id).orderBy('role').execute();
  const { id: _id, linkedid, updated_at: _u, ...rest } = call as CallRow;
  return { call: rest, legs: legs.map((l) => ({ ...l, uniqueid: l.uniqueid.replace(linkedid, 'L') })) };
}

describe('BatchedCallsRepository', () => {
  it('writes the same rows as the single-row statements, with every call\'s writes of a step merged', async () => {
    const single = new CallsRepository(ctx.db.db);
    const expected = [];
    for (const story of STORIES) expected.push(await snapshot(await write(single, story, 'one', async () => {})));

    const sut = new BatchedCallsRepository(ctx.db.db);
    const step = barrier(STORIES.length);
    const ids = await Promise.all(STORIES.map((story) => write(sut, story, 'many', step)));
    const actual = await Promise.all(ids.map(snapshot));
    expect(actual).toEqual(expected);
    expect(actual.map((a) => a.call.outcome)).toEqual(['answered', 'answered', 'abandoned', 'unknown', 'abandoned']);
    expect(actual.every((a) => a.legs.every((l) => l.ended_at !== null))).toBe(true);
  });

  it('in one multi-row insert, a replayed call gets nothing (the caller takes the two-step path) and the new ones their rows', async () => {
    const sut = new BatchedCallsRepository(ctx.db.db);
    const old = started('replay');
    const leg = (c: StartedCall) => ({ uniqueid: c.linkedid, channel: 'PJSIP/trunk-1', role: 'caller', userId: null });
    const first = await sut.insertStartedWithLeg(old, leg(old));
    const fresh = [started('new'), started('new')];
    const [replayed, ...created] = await Promise.all([old, ...fresh].map((c) => sut.insertStartedWithLeg(c, leg(c))));
    expect(replayed).toBeUndefined();
    expect(created.map((c) => [c?.created, c?.row.linkedid])).toEqual(fresh.map((c) => [true, c.linkedid]));
    const calls = await ctx.db.db.selectFrom('calls').select('id').where('linkedid', 'in', [old.linkedid, ...fresh.map((c) => c.linkedid)]).execute();
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => c.id)).toContain(first!.row.id);
  });

  it('a call outside the partitions fails alone; the calls written with it are recorded', async () => {
    const sut = new BatchedCallsRepository(ctx.db.db);
    const far = { ...started('far'), startedAt: new Date(Date.UTC(new Date().getUTCFullYear() + 2, 0, 15)) };
    const good = [started('good'), started('good')];
    const results = await Promise.allSettled([good[0]!, far, good[1]!].map((c) =>
      sut.insertStartedWithLeg(c, { uniqueid: c.linkedid, channel: 'PJSIP/trunk-1', role: 'caller', userId: null })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(CallOutsidePartitionsError);
    const rows = await ctx.db.db.selectFrom('calls').select('linkedid').where('linkedid', 'in', [...good, far].map((c) => c.linkedid)).execute();
    expect(rows.map((r) => r.linkedid).sort()).toEqual(good.map((c) => c.linkedid).sort());
  });
});
