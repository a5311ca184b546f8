import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPopHarness, waitForPop, type PopHarness } from '../../support/screen-pop-harness';
import { createUser, type TestUser } from '../../factories/user.factory';
import { createCustomer, uniquePhone } from '../../factories/customer.factory';
import { inboundAnsweredCall } from '../../factories/pbx-event.factory';
import type { ScreenPopPayload } from '@contract/wire-events';

// A node reads what a pop needs (the caller's story, whose extension rings) on a pool of its own (CoreDeps.popDb,
// server/main.ts), so a pop never waits behind the call bookkeeping that fills the main pool: here every connection
// of the main pool is busy for 1.5 s when the agent's first call rings.

interface Harness extends PopHarness { alice: TestUser; pops: ScreenPopPayload[] }

async function harness(popPool: boolean): Promise<Harness> {
  const h = await startPopHarness({ env: { DEFAULT_REGION: 'US' }, popPool });
  const alice = await createUser(h.ctx.services, h.ctx.app, { role: 'operator' });
  const { pops } = await h.connectAgent(alice);
  await h.ctx.services.callIds.prime();
  return { ...h, alice, pops };
}

const popOf = (h: Harness, linkedid: string) => waitForPop(h.pops, (p) => p.linkedid === linkedid, linkedid, 10_000);

/** Rings the agent with a call from a known customer; returns the pop and whether no query of the main pool had finished then. */
async function ringWhileMainPoolBusy(h: Harness, name: string): Promise<{ pop: ScreenPopPayload; mainPoolStillBusy: boolean }> {
  const phone = uniquePhone();
  const customer = await createCustomer(h.ctx.services, { fullName: name, phones: [{ number: phone }] });
  const { linkedid, events } = inboundAnsweredCall({ extension: h.alice.extension!, caller: phone, start: new Date() });
  const [started, , queued, offered] = events;
  let busy = true;
  // More sleeping queries than the main pool has connections (5): any other query on it waits for one of them.
  const sleeps = Array.from({ length: 6 }, () => h.ctx.db.sql`SELECT pg_sleep(1.5)`.finally(() => { busy = false; }));
  await new Promise((r) => setTimeout(r, 100));
  for (const e of [started!, queued!, offered!]) h.ctx.services.calls.ingest(e);
  const pop = await popOf(h, linkedid);
  const mainPoolStillBusy = busy;
  expect(pop).toMatchObject({ match: 'matched', customer: { id: customer.id, fullName: name } });
  await Promise.all(sleeps);
  await h.ctx.services.calls.drain();
  return { pop, mainPoolStillBusy };
}

describe('screen pop on its own pool', () => {
  let withPool: Harness, withoutPool: Harness;
  beforeAll(async () => { [withPool, withoutPool] = await Promise.all([harness(true), harness(false)]); });
  afterAll(async () => { await Promise.all([withPool?.close(), withoutPool?.close()]); });

  it('pops the caller while every connection of the main pool is busy', async () => {
    expect(await ringWhileMainPoolBusy(withPool, 'Not Kept Waiting')).toMatchObject({ mainPoolStillBusy: true });
  });

  it('(control) on the main pool alone the same pop waits for those queries', async () => {
    expect(await ringWhileMainPoolBusy(withoutPool, 'Kept Waiting')).toMatchObject({ mainPoolStillBusy: false });
  });
});
