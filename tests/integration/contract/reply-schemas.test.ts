import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { createAgentState, createCall } from '../../factories/call.factory';
import { contractSchemaNames, repliesOutsideContract } from '../../../server/http/route-index';

// Every route declares its reply in the contract (issue #25): the schema types the console's calls, documents the
// route in docs/openapi.json, and decides what fastify serialises, so a field the service returns and the schema
// lacks is dropped silently. Hence: no route without a reply schema, and for the routes whose schemas came with the
// contract, the reply must be the service's whole answer, field for field.
let ctx: TestContext;
let agent: TestUser, supervisor: TestUser, admin: TestUser;
const wire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

beforeAll(async () => {
  ctx = await createTestContext();
  agent = await createUser(ctx.services, ctx.app, { extension: '9101' });
  supervisor = await createUser(ctx.services, ctx.app, { role: 'supervisor' });
  admin = await createUser(ctx.services, ctx.app, { role: 'admin' });
  await ctx.services.audit.record({ userId: admin.id, action: 'user.updated', target: `user:${agent.id}`, details: { before: { active: true }, after: { active: false } }, ip: '127.0.0.1' });
  await ctx.services.audit.record({ userId: null, action: 'system.note', details: {} });
  const customer = await ctx.db.db.insertInto('customers').values({ full_name: 'Contract Customer' }).returning('id').executeTakeFirstOrThrow();
  await ctx.db.db.insertInto('customer_phones').values({ customer_id: customer.id, e164: '+15550101010', is_primary: true }).execute();
  await ctx.db.db.updateTable('customers').set({ birthday: '1990-01-01', region: 'north', tags: ['vip'] }).where('id', '=', customer.id).execute();
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

describe('every route declares a reply schema', () => {
  it('the route table reads the status codes of each route\'s reply schema', () => {
    const replies = (method: string, url: string) => ctx.app.routeTable.find((r) => r.method === method && r.url === url)?.replies;
    expect(replies('POST', '/api/tasks/:id/done')).toEqual(['204']);
    expect(replies('GET', '/api/calls/:id/recording')).toEqual(['200', '206', '416']);
    expect(replies('GET', '/api/audit')).toEqual(['200']);
  });

  it('no route lacks one (add it to server/contract, then npm run docs:api)', () => {
    expect(ctx.app.routeTable.length).toBeGreaterThan(100);
    const missing = ctx.app.routeTable.filter((r) => r.replies.length === 0).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('each is a schema the contract exports (server/contract), so the console can import its type', async () => {
    const names = await contractSchemaNames();
    expect(repliesOutsideContract({ response: { 200: { type: 'object', properties: { callId: { type: 'integer' } } } } }, names)).toEqual(['200']);
    const outside = ctx.app.routeTable.flatMap((r) => repliesOutsideContract(r.schema, names).map((code) => `${r.method} ${r.url} ${code}`));
    expect(outside).toEqual([]);
  });
});

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
    expect(reply.agents.find((a) => a.userId === agent.id)).toMatchObject({ state: 'on_call', extension: '9101', callsHandled: 0 });
  });

  it("the agent's current call", async () => {
    const reply = await get(agent, '/api/agents/me/call') as { call: Record<string, unknown> | null };
    const direct = wire(await ctx.services.agentCall.current(agent.id)) as { call: unknown };
    expect(reply.call).toEqual(direct.call);
    expect(Object.keys(reply.call ?? {})).toHaveLength(20);
  });
});

describe('reply schemas drop nothing: audit and reports', () => {
  // An open agent state grows by the second: closed, so that the route and the service count the same time.
  beforeAll(async () => {
    await ctx.db.db.updateTable('agent_state_log').set({ ended_at: new Date() }).where('ended_at', 'is', null).execute();
  });

  it('the audit log, with its details', async () => {
    const reply = await get(admin, '/api/audit?limit=50') as Array<{ action: string; details: unknown }>;
    expect(reply).toEqual(wire(await ctx.services.audit.list({ limit: 50 })));
    expect(reply.find((r) => r.action === 'user.updated')?.details).toEqual({ before: { active: true }, after: { active: false } });
  });

  const day = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  for (const groupBy of ['queue', 'agent', 'hour', 'day', 'disposition']) {
    it(`the operational report by ${groupBy}`, async () => {
      const query = { from: monthAgo, to: day, tz: 'UTC', groupBy };
      const reply = await get(supervisor, `/api/reports/operational?${new URLSearchParams(query)}`) as { rows: unknown[]; totals: object };
      expect(reply).toEqual(wire(await ctx.services.reports.operationalReport(query)));
      // The factory's call has no rollup; agent state time alone gives agent, hour and day rows.
      if (groupBy === 'agent' || groupBy === 'hour' || groupBy === 'day') expect(reply.rows.length).toBeGreaterThan(0);
      expect(Object.keys(reply.totals)).toContain('pauseByReason');
    });
  }

  it('the analytical reports', async () => {
    const r = ctx.services.reports;
    expect(await get(supervisor, '/api/reports/analytical/lead-sources')).toEqual(wire(await r.leadSources({})));
    for (const by of ['tag', 'region', 'lead_source', 'saved']) {
      expect(await get(supervisor, `/api/reports/analytical/segments?by=${by}`)).toEqual(wire(await r.segments({ by })));
    }
    expect(await get(supervisor, '/api/reports/analytical/campaigns')).toEqual(wire(await r.campaigns({})));
    expect(await get(supervisor, `/api/reports/analytical/cases?from=${monthAgo}&to=${day}&tz=UTC`)).toEqual(wire(await r.cases({ from: monthAgo, to: day, tz: 'UTC' })));
    const birthdays = await get(supervisor, '/api/reports/analytical/due-contacts?kind=birthday&days=366&tz=UTC') as { rows: unknown[] };
    expect(birthdays).toEqual(wire(await r.dueContacts({ kind: 'birthday', days: 366, tz: 'UTC' })));
    expect(birthdays.rows).toHaveLength(1);
    const lapsed = await get(supervisor, '/api/reports/analytical/due-contacts?kind=lapsed&lapsedDays=1&tz=UTC');
    expect(lapsed).toEqual(wire(await r.dueContacts({ kind: 'lapsed', lapsedDays: 1, tz: 'UTC' })));
    expect(await get(supervisor, '/api/reports/analytical/offers')).toEqual(wire({ rows: await ctx.services.offerReport.report({}) }));
  });
});
