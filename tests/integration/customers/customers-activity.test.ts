import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { createCustomer, createProduct, insertCall } from '../../factories/customer.factory';

let ctx: TestContext;
let op: TestUser;
let sup: TestUser;
beforeAll(async () => {
  ctx = await createTestContext({ env: { DEFAULT_REGION: 'US' } });
  op = await createUser(ctx.services, ctx.app);
  sup = await createUser(ctx.services, ctx.app, { role: 'supervisor' });
});
afterAll(async () => { await ctx.close(); });

const req = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, user = op) => ctx.app.inject({ method, url, headers: authHeader(user), ...(payload ? { payload } : {}) });

describe('interactions, cases, purchases, tasks', () => {
  it('adds an interaction handled by the current user and updates last contact', async () => {
    const c = await createCustomer(ctx.services);
    const res = await req('POST', `/api/customers/${c.id}/interactions`, { channel: 'visit', subject: 'Shop visit', summary: 'Looked at routers', outcome: 'info', mood: 'positive', occurredAt: '2025-03-01T10:00:00Z' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ customerId: c.id, channel: 'visit', direction: 'inbound', mood: 'positive', handledBy: expect.stringContaining('operator'), occurredAt: '2025-03-01T10:00:00.000Z' });
    expect((await req('GET', `/api/customers/${c.id}`)).json().lastContactAt).toBe('2025-03-01T10:00:00.000Z');
    expect((await req('POST', `/api/customers/${c.id}/interactions`, { channel: 'pigeon' })).statusCode).toBe(400);
    expect((await req('POST', `/api/customers/${c.id}/interactions`, { channel: 'note', mood: 'furious' })).statusCode).toBe(400);
    expect((await req('POST', '/api/customers/999999/interactions', { channel: 'note' })).statusCode).toBe(404);
  });

  it('opens a case and records a history row for each update with status from/to', async () => {
    const c = await createCustomer(ctx.services);
    const opened = await req('POST', `/api/customers/${c.id}/cases`, { kind: 'complaint', subject: 'Invoice wrong', priority: 'high' });
    expect(opened.statusCode).toBe(201);
    const kase = opened.json();
    expect(kase).toMatchObject({ status: 'open', ownerId: op.id, priority: 'high', ageDays: 0, updates: [expect.objectContaining({ statusTo: 'open' })] });
    const moved = await req('PATCH', `/api/cases/${kase.id}`, { status: 'in_progress', ownerId: sup.id, agreed: 'Credit note by Monday', note: 'Escalated' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'in_progress', ownerId: sup.id, agreed: 'Credit note by Monday' });
    const resolved = await req('PATCH', `/api/cases/${kase.id}`, { status: 'resolved' });
    expect(resolved.json().resolvedAt).not.toBeNull();
    const updates = resolved.json().updates;
    expect(updates).toHaveLength(3);
    expect(updates[1]).toMatchObject({ statusFrom: 'open', statusTo: 'in_progress', userId: op.id, note: expect.stringContaining('Escalated') });
    expect(updates[1].note).toContain('Credit note by Monday');
    expect(updates[2]).toMatchObject({ statusFrom: 'in_progress', statusTo: 'resolved' });
    // Setting the same status again changes nothing and writes no history.
    expect((await req('PATCH', `/api/cases/${kase.id}`, { status: 'resolved' })).json().updates).toHaveLength(3);
    expect((await req('PATCH', `/api/cases/${kase.id}`, { ownerId: 424242 })).statusCode).toBe(400);
    expect((await req('PATCH', '/api/cases/424242', { status: 'closed' })).statusCode).toBe(404);
    expect((await req('GET', `/api/customers/${c.id}/cases`)).json()).toHaveLength(1);
  });

  it('records purchases by product id or sku, defaulting to the list price, and keeps total spend', async () => {
    const c = await createCustomer(ctx.services);
    const p = await createProduct(ctx.services, { sku: 'ROUTER-X', price: '99.50' });
    expect((await req('POST', `/api/customers/${c.id}/purchases`, { sku: 'ROUTER-X' })).json()).toMatchObject({ productId: p.id, amount: '99.50', status: 'active' });
    expect((await req('POST', `/api/customers/${c.id}/purchases`, { productId: p.id, amount: '10.25' })).statusCode).toBe(201);
    expect((await req('GET', `/api/customers/${c.id}`)).json().totalSpend).toBe('109.75');
    expect((await req('POST', `/api/customers/${c.id}/purchases`, { sku: 'NOPE' })).statusCode).toBe(400);
    expect((await req('POST', `/api/customers/${c.id}/purchases`, {})).statusCode).toBe(400);
    expect((await req('POST', `/api/customers/${c.id}/purchases`, { sku: 'ROUTER-X', amount: '-3' })).statusCode).toBe(400);
    expect((await req('GET', `/api/customers/${c.id}/purchases`)).json()).toHaveLength(2);
  });

  it('creates callback tasks for an assignee and completes them', async () => {
    const c = await createCustomer(ctx.services);
    const res = await req('POST', `/api/customers/${c.id}/tasks`, { kind: 'callback', dueAt: '2030-05-01T09:00:00Z', note: 'Call back', assigneeId: sup.id, phone: '(212) 555-0188' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'callback', assigneeId: sup.id, phone: '+12125550188', doneAt: null });
    expect((await req('POST', `/api/customers/${c.id}/tasks`, { kind: 'callback', dueAt: 'tomorrow' })).statusCode).toBe(400);
    expect((await req('POST', `/api/customers/${c.id}/tasks`, { kind: 'callback', dueAt: '2030-05-01T09:00:00Z', phone: 'unknown' })).statusCode).toBe(400);
    expect((await req('POST', `/api/tasks/${res.json().id}/done`)).statusCode).toBe(403);
    expect((await req('POST', `/api/tasks/${res.json().id}/done`, undefined, sup)).statusCode).toBe(204);
    expect((await req('GET', `/api/customers/${c.id}/tasks?pending=true`)).json()).toEqual([]);
  });
});

