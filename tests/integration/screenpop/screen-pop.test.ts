import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPopHarness, waitForPop, type PopHarness } from '../../support/screen-pop-harness';
import type { TestContext } from '../../support/test-app';
import { createUser, type TestUser } from '../../factories/user.factory';
import { createCustomer, createProduct, insertCall, uniquePhone } from '../../factories/customer.factory';
import type { ScreenPopWiring } from '../../../server/screenpop/screenpop.wiring';
import { inboundAnsweredCall } from '../../factories/pbx-event.factory';
import { withCallInsertsBlocked } from '../../support/call-locks';
import type { CallSummary } from '../../../server/events/domain-events';
import type { ScreenPopPayload } from '@contract/wire-events';

let harness: PopHarness;
let ctx: TestContext;
let alice: TestUser;
let bob: TestUser;
let wiring: ScreenPopWiring;
const received = new Map<string, ScreenPopPayload[]>();

beforeAll(async () => {
  harness = await startPopHarness({ env: { DEFAULT_REGION: 'US' } });
  ({ ctx, wiring } = harness);
  alice = await createUser(ctx.services, ctx.app, { role: 'operator' });
  bob = await createUser(ctx.services, ctx.app, { role: 'operator' });
  for (const user of [alice, bob]) received.set(user.username, (await harness.connectAgent(user)).pops);
});
afterAll(async () => {
  await harness?.close();
});

const popFor = (user: TestUser, callId: number) =>
  waitForPop(received.get(user.username)!, (p) => p.callId === callId, `call ${callId} at ${user.username}`);

function ring(call: CallSummary, user: TestUser): void {
  ctx.services.bus.publish('call.queued', { call: { ...call, status: 'queued' }, queue: 'support' });
  ctx.services.bus.publish('call.offered', {
    call: { ...call, status: 'offered', offeredAt: new Date().toISOString(), agentUserId: user.id }, userId: user.id, extension: user.extension!, queue: 'support',
  });
}

