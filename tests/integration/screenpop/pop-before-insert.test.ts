import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startPopHarness, waitForPop, type PopHarness } from '../../support/screen-pop-harness';
import type { TestContext } from '../../support/test-app';
import { createUser, type TestUser } from '../../factories/user.factory';
import { createCustomer, uniquePhone } from '../../factories/customer.factory';
import { inboundAnsweredCall } from '../../factories/pbx-event.factory';
import { withCallInsertsBlocked, withTableLocked } from '../../support/call-locks';
import { CallsService, type ArrivalGate } from '../../../server/calls/calls.service';
import { CallIdAllocator } from '../../../server/calls/call-id-allocator';
import type { PbxEvent } from '../../../server/pbx/pbx-events';
import type { ScreenPopPayload } from '@contract/wire-events';
import { fixedLocaleDefaults } from '../../../server/settings/locale-defaults';

// A new call's pop must not wait for the call's INSERT to commit: the calls service hands the call an id from
// CallIdAllocator the moment the PBX reports it, so an offer that races the INSERT pops at once, under the id the
// row is then written with. Inserts are held back here with a table lock taken by another session.

let harness: PopHarness;
let ctx: TestContext;
let alice: TestUser;
let pops: ScreenPopPayload[];
const log = pino({ level: 'silent' });

beforeAll(async () => {
  harness = await startPopHarness({ env: { DEFAULT_REGION: 'US' } });
  ctx = harness.ctx;
  alice = await createUser(ctx.services, ctx.app, { role: 'operator' });
  ({ pops } = await harness.connectAgent(alice));
});
afterAll(async () => {
  await harness?.close();
});

const popOf = (linkedid: string) => waitForPop(pops, (p) => p.linkedid === linkedid, linkedid);

describe('screen pop before the call row is written', () => {
  it('pops under the handed-out id while the INSERT waits; the row gets that id and the customer link lands after it', async () => {
    await ctx.services.callIds.prime();
    const phone = uniquePhone();
    const customer = await createCustomer(ctx.services, { fullName: 'Not Kept Waiting', phones: [{ number: phone }] });
    const { linkedid, events } = inboundAnsweredCall({ extension: alice.extension!, caller: phone, start: new Date() });
    const [started, , queued, offered] = events;
    let popped: ScreenPopPayload | undefined;
    await withCallInsertsBlocked(ctx.db, async () => {
      for (const e of [started!, queued!, offered!]) ctx.services.calls.ingest(e);
      popped = await popOf(linkedid);
      expect(popped).toMatchObject({ match: 'matched', customer: { id: customer.id, fullName: 'Not Kept Waiting' } });
      expect(await ctx.services.callsRepo.find('main', linkedid)).toBeUndefined();
      expect(await ctx.services.callsRepo.findById(popped.callId)).toBeUndefined();
    });
    await ctx.services.calls.drain();
    const row = await ctx.services.callsRepo.find('main', linkedid);
    expect(row?.id).toBe(popped!.callId);
    // The id says when the call started (the partition key): its first ten digits are the start second.
    expect(Math.floor(row!.id / 1_000_000)).toBe(Math.floor(Date.parse(started!.at) / 1000));
    expect(row).toMatchObject({ customer_id: customer.id, status: 'offered' });
    expect(pops.filter((p) => p.linkedid === linkedid)).toHaveLength(1);
  });

  it('a call re-discovered by a resync never pops under a fresh id: it waits for the recorded row', async () => {
    const phone = uniquePhone();
    await createCustomer(ctx.services, { fullName: 'Seen Before', phones: [{ number: phone }] });
    const { linkedid, events } = inboundAnsweredCall({ extension: alice.extension!, caller: phone, start: new Date() });
    const [started, , queued] = events;
    ctx.services.calls.ingest(started!);
    ctx.services.calls.ingest(queued!);
    await ctx.services.calls.drain();
    const recorded = (await ctx.services.callsRepo.find('main', linkedid))!;

    // Another node (or this one after a restart) that knows nothing of the call in memory, with ids at hand.
    const ids = new CallIdAllocator((n) => ctx.services.callsRepo.reserveIds(n), log);
    await ids.prime();
    const fresh = new CallsService(ctx.services.callsRepo, ctx.services.users, ctx.services.bus, log, fixedLocaleDefaults('US', 'UTC'), ids);
    const resynced: PbxEvent = { ...(started as Extract<PbxEvent, { type: 'call.started' }>), resynced: true };
    const offered: PbxEvent = { pbxId: 'main', linkedid, type: 'call.offered', at: new Date().toISOString(), queue: 'support',
      extension: alice.extension!, agentUniqueid: `${linkedid}-r`, agentChannel: `PJSIP/${alice.extension}-r` };
    fresh.ingest(resynced);
    fresh.ingest(offered);
    await fresh.drain();
    const pop = await popOf(linkedid);
    expect(pop.callId).toBe(recorded.id);
    expect(pops.filter((p) => p.linkedid === linkedid).map((p) => p.callId)).toEqual([recorded.id]);
    expect(ids.available).toBeGreaterThan(0);
  });

  it('with no id at hand (pool empty) the pop still comes, after the INSERT', async () => {
    const empty = new CallIdAllocator(async () => { throw new Error('sequence unavailable'); }, log);
    const service = new CallsService(ctx.services.callsRepo, ctx.services.users, ctx.services.bus, log, fixedLocaleDefaults('US', 'UTC'), empty);
    const phone = uniquePhone();
    await createCustomer(ctx.services, { fullName: 'Waited For The Row', phones: [{ number: phone }] });
    const { linkedid, events } = inboundAnsweredCall({ extension: alice.extension!, caller: phone, start: new Date() });
    const [started, , queued, offered] = events;
    await withCallInsertsBlocked(ctx.db, async () => {
      for (const e of [started!, queued!, offered!]) service.ingest(e);
      await new Promise((r) => setTimeout(r, 300));
      expect(pops.some((p) => p.linkedid === linkedid)).toBe(false);
    });
    await service.drain();
    const pop = await popOf(linkedid);
    expect(pop.callId).toBe((await ctx.services.callsRepo.find('main', linkedid))!.id);
  });
});

