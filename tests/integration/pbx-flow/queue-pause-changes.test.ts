import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, until, type FullStack } from '../../support/full-stack';
import { createUser, type TestUser } from '../../factories/user.factory';

// Issue #27.3: QueuePause only for a change. A load run with no wrap-up time had sent a pause and an unpause per
// ended call (16,269 in one run), each undone a moment later. Counted here at the wire: the simulator's
// QueueMemberPause frames, which it sends for every QueuePause it executes.

let stack: FullStack;
let agent: TestUser;
const pauses: string[] = [];

beforeAll(async () => {
  stack = await startFullStack({ env: { WRAPUP_SECONDS: '0' }, sim: { agents: ['1002'], queues: { support: ['1002'] } } });
  agent = await createUser(stack.services, stack.app, { role: 'operator', extension: '1002' });
  await stack.waitConnected();
  stack.sim.onFrame((f) => {
    const h = new Map(f.map(([k, v]) => [k.toLowerCase(), v]));
    if (h.get('event') === 'QueueMemberPause') pauses.push(`${h.get('paused')} ${h.get('pausedreason') ?? ''}`);
  });
});
afterAll(async () => { await stack?.close(); });

describe('QueuePause sent only for a change', () => {
  it('with no wrap-up time, calls end without pausing the agent in the queue; a repeated choice is not sent again', async () => {
    await stack.services.agents.login(agent.id);
    await stack.services.agents.setState(agent.id, 'ready', null);
    await until(async () => stack.sim.model.member('support', '1002')?.paused === false || undefined, 5000, 'ready in the PBX');
    pauses.length = 0;
    for (let i = 0; i < 3; i++) {
      const call = stack.sim.placeInboundCall({ from: `21255501${40 + i}`, queue: 'support' });
      await until(async () => (await stack.services.agents.view(agent.id)).state === 'ringing' || undefined, 8000, 'ringing');
      expect(stack.sim.answer('1002')).toBe(true);
      await until(async () => (await stack.services.callsRepo.find('main', call.linkedid))?.answered_at, 8000, 'answered');
      expect(stack.sim.hangup({ linkedid: call.linkedid, by: 'caller' })).toBe(true);
      await until(async () => (await stack.services.callsRepo.find('main', call.linkedid))?.status === 'ended' || undefined, 8000, 'ended');
      await until(async () => (await stack.services.agents.view(agent.id)).state === 'ready' || undefined, 8000, 'ready again');
    }
    await stack.services.agents.setState(agent.id, 'ready', null);
    await stack.services.agents.setState(agent.id, 'paused', 'lunch');
    await stack.services.agents.setState(agent.id, 'paused', 'lunch');
    await until(async () => stack.sim.model.member('support', '1002')?.paused || undefined, 5000, 'paused in the PBX');
    await new Promise((r) => setTimeout(r, 200));
    // Mutations caught: pausing for a 0 s wrap-up gives "1 wrapup" and "0 " per call; an unconditional send repeats
    // the ready and the lunch pause.
    expect(pauses).toEqual(['1 lunch']);
    expect(stack.sim.model.member('support', '1002')).toMatchObject({ paused: true, pausedReason: 'lunch' });
  });
});