describe('screen pop over socket.io', () => {
  it('pops the matched customer story at the ringing agent only, and links the call', async () => {
    const phone = uniquePhone();
    const customer = await createCustomer(ctx.services, { fullName: 'Grace Hopper', company: 'Navy', tags: ['vip'], phones: [{ number: phone }] });
    const db = ctx.db.db;
    const day = 86_400_000;
    const kase = await db.insertInto('cases').values({ customer_id: customer.id, kind: 'complaint', subject: 'Router keeps rebooting', agreed: 'Replace the router', owner_id: bob.id, opened_at: new Date(Date.now() - 3 * day - 3600_000) }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('case_updates').values({ case_id: kase.id, user_id: bob.id, note: 'Courier booked for Friday', at: new Date(Date.now() - day) }).execute();
    await db.insertInto('cases').values({ customer_id: customer.id, kind: 'service_request', status: 'closed', subject: 'Old, closed' }).execute();
    for (let i = 0; i < 12; i++) {
      await db.insertInto('interactions').values({
        customer_id: customer.id, channel: i % 2 ? 'email' : 'call', occurred_at: new Date(Date.now() - (20 - i) * day), user_id: alice.id,
        subject: `Contact ${i}`, outcome: 'info', mood: i === 11 ? null : i === 10 ? 'negative' : 'positive',
      }).execute();
    }
    const product = await createProduct(ctx.services, { name: 'Fibre 500', kind: 'service', price: '40.00' });
    await db.insertInto('purchases').values([
      { customer_id: customer.id, product_id: product.id, amount: '40.00', purchased_at: new Date('2024-01-15T00:00:00Z') },
      { customer_id: customer.id, product_id: product.id, amount: '40.00', purchased_at: new Date('2024-02-15T00:00:00Z') },
    ]).execute();
    await db.insertInto('tasks').values([
      { customer_id: customer.id, kind: 'callback', due_at: new Date(Date.now() + day), note: 'Confirm delivery', assignee_id: bob.id },
      { customer_id: customer.id, kind: 'follow_up', due_at: new Date(Date.now() - day), note: 'Done already', done_at: new Date() },
    ]).execute();
    // Caller ID as a PBX might send it: national format, no country code.
    const call = await insertCall(ctx.services, { callerNumber: phone.replace('+1', '') });

    ring(call, alice);
    const sut = await popFor(alice, call.callId);

    expect(sut).toMatchObject({
      callId: call.callId, linkedid: call.linkedid, callerNumber: phone, callerNumberRaw: phone.replace('+1', ''), queue: 'support',
      direction: 'inbound', match: 'matched', candidates: [], totalSpend: '80.00', lastMood: 'negative', campaign: null,
      customer: { id: customer.id, fullName: 'Grace Hopper', company: 'Navy', tags: ['vip'], totalSpend: '80.00', doNotCall: false },
    });
    expect(sut.openCases).toEqual([expect.objectContaining({
      id: kase.id, kind: 'complaint', status: 'open', subject: 'Router keeps rebooting', agreed: 'Replace the router', ageDays: 3,
      ownerName: expect.stringContaining('operator'), lastUpdate: 'Courier booked for Friday',
    })]);
    expect(sut.recentInteractions).toHaveLength(10);
    expect(sut.recentInteractions[0]).toMatchObject({ subject: 'Contact 11', channel: 'email', mood: null, handledBy: expect.any(String) });
    expect(sut.recentInteractions.map((i) => i.subject)).not.toContain('Contact 1');
    expect(sut.products).toEqual([{ productId: product.id, name: 'Fibre 500', kind: 'service', since: '2024-01-15T00:00:00.000Z', amount: '80.00', status: 'active' }]);
    expect(sut.pendingTasks).toEqual([expect.objectContaining({ kind: 'callback', note: 'Confirm delivery' })]);

    await new Promise((r) => setTimeout(r, 200));
    expect(received.get(bob.username)!.some((p) => p.callId === call.callId)).toBe(false);
    const row = await db.selectFrom('calls').select('customer_id').where('id', '=', call.callId).executeTakeFirstOrThrow();
    expect(row.customer_id).toBe(customer.id);
  });

  it('a number shared by several customers pops as ambiguous with the candidates, and links nothing', async () => {
    const phone = uniquePhone();
    const a = await createCustomer(ctx.services, { fullName: 'Shared One', phones: [{ number: phone }] });
    const b = await createCustomer(ctx.services, { fullName: 'Shared Two', company: 'Family', phones: [{ number: phone }] });
    const call = await insertCall(ctx.services, { callerNumber: phone });
    ring(call, bob);
    const sut = await popFor(bob, call.callId);
    expect(sut.match).toBe('ambiguous');
    expect(sut.customer).toBeNull();
    expect(sut.candidates.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
    expect(sut.openCases).toEqual([]);
    const row = await ctx.db.db.selectFrom('calls').select('customer_id').where('id', '=', call.callId).executeTakeFirstOrThrow();
    expect(row.customer_id).toBeNull();
  });

  it.each([['an unknown number', () => uniquePhone()], ['a withheld number', () => 'anonymous'], ['no caller id', () => null]])('%s pops as unknown', async (_label, number) => {
    const call = await insertCall(ctx.services, { callerNumber: number() });
    ring(call, alice);
    const sut = await popFor(alice, call.callId);
    expect(sut).toMatchObject({ match: 'unknown', customer: null, candidates: [], recentInteractions: [], totalSpend: '0.00', lastMood: null });
  });

  it('a soft-deleted customer no longer pops', async () => {
    const phone = uniquePhone();
    const c = await createCustomer(ctx.services, { phones: [{ number: phone }] });
    await ctx.services.customers.remove(c.id, { id: alice.id });
    const call = await insertCall(ctx.services, { callerNumber: phone });
    ring(call, alice);
    expect((await popFor(alice, call.callId)).match).toBe('unknown');
  });

  it('the lookup starts at queue entry: the pop at ring time is served from the prefetch cache', async () => {
    const phone = uniquePhone();
    const customer = await createCustomer(ctx.services, { fullName: 'Cached Caller', phones: [{ number: phone }] });
    const call = await insertCall(ctx.services, { callerNumber: phone });
    ctx.services.bus.publish('call.queued', { call, queue: 'support' });
    await ctx.services.screenPop.prefetch(call.callId);
    // Rename behind the cache's back: a pop built from the prefetch still shows the name read at queue entry.
    await ctx.db.db.updateTable('customers').set({ full_name: 'Renamed Later' }).where('id', '=', customer.id).execute();
    ctx.services.bus.publish('call.offered', { call: { ...call, status: 'offered' }, userId: alice.id, extension: alice.extension!, queue: 'support' });
    expect((await popFor(alice, call.callId)).customer?.fullName).toBe('Cached Caller');
    ctx.services.bus.publish('call.ended', { call: { ...call, status: 'ended' } });
    expect(await wiring.buildScreenPop(call.callId, alice.id)).toMatchObject({ customer: { fullName: 'Renamed Later' } });
  });

  it('pops while the call\'s earlier writes are still blocked, then once only when the offer is written', async () => {
    const phone = uniquePhone();
    await createCustomer(ctx.services, { fullName: 'Early Bird', phones: [{ number: phone }] });
    const { linkedid, events } = inboundAnsweredCall({ extension: alice.extension!, caller: phone });
    const [started, , queued, offered] = events;
    const order: string[] = [];
    const offs = (['call.offer_early', 'call.offered'] as const).map((name) => ctx.services.bus.subscribe(name, (e) => {
      if (e.call.linkedid === linkedid) order.push(name);
    }));
    try {
      ctx.services.calls.ingest(started!);
      await ctx.services.calls.drain();
      const row = await ctx.services.callsRepo.find('main', linkedid);
      // Another session holds the call's row: markQueued (ahead of the offer in this call's queue) blocks on it.
      const blocker = await ctx.db.sql.reserve();
      try {
        await blocker`BEGIN`;
        await blocker`SELECT id FROM calls WHERE id = ${row!.id} FOR UPDATE`;
        ctx.services.calls.ingest(queued!);
        ctx.services.calls.ingest(offered!);
        const pop = await popFor(alice, row!.id);
        expect(pop.customer?.fullName).toBe('Early Bird');
        expect(order).toEqual(['call.offer_early']);
        expect((await ctx.services.callsRepo.findById(row!.id))?.offered_at).toBeNull();
        await blocker`COMMIT`;
      } finally {
        blocker.release();
      }
      await ctx.services.calls.drain();
      await new Promise((r) => setTimeout(r, 100));
      expect(order).toEqual(['call.offer_early', 'call.offered']);
      expect((await ctx.services.callsRepo.findById(row!.id))?.offered_at).not.toBeNull();
      expect(received.get(alice.username)!.filter((p) => p.callId === row!.id)).toHaveLength(1);
      expect(received.get(bob.username)!.filter((p) => p.callId === row!.id)).toHaveLength(0);
    } finally {
      offs.forEach((off) => off());
    }
  });

  it('starts the caller lookup when the PBX reports the call, while the call row is still being inserted', async () => {
    const phone = uniquePhone();
    const customer = await createCustomer(ctx.services, { fullName: 'Looked Up Early', phones: [{ number: phone }] });
    const { linkedid, events } = inboundAnsweredCall({ extension: alice.extension!, caller: phone });
    const [started, , queued, offered] = events;
    // Inserts into calls wait meanwhile: the call's row cannot be written yet.
    await withCallInsertsBlocked(ctx.db, async () => {
      ctx.services.calls.ingest(started!);
      expect(await ctx.services.screenPop.lookAheadSettled('main', linkedid)).toBe(true);
      expect(await ctx.services.callsRepo.find('main', linkedid)).toBeUndefined();
      // Renamed after the look-ahead read the customer: the pop shows what was read while the insert waited.
      await ctx.db.db.updateTable('customers').set({ full_name: 'Renamed Meanwhile' }).where('id', '=', customer.id).execute();
    });
    ctx.services.calls.ingest(queued!);
    ctx.services.calls.ingest(offered!);
    await ctx.services.calls.drain();
    const row = await ctx.services.callsRepo.find('main', linkedid);
    const pop = await popFor(alice, row!.id);
    expect(pop).toMatchObject({ match: 'matched', customer: { id: customer.id, fullName: 'Looked Up Early' } });
    // Taken over by the call's prefetch: the look-ahead entry is gone.
    expect(await ctx.services.screenPop.lookAheadSettled('main', linkedid)).toBe(false);
  });

  it('a direct call offered without a queue step still pops (looked up from the calls row)', async () => {
    const phone = uniquePhone();
    const customer = await createCustomer(ctx.services, { phones: [{ number: phone }] });
    const call = await insertCall(ctx.services, { callerNumber: phone });
    expect(await wiring.buildScreenPop(call.callId, alice.id)).toMatchObject({ match: 'matched', customer: { id: customer.id } });
    expect(await wiring.buildScreenPop(987654, alice.id)).toBeNull();
  });

  it('quick-create from an unknown pop: the next offer of the same call pops the new customer', async () => {
    const phone = uniquePhone();
    const call = await insertCall(ctx.services, { callerNumber: phone });
    ring(call, alice);
    expect((await popFor(alice, call.callId)).match).toBe('unknown');
    // The calls service records the ringing agent's leg with the offer (markOfferedWithLeg); ring() only publishes,
    // and quick-create links only a call its operator is on (issue #19 point 7).
    await ctx.services.callsRepo.upsertLeg(call.callId, { uniqueid: `agent-${call.callId}`, channel: `PJSIP/${alice.extension}-1`, role: 'agent', userId: alice.id, startedAt: new Date() });
    const created = await ctx.services.customers.create({ fullName: 'Fresh Caller', phones: [{ number: phone }], linkCallId: call.callId }, { id: alice.id, role: 'operator' });
    received.get(bob.username)!.length = 0;
    ring(call, bob);
    expect(await popFor(bob, call.callId)).toMatchObject({ match: 'matched', customer: { id: created.id, fullName: 'Fresh Caller' } });
  });
});