describe('a new call is written after its caller lookup (the arrival gate)', () => {
  // A calls service of its own with the gate under test (the gate is a constructor argument); it publishes on the
  // same bus, so the harness's screen pop and fanout pop its calls. The customer link of these calls is ordered
  // on the composed calls service's queue, not this one's: the first test above covers where the link lands.
  const gated = (gate: ArrivalGate, boundMs: number) =>
    new CallsService(ctx.services.callsRepo, ctx.services.users, ctx.services.bus, log, fixedLocaleDefaults('US', 'UTC'), ctx.services.callIds, { gate, boundMs });

  it('holds the call\'s rows until the gate settles, while its pop goes out at once', async () => {
    await ctx.services.callIds.prime();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => { open = resolve; });
    const asked: string[] = [];
    const sut = gated((_pbx, linkedid) => { asked.push(linkedid); return gate; }, 60_000);
    const phone = uniquePhone();
    const customer = await createCustomer(ctx.services, { fullName: 'Looked Up First', phones: [{ number: phone }] });
    const { linkedid, events } = inboundAnsweredCall({ extension: alice.extension!, caller: phone, start: new Date() });
    const [started, , queued, offered] = events;
    for (const e of [started!, queued!, offered!]) sut.ingest(e);
    const pop = await popOf(linkedid);
    expect(pop).toMatchObject({ match: 'matched', customer: { id: customer.id } });
    expect(asked).toEqual([linkedid]);
    expect(await ctx.services.callsRepo.find('main', linkedid)).toBeUndefined();
    open();
    await sut.drain();
    expect(await ctx.services.callsRepo.find('main', linkedid)).toMatchObject({ id: pop.callId, status: 'offered' });
  });

  it('a gate that never settles holds the rows only for its bound', async () => {
    await ctx.services.callIds.prime();
    const sut = gated(() => new Promise<never>(() => undefined), 100);
    const { linkedid, events } = inboundAnsweredCall({ extension: alice.extension!, caller: uniquePhone(), start: new Date() });
    sut.ingest(events[0]!);
    await sut.drain();
    expect(await ctx.services.callsRepo.find('main', linkedid)).toMatchObject({ status: 'ringing' });
  });

  it('as wired, a caller lookup stuck in the database does not hold the call\'s rows; its pop comes once the lookup does', async () => {
    await ctx.services.callIds.prime();
    const phone = uniquePhone();
    await createCustomer(ctx.services, { fullName: 'Slow Lookup', phones: [{ number: phone }] });
    const { linkedid, events } = inboundAnsweredCall({ extension: alice.extension!, caller: phone, start: new Date() });
    const [started, , queued, offered] = events;
    await withTableLocked(ctx.db, 'customer_phones', 'ACCESS EXCLUSIVE', async () => {
      for (const e of [started!, queued!, offered!]) ctx.services.calls.ingest(e);
      expect(ctx.services.screenPop.lookAheadOf('main', linkedid)).toBeInstanceOf(Promise);
      await ctx.services.calls.drain();
      expect(await ctx.services.callsRepo.find('main', linkedid)).toMatchObject({ status: 'offered' });
      expect(pops.some((p) => p.linkedid === linkedid)).toBe(false);
    });
    expect(await popOf(linkedid)).toMatchObject({ match: 'matched', customer: { fullName: 'Slow Lookup' } });
  });
});
