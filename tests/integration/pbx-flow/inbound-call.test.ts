import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, until, type FullStack } from '../../support/full-stack';
import { createUser, type TestUser } from '../../factories/user.factory';
import { connectSocket, type RecordingSocket } from '../../support/socket-client';
import type { ScreenPopPayload } from '@contract/wire-events';

let stack: FullStack;
let agent: TestUser, other: TestUser;
let agentSocket: RecordingSocket, otherSocket: RecordingSocket;

beforeAll(async () => {
  stack = await startFullStack({ sim: { agents: ['1002', '1003'], queues: { support: ['1002'] } } });
  agent = await createUser(stack.services, stack.app, { role: 'operator', extension: '1002' });
  other = await createUser(stack.services, stack.app, { role: 'operator', extension: '1003' });
  await stack.waitConnected();
  [agentSocket, otherSocket] = await Promise.all([connectSocket(stack.url, agent.token), connectSocket(stack.url, other.token)]);
  const customer = await stack.db.db.insertInto('customers').values({ full_name: 'Grace Hopper', company: 'Navy' }).returning('id').executeTakeFirstOrThrow();
  await stack.db.db.insertInto('customer_phones').values({ customer_id: customer.id, e164: '+12125550147' }).execute();
});
afterAll(async () => {
  agentSocket?.close();
  otherSocket?.close();
  await stack?.close();
});

describe('an inbound queue call over AMI, end to end', () => {
  it('pops the caller to the ringing agent only, then records the call once with its times', async () => {
    const call = stack.sim.placeInboundCall({ from: '2125550147', queue: 'support', toExtension: undefined });
    const pop = await agentSocket.waitFor<ScreenPopPayload>('screen-pop', (p) => p.linkedid === call.linkedid, 8000);
    expect(pop.match).toBe('matched');
    expect(pop.customer?.fullName).toBe('Grace Hopper');
    expect(pop.callerNumber).toBe('+12125550147');
    expect(stack.sim.answer('1002')).toBe(true);
    await until(async () => (await stack.services.callsRepo.find('main', call.linkedid))?.answered_at, 5000, 'answered');
    expect(stack.sim.hangup({ linkedid: call.linkedid, by: 'caller' })).toBe(true);
    const row = await until(async () => {
      const r = await stack.services.callsRepo.find('main', call.linkedid);
      return r?.status === 'ended' ? r : undefined;
    }, 5000, 'ended');
    expect(row).toMatchObject({ direction: 'inbound', outcome: 'answered', queue_name: 'support', agent_user_id: agent.id, caller_number: '+12125550147', hung_up_by: 'customer' });
    expect(row.recording_path).toMatch(/\.wav$/);
    expect(row.customer_id).not.toBeNull();
    expect(otherSocket.received.filter((r) => r.event === 'screen-pop' && (r.payload as ScreenPopPayload).linkedid === call.linkedid)).toEqual([]);
    await until(async () => (await stack.services.agents.view(agent.id)).state === 'wrapup', 3000, 'wrap-up');
  });
});
