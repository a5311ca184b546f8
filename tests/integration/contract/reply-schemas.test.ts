import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { createAgentState, createCall } from '../../factories/call.factory';

// A reply schema also decides what fastify serialises: a field the service returns and the schema lacks is dropped
// silently. For the routes whose schemas came with the contract (issue #25), the reply must be the service's whole
// answer, field for field.
let ctx: TestContext;
let agent: TestUser, supervisor: TestUser;
const wire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

beforeAll(async () => {
  ctx = await createTestContext();
  agent = await createUser(ctx.services, ctx.app, { extension: '2101' });
  supervisor = await createUser(ctx.services, ctx.app, { role: 'supervisor' });
  const customer = await ctx.db.db.insertInto('customers').values({ full_name: 'Contract Customer' }).returning('id').executeTakeFirstOrThrow();
  await ctx.db.db.insertInto('customer_phones').values({ customer_id: customer.id, e164: '+15550101010', is_primary: true }).execute();
  for (const [kind, minutes] of [['callback', -5], ['follow_up', 30]] as const) {
    await ctx.db.db.insertInto('tasks').values({ customer_id: customer.id, assignee_id: agent.id, kind, due_at: new Date(Date.now() + minutes * 60_000), note: `${kind} note` }).execute();
  }
  const callId = await createCall(ctx.db.db, { start: new Date(Date.now() - 90_000).toISOString(), agentId: agent.id, result: 'live' });
  await createAgentState(ctx.db.db, { userId: agent.id, state: 'on_call', from: new Date(Date.now() - 60_000).toISOString(), to: null });
  await ctx.db.db.updateTable('agent_state_log').set({ call_id: callId }).where('user_id', '=', agent.id).where('ended_at', 'is', null).execute();
});
afterAll(async () => { await ctx.close(); });

async function get(user: TestUser, url: string): Promise<unknown> {
  const res = await ctx.app.inject({ method: 'GET', url, headers: authHeader(user) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('reply schemas drop nothing', () => {
  it('tasks: due, mine and by customer', async () => {
    const now = new Date();
    const due = await get(agent, '/api/tasks/due?horizonMinutes=60');
    expect(due).toEqual(wire(await ctx.services.tasks.due(agent.id, 60, now)));
    expect(due).toHaveLength(2);
    const mine = await get(agent, '/api/tasks/mine');
    expect(mine).toEqual(wire(await ctx.services.tasks.mine(agent.id, 'all', null, now)));
    expect((mine as Array<{ assignee: string | null; phone: string | null }>)[0]).toMatchObject({ phone: '+15550101010' });
    const customerId = (mine as Array<{ customerId: number }>)[0]!.customerId;
    expect(await get(agent, `/api/tasks/by-customer/${customerId}`)).toEqual(wire(await ctx.services.tasks.ofCustomer(customerId, now)));
  });

  it('the supervision snapshot: queues, agents and live calls', async () => {
    const reply = await get(supervisor, '/api/supervision/snapshot') as { at: string; calls: unknown[]; agents: Array<{ userId: number }> };
    const direct = wire(await ctx.services.supervision.snapshot()) as { at: string };
    expect({ ...reply, at: null }).toEqual({ ...direct, at: null });
    expect(reply.calls).toHaveLength(1);
    expect(reply.agents.find((a) => a.userId === agent.id)).toMatchObject({ state: 'on_call', extension: '2101', callsHandled: 0 });
  });

  it("the agent's current call", async () => {
    const reply = await get(agent, '/api/agents/me/call') as { call: Record<string, unknown> | null };
    const direct = wire(await ctx.services.agentCall.current(agent.id)) as { call: unknown };
    expect(reply.call).toEqual(direct.call);
    expect(Object.keys(reply.call ?? {})).toHaveLength(20);
  });
});