describe('GET /api/customers/:id/timeline', () => {
  it('merges every channel and calls newest first, with recording url and wrap-up disposition; filters by channel and dates', async () => {
    const c = await createCustomer(ctx.services);
    const db = ctx.db.db;
    const at = (d: string) => new Date(`${d}T12:00:00Z`);
    await db.insertInto('interactions').values([
      { customer_id: c.id, channel: 'email', occurred_at: at('2025-01-01'), subject: 'Mail' },
      { customer_id: c.id, channel: 'sms', occurred_at: at('2025-01-03'), subject: 'Text' },
      { customer_id: c.id, channel: 'note', occurred_at: at('2025-01-05'), subject: 'Note', user_id: op.id },
    ]).execute();
    // A call with its interaction row (recorded, wrapped up) and one without an interaction row yet.
    const recorded = await insertCall(ctx.services, { callerNumber: '+12125550100', customerId: c.id, recordingPath: '/rec/a.wav', startedAt: at('2025-01-04'), agentUserId: op.id });
    await db.insertInto('interactions').values({ customer_id: c.id, channel: 'call', occurred_at: at('2025-01-04'), call_id: recorded.callId, user_id: op.id, subject: 'Call' }).execute();
    await db.insertInto('dispositions').values({ code: 'resolved-x', label: 'Resolved on call', category: 'resolved' }).onConflict((oc) => oc.doNothing()).execute();
    await db.insertInto('wrapups').values({ call_id: recorded.callId, user_id: op.id, customer_id: c.id, disposition_code: 'resolved-x', started_at: at('2025-01-04'), client_key: 'k1' }).execute();
    const bare = await insertCall(ctx.services, { callerNumber: '+12125550100', customerId: c.id, startedAt: at('2025-01-02') });

    const res = await req('GET', `/api/customers/${c.id}/timeline`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ type: string; channel: string; subject: string; call: { id: number; recordingUrl: string | null; disposition: { code: string } | null } | null }>;
    expect(items.map((i) => `${i.type}:${i.channel}`)).toEqual(['interaction:note', 'interaction:call', 'interaction:sms', 'call:call', 'interaction:email']);
    expect(items[1]!.call).toMatchObject({ id: recorded.callId, recordingUrl: `/api/calls/${recorded.callId}/recording`, disposition: { code: 'resolved-x', label: 'Resolved on call' } });
    expect(items[3]!.call).toMatchObject({ id: bare.callId, recordingUrl: null, disposition: null });

    const calls = (await req('GET', `/api/customers/${c.id}/timeline?channel=call`)).json().items;
    expect(calls).toHaveLength(2);
    const two = (await req('GET', `/api/customers/${c.id}/timeline?channel=email&channel=sms`)).json().items;
    expect(two.map((i: { channel: string }) => i.channel)).toEqual(['sms', 'email']);
    const ranged = (await req('GET', `/api/customers/${c.id}/timeline?from=2025-01-02T00:00:00Z&to=2025-01-04T00:00:00Z`)).json().items;
    expect(ranged.map((i: { subject: string; type: string }) => i.type === 'call' ? 'bare-call' : i.subject)).toEqual(['Text', 'bare-call']);
    expect((await req('GET', `/api/customers/${c.id}/timeline?limit=1`)).json().items).toHaveLength(1);
    expect((await req('GET', `/api/customers/${c.id}/timeline?channel=fax`)).statusCode).toBe(400);
    expect((await req('GET', '/api/customers/999999/timeline')).statusCode).toBe(404);
  });
});
