import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';

// Issue #21: the audit log browsable and filterable by admins. The old GET /api/audit took only an exact action
// and a limit: the filters below were ignored (every assertion on userId, target, a prefix or beforeId failed).
let ctx: TestContext;
let admin: TestUser;
let operator: TestUser;
let supervisor: TestUser;
let manager: TestUser;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await createUser(ctx.services, ctx.app, { role: 'admin', extension: null });
  operator = await createUser(ctx.services, ctx.app, { role: 'operator', extension: null });
  supervisor = await createUser(ctx.services, ctx.app, { role: 'supervisor', extension: null });
  manager = await createUser(ctx.services, ctx.app, { role: 'campaign_manager', extension: null });
});
afterAll(async () => { await ctx?.close(); });

type Row = { id: number; action: string; user_id: number | null; target: string | null; username: string | null; details: { before: unknown; after: unknown } };
const audit = async (query: string, who: TestUser = admin) => ctx.app.inject({ method: 'GET', url: `/api/audit?${query}`, headers: authHeader(who) });

describe('GET /api/audit filters', () => {
  it('by action prefix, actor, target and pages back with beforeId; rows name the actor', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: '/api/users', headers: authHeader(admin), payload: { username: `aud-${process.pid}`, displayName: 'Audited', role: 'operator' } });
    const id = (created.json() as { user: { id: number } }).user.id;
    await ctx.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: authHeader(admin), payload: { displayName: 'Audited twice' } });
    await ctx.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: authHeader(admin), payload: { active: false } });

    const rows = (await audit(`action=user.&target=${id}&userId=${admin.id}`)).json() as Row[];
    expect(rows.map((r) => r.action)).toEqual(['user.deactivated', 'user.updated', 'user.created']);
    expect(rows.every((r) => r.username === admin.username && r.target === String(id))).toBe(true);
    expect(rows[1]!.details).toMatchObject({ before: { displayName: 'Audited' }, after: { displayName: 'Audited twice' } });

    const older = (await audit(`action=user.*&target=${id}&beforeId=${rows[0]!.id}`)).json() as Row[];
    expect(older.map((r) => r.action)).toEqual(['user.updated', 'user.created']);
    expect((await audit(`action=user&target=${id}`)).json()).toEqual([]); // exact, not a prefix
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await audit(`target=${id}&from=${encodeURIComponent(future)}`)).json()).toEqual([]);
    expect(((await audit(`target=${id}&to=${encodeURIComponent(future)}`)).json() as Row[]).length).toBe(3);
  });

  // The log holds every user change with before and after (roles, extensions, who was deactivated): admins only.
  // It had been open to supervisors since supervision actions were its first rows.
  it('refuses bad filters with 400 and everyone but admins with 403', async () => {
    for (const q of ['userId=x', 'from=yesterday', 'beforeId=0', 'limit=501']) expect((await audit(q)).statusCode, q).toBe(400);
    for (const who of [operator, supervisor, manager]) expect((await audit('limit=5', who)).statusCode, who.role).toBe(403);
    expect((await audit('action=%25')).statusCode).toBe(200);
  });
});
