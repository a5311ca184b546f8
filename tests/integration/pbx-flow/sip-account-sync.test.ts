import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import type { Updateable } from 'kysely';
import type { DB } from '../../../server/db/types';
import { startFullStack, until, type FullStack } from '../../support/full-stack';
import { createUser } from '../../factories/user.factory';
import { SIP_ACCOUNTS_CHANNEL } from '../../../server/sip/sip-account-sync';
import { SIP_ACCOUNT_CACHES } from '../../../server/pbx/ami-pbx-port';

// Issue #18: Asterisk keeps the agents' realtime SIP accounts in full memory caches (pbx-config/sorcery.conf), so a
// user added, rotated or deactivated after it started was invisible to it until the cache went stale (seen on
// Asterisk 20.20.1: a deactivated agent kept registering). Migration 0032 announces every change to what the ps_*
// views read; the node holding the AMI link repopulates the caches (SorceryMemoryCachePopulate, answered here by
// the simulator as res_sorcery_memory_cache does). The same flow against real Asterisk: tests/pbx-real/sip-accounts.
// Mutations caught: no trigger, or one that misses a column (extension, sip_ha1, active, display_name, sip_phone)
// or fires on unrelated columns; no LISTEN; no refresh after an AMI reconnect; caches refreshed in another order.

let stack: FullStack;
let listener: postgres.Sql;
const heard: string[] = [];

beforeAll(async () => {
  stack = await startFullStack();
  await stack.waitConnected();
  listener = postgres(stack.db.url, { max: 1, onnotice: () => {} });
  await listener.listen(SIP_ACCOUNTS_CHANNEL, (payload) => heard.push(payload));
});
afterAll(async () => {
  await listener?.end({ timeout: 1 });
  await stack?.close();
});

/** Waits until `n` more full refreshes (each cache once, in order) reached the PBX than `from` had. */
async function refreshes(from: number, n = 1): Promise<void> {
  await until(async () => stack.sim.cachePopulations.length >= from + n * SIP_ACCOUNT_CACHES.length, 5000, 'SorceryMemoryCachePopulate');
}

describe('SIP accounts reach the PBX on every change', () => {
  it('announces exactly the changes the PBX sees, old and new extension', async () => {
    heard.length = 0;
    // Made without a login (which would leave audit rows that keep the user from being deleted below).
    const user = { id: await stack.services.users.create({ username: `sync-${process.pid}`, displayName: 'Sync', passwordHash: 'x', role: 'operator', extension: '4101',
      sip: { realm: 'warmline', ha1: 'b'.repeat(32) } }) };
    const set = (values: Updateable<DB['users']>) =>
      stack.db.db.updateTable('users').set(values).where('id', '=', user.id).execute();
    await set({ locale: 'ru' }); // not read by the PBX: no announcement
    await set({ sip_ha1: 'f'.repeat(32) });
    await set({ extension: '4102' });
    await set({ display_name: 'Renamed' });
    await set({ sip_phone: 'sip' });
    await set({ active: false });
    await set({ active: false }); // no change: no announcement
    await stack.db.db.deleteFrom('users').where('id', '=', user.id).execute();
    await createUser(stack.services, stack.app, { extension: null, role: 'admin' }); // no extension: nothing for the PBX
    const last = await createUser(stack.services, stack.app, { extension: '4199' });
    await until(async () => heard.includes('4199'), 5000, 'the last announcement');
    expect(heard).toEqual(['4101', '4101,4101', '4101,4102', '4102,4102', '4102,4102', '4102,4102', '4102', '4199']);
    expect(last.extension).toBe('4199');
  });

  it('repopulates the caches, auths and AORs before endpoints, when a user is added or deactivated', async () => {
    await until(async () => { const n = stack.sim.cachePopulations.length; await new Promise((r) => setTimeout(r, 200)); return stack.sim.cachePopulations.length === n; }, 5000, 'quiet');
    const before = stack.sim.cachePopulations.length;
    const user = await createUser(stack.services, stack.app, { extension: '4201' });
    await refreshes(before);
    expect(stack.sim.cachePopulations.slice(before, before + 3)).toEqual(['warmline_auths', 'warmline_aors', 'warmline_endpoints']);
    const mid = stack.sim.cachePopulations.length;
    await stack.db.db.updateTable('users').set({ active: false }).where('id', '=', user.id).execute();
    await refreshes(mid);
  });

  it('coalesces a burst of changes into at most two refreshes', async () => {
    await until(async () => { const n = stack.sim.cachePopulations.length; await new Promise((r) => setTimeout(r, 200)); return stack.sim.cachePopulations.length === n; }, 5000, 'quiet');
    const before = stack.sim.cachePopulations.length;
    heard.length = 0;
    // One transaction, as a bulk import makes them: its announcements arrive together, after the commit.
    const users = Array.from({ length: 20 }, (_, i) => ({ username: `bulk-${process.pid}-${i}`, display_name: `Bulk ${i}`, password_hash: 'x',
      role: 'operator' as const, extension: String(4300 + i), sip_realm: 'warmline', sip_ha1: 'a'.repeat(32) }));
    await stack.db.db.insertInto('users').values(users).execute();
    await until(async () => heard.length >= users.length, 5000, 'the announcements');
    await refreshes(before);
    await until(async () => { const n = stack.sim.cachePopulations.length; await new Promise((r) => setTimeout(r, 300)); return stack.sim.cachePopulations.length === n; }, 5000, 'quiet');
    const made = (stack.sim.cachePopulations.length - before) / SIP_ACCOUNT_CACHES.length;
    expect(made).toBeGreaterThanOrEqual(1);
    expect(made).toBeLessThanOrEqual(2);
  });

  it('catches up after the AMI link comes back (changes made while the PBX was out of reach)', async () => {
    const before = stack.sim.cachePopulations.length;
    stack.sim.dropAllConnections();
    await refreshes(before);
  });
});
