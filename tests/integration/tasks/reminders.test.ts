import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { connectSocket } from '../../support/socket-client';
import { startFanout } from '../../../server/realtime/fanout';

let ctx: TestContext;
let url: string;
let stopFanout: () => void;
let owner: TestUser, other: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  stopFanout = startFanout(ctx.services.bus, ctx.app.gateway.io, {}, ctx.services.log);
  url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  owner = await createUser(ctx.services, ctx.app);
  other = await createUser(ctx.services, ctx.app);
});
afterAll(async () => { stopFanout(); await ctx.close(); });

async function task(assignee: number, dueInMinutes: number, kind = 'callback') {
  const customer = await ctx.db.db.insertInto('customers').values({ full_name: 'Reminder Customer' }).returning('id').executeTakeFirstOrThrow();
  return ctx.db.db.insertInto('tasks').values({ customer_id: customer.id, assignee_id: assignee, kind, due_at: new Date(Date.now() + dueInMinutes * 60_000), note: 'Call back about the router' })
    .returning('id').executeTakeFirstOrThrow();
}

describe('reminders', () => {
  it('pushes a due callback to its operator once, and only to them', async () => {
    const [ownerSocket, otherSocket] = await Promise.all([connectSocket(url, owner.token), connectSocket(url, other.token)]);
    const due = await task(owner.id, -1);
    const later = await task(owner.id, 120);
    expect(await ctx.services.tasks.announceDue()).toBe(1);
    expect(await ctx.services.tasks.announceDue()).toBe(0);
    const pushed = await ownerSocket.waitFor<{ taskId: number; kind: string }>('task:due');
    expect(pushed).toMatchObject({ taskId: due.id, kind: 'callback' });
    await new Promise((r) => setTimeout(r, 200));
    expect(otherSocket.received.filter((r) => r.event === 'task:due')).toEqual([]);
    expect(ownerSocket.received.filter((r) => r.event === 'task:due')).toHaveLength(1);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/tasks/due?horizonMinutes=60', headers: authHeader(owner) });
    expect(list.json().map((t: { id: number }) => t.id)).toEqual([due.id]);
    expect(list.json()[0]).toMatchObject({ overdue: true, customerName: 'Reminder Customer' });
    const wide = await ctx.app.inject({ method: 'GET', url: '/api/tasks/due?horizonMinutes=180', headers: authHeader(owner) });
    expect(wide.json().map((t: { id: number }) => t.id)).toEqual([due.id, later.id]);
    ownerSocket.close();
    otherSocket.close();
  });

  it('lets the owner mark a task done but not another operator', async () => {
    const t = await task(owner.id, -5, 'follow_up');
    expect((await ctx.app.inject({ method: 'POST', url: `/api/tasks/${t.id}/done`, headers: authHeader(other) })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/tasks/${t.id}/done`, headers: authHeader(owner) })).statusCode).toBe(204);
    const row = await ctx.db.db.selectFrom('tasks').select('done_at').where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row.done_at).toBeInstanceOf(Date);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/tasks/999999/done', headers: authHeader(owner) })).statusCode).toBe(404);
  });
});
