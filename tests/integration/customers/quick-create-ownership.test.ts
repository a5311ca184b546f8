import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { insertCall, uniquePhone } from '../../factories/customer.factory';

// Issue #19 point 7: quick-create (POST /api/customers with linkCallId) linked another agent's call (201) while
// POST /api/calls/:id/customer refused the same operator (403). Both now go through CustomersService.linkCallIn.
// Mutation caught: dropping the ownership check there (quick-create answers 201 again and the call is relinked).

let ctx: TestContext;
let alice: TestUser;
let bob: TestUser;
let supervisor: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  alice = await createUser(ctx.services, ctx.app, { role: 'operator' });
  bob = await createUser(ctx.services, ctx.app, { role: 'operator' });
  supervisor = await createUser(ctx.services, ctx.app, { role: 'supervisor' });
});
afterAll(async () => { await ctx?.close(); });

const quickCreate = (user: TestUser, callId: number) => ctx.app.inject({
  method: 'POST', url: '/api/customers', headers: authHeader(user), payload: { fullName: `Caller of ${callId}`, phones: [{ number: uniquePhone() }], linkCallId: callId },
});

describe('quick-create with linkCallId', () => {
  it("refuses another agent's call with the same 403 as POST /api/calls/:id/customer, and creates nothing", async () => {
    const call = await insertCall(ctx.services, { callerNumber: uniquePhone(), agentUserId: alice.id });
    const before = await ctx.db.db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();

    const res = await quickCreate(bob, call.callId);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error.message).toBe('This call was handled by another agent');

    const after = await ctx.db.db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const row = await ctx.db.db.selectFrom('calls').select('customer_id').where('id', '=', call.callId).executeTakeFirstOrThrow();
    expect(row.customer_id).toBeNull();

    const existing = await ctx.app.inject({ method: 'POST', url: '/api/customers', headers: authHeader(supervisor), payload: { fullName: 'Someone' } });
    const link = await ctx.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/customer`, headers: authHeader(bob), payload: { customerId: existing.json().id } });
    expect(link.statusCode).toBe(403);
    expect(link.json().error.message).toBe(res.json().error.message);
  });

  it('lets the agent on the call (answering agent or a leg) and a supervisor quick-create', async () => {
    const answered = await insertCall(ctx.services, { callerNumber: uniquePhone(), agentUserId: alice.id });
    expect((await quickCreate(alice, answered.callId)).statusCode).toBe(201);

    const transferred = await insertCall(ctx.services, { callerNumber: uniquePhone(), agentUserId: alice.id });
    await ctx.services.callsRepo.upsertLeg(transferred.callId, { uniqueid: `leg-${transferred.callId}`, channel: `PJSIP/${bob.extension}-1`, role: 'agent', userId: bob.id, startedAt: new Date() });
    expect((await quickCreate(bob, transferred.callId)).statusCode).toBe(201);

    const other = await insertCall(ctx.services, { callerNumber: uniquePhone(), agentUserId: alice.id });
    expect((await quickCreate(supervisor, other.callId)).statusCode).toBe(201);
  });
});
