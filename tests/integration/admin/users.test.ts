import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { connectSocket, type RecordingSocket } from '../../support/socket-client';
import { sipHa1 } from '../../../server/sip/sip-credentials';

// Issue #21, users: the API had no user-management routes at all (every test here got 404 on the old code).
// Each route: validation, roles (non-admins get the generic 403; role-matrix.test.ts walks every role), audit row.
let ctx: TestContext;
let url: string;
let admin: TestUser;
let supervisor: TestUser;
let operator: TestUser;
let seq = 0;
// Unique across parallel files sharing the database: the process id and a counter.
const uniq = () => `${process.pid}${(seq += 1)}`;
const ext = () => `7${String(process.pid).slice(-4).padStart(4, '0')}${seq += 1}`.slice(0, 10);

beforeAll(async () => {
  // The periodic sweep is far off: a socket that closes in these tests was closed by the change itself.
  ctx = await createTestContext({ env: { SOCKET_RECHECK_MS: '600000' } });
  url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  admin = await createUser(ctx.services, ctx.app, { role: 'admin', extension: null });
  supervisor = await createUser(ctx.services, ctx.app, { role: 'supervisor', extension: null });
  operator = await createUser(ctx.services, ctx.app, { role: 'operator', extension: null });
});
afterAll(async () => { await ctx?.close(); });

const api = (method: 'GET' | 'POST' | 'PATCH', path: string, who: { token: string } | null, payload?: unknown) =>
  ctx.app.inject({ method, url: path, headers: who ? authHeader(who) : {}, payload: payload as never });
const login = (username: string, password: string) => api('POST', '/api/auth/login', null, { username, password });
const lastAudit = async (action: string, target: number) =>
  (await ctx.services.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('target', '=', String(target)).orderBy('id', 'desc').limit(1).executeTakeFirst());
const disconnected = (sock: RecordingSocket) => new Promise<string>((resolve) => {
  if (!sock.socket.connected) resolve('already');
  sock.socket.once('disconnect', (reason) => resolve(reason));
});

async function createOperator(extension: string | null = ext()) {
  const username = `op-${uniq()}`;
  const res = await api('POST', '/api/users', admin, { username, displayName: 'New Operator', role: 'operator', extension, locale: 'ru' });
  expect(res.statusCode, res.body).toBe(201);
  return { username, ...(res.json() as { user: { id: number; extension: string | null; mustChangePassword: boolean }; temporaryPassword: string; sip?: { extension: string; secret: string } }) };
}

/** Signs in with the temporary password and chooses a new one; returns the new session token. */
async function activate(username: string, temporary: string, chosen = `a new long password ${uniq()}`) {
  const first = await login(username, temporary);
  const token = (first.json() as { token: string }).token;
  const changed = await api('POST', '/api/auth/password', { token }, { currentPassword: temporary, newPassword: chosen });
  expect(changed.statusCode, changed.body).toBe(200);
  return { token, password: chosen };
}

describe('POST /api/users', () => {
  it('creates a user with an extension: temporary password and SIP secret shown once, the PBX row follows, audit row', async () => {
    const extension = ext();
    const created = await createOperator(extension);
    expect(created.user).toMatchObject({ extension, mustChangePassword: true, active: true, role: 'operator', locale: 'ru' });
    expect(created.temporaryPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(created.sip?.extension).toBe(extension);
    // The PBX authenticates against ps_auths (migration 0015): the digest there is made of the secret just shown.
    const auth = await ctx.services.db.selectFrom('ps_auths' as never).selectAll().where('id' as never, '=', extension as never).executeTakeFirst() as { md5_cred: string; realm: string } | undefined;
    expect(auth?.md5_cred).toBe(sipHa1(extension, auth!.realm, created.sip!.secret));
    // Never again: the list shows no secret or password.
    const list = await api('GET', `/api/users?q=${created.username}`, admin);
    expect(list.body).not.toContain(created.sip!.secret);
    expect(list.body).not.toContain(created.temporaryPassword);
    const row = await lastAudit('user.created', created.user.id);
    expect(row?.user_id).toBe(admin.id);
    expect(row?.details).toMatchObject({ before: null, after: { username: created.username, extension, role: 'operator' } });
    expect(JSON.stringify(row?.details)).not.toContain(created.sip!.secret);
  });

  it('refuses bad input with a clear 4xx: bad names, roles, extensions, published and short passwords, duplicates', async () => {
    const base = { username: `v-${uniq()}`, displayName: 'V', role: 'operator' };
    for (const bad of [
      { ...base, username: 'Has Spaces' }, { ...base, role: 'root' }, { ...base, extension: '12a' }, { ...base, displayName: '' },
      { ...base, password: 'short' }, { ...base, extra: 1 }, {},
    ]) {
      const res = await api('POST', '/api/users', admin, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const published = await api('POST', '/api/users', admin, { ...base, password: 'warmline'.padEnd(12, ' ') });
    expect([400]).toContain(published.statusCode);
    const taken = await createOperator();
    const sameName = await api('POST', '/api/users', admin, { ...base, username: taken.username });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().error.code).toBe('username-taken');
    const sameExt = await api('POST', '/api/users', admin, { ...base, extension: taken.user.extension });
    expect(sameExt.statusCode).toBe(409);
    expect(sameExt.json().error.code).toBe('extension-taken');
  });

  it('is for admins only', async () => {
    for (const who of [supervisor, operator]) {
      expect((await api('POST', '/api/users', who, { username: `x-${uniq()}`, displayName: 'X', role: 'admin' })).statusCode).toBe(403);
      expect((await api('GET', '/api/users', who)).statusCode).toBe(403);
    }
    expect((await api('GET', '/api/users', null)).statusCode).toBe(401);
  });
});

describe('forced password change at first login', () => {
  // Mutation caught: without the must-change check in the auth guard the new operator reads customers at once.
  it('a new user may only read /me, sign out or change the password until they do; then everything opens', async () => {
    const created = await createOperator();
    const first = await login(created.username, created.temporaryPassword);
    expect(first.statusCode).toBe(200);
    const { token, user } = first.json() as { token: string; user: { mustChangePassword: boolean } };
    expect(user.mustChangePassword).toBe(true);
    const refused = await api('GET', '/api/customers', { token });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('password-change-required');
    expect((await api('GET', '/api/auth/me', { token })).json().mustChangePassword).toBe(true);
    await expect(connectSocket(url, token)).rejects.toThrow(/password-change-required/);

    const wrong = await api('POST', '/api/auth/password', { token }, { currentPassword: 'not it at all', newPassword: 'a brand new password' });
    expect(wrong.statusCode).toBe(401);
    const same = await api('POST', '/api/auth/password', { token }, { currentPassword: created.temporaryPassword, newPassword: created.temporaryPassword });
    expect(same.statusCode).toBe(400);
    const short = await api('POST', '/api/auth/password', { token }, { currentPassword: created.temporaryPassword, newPassword: 'short' });
    expect(short.statusCode).toBe(400);

    const ok = await api('POST', '/api/auth/password', { token }, { currentPassword: created.temporaryPassword, newPassword: 'correct horse battery staple' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().mustChangePassword).toBe(false);
    expect((await api('GET', '/api/customers', { token })).statusCode).toBe(200);
    (await connectSocket(url, token)).close();
    expect((await login(created.username, created.temporaryPassword)).statusCode).toBe(401);
    expect((await login(created.username, 'correct horse battery staple')).statusCode).toBe(200);
    const row = await lastAudit('user.password_changed', created.user.id);
    expect(row?.user_id).toBe(created.user.id);
    expect(row?.details).toMatchObject({ before: { mustChangePassword: true }, after: { mustChangePassword: false } });
  });
});

describe('PATCH /api/users/:id', () => {
  // Mutation caught: without app.gateway.disconnectUser the socket lives until the sweep (600 s here).
  it('deactivation closes the user\'s open sockets at once and refuses the token; reactivation lets them back; audit rows', async () => {
    const created = await createOperator();
    const { token, password } = await activate(created.username, created.temporaryPassword);
    const sock = await connectSocket(url, token);
    const gone = disconnected(sock);
    const res = await api('PATCH', `/api/users/${created.user.id}`, admin, { active: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user.active).toBe(false);
    expect(await gone).toBe('io server disconnect');
    expect((await api('GET', '/api/auth/me', { token })).statusCode).toBe(401);
    expect((await login(created.username, password)).statusCode).toBe(401);
    // Off the PBX too: ps_endpoints lists only active users.
    const endpoint = await ctx.services.db.selectFrom('ps_endpoints' as never).selectAll().where('id' as never, '=', created.user.extension as never).executeTakeFirst();
    expect(endpoint).toBeUndefined();
    expect((await lastAudit('user.deactivated', created.user.id))?.details).toMatchObject({ before: { active: true }, after: { active: false } });

    expect((await api('PATCH', `/api/users/${created.user.id}`, admin, { active: true })).statusCode).toBe(200);
    expect((await login(created.username, password)).statusCode).toBe(200);
    expect(await lastAudit('user.reactivated', created.user.id)).toBeDefined();
  });

  it('edits display name, role, extension and locale; a new extension gets new SIP credentials, shown once', async () => {
    const created = await createOperator();
    const extension = ext();
    const res = await api('PATCH', `/api/users/${created.user.id}`, admin, { displayName: 'Renamed', role: 'supervisor', extension, locale: 'mn' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ displayName: 'Renamed', role: 'supervisor', extension, locale: 'mn' });
    expect(res.json().sip.extension).toBe(extension);
    const auth = await ctx.services.db.selectFrom('ps_auths' as never).selectAll().where('id' as never, '=', extension as never).executeTakeFirst() as { md5_cred: string; realm: string };
    expect(auth.md5_cred).toBe(sipHa1(extension, auth.realm, res.json().sip.secret));
    const row = await lastAudit('user.updated', created.user.id);
    expect(row?.user_id).toBe(admin.id);
    expect(row?.details).toMatchObject({ before: { displayName: 'New Operator', role: 'operator' }, after: { displayName: 'Renamed', role: 'supervisor', extension } });
    const noExt = await api('PATCH', `/api/users/${created.user.id}`, admin, { extension: null });
    expect(noExt.json().user).toMatchObject({ extension: null, sipIssuedAt: null });
  });

  it('refuses bad input, unknown users, and an admin deactivating or demoting themself', async () => {
    const created = await createOperator();
    for (const bad of [{}, { role: 'root' }, { extension: 'x' }, { active: 'no' }, { password: 'x' }]) {
      expect((await api('PATCH', `/api/users/${created.user.id}`, admin, bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await api('PATCH', '/api/users/abc', admin, { active: false })).statusCode).toBe(400);
    expect((await api('PATCH', '/api/users/999999999', admin, { active: false })).statusCode).toBe(404);
    const self = await api('PATCH', `/api/users/${admin.id}`, admin, { active: false });
    expect(self.statusCode).toBe(409);
    expect(self.json().error.code).toBe('cannot-change-self');
    expect((await api('PATCH', `/api/users/${admin.id}`, admin, { role: 'operator' })).statusCode).toBe(409);
    expect((await api('PATCH', `/api/users/${created.user.id}`, supervisor, { active: false })).statusCode).toBe(403);
  });
});

describe('POST /api/users/:id/password', () => {
  it('an admin reset: old password refused, temporary one works once and forces a change; open sockets cut; audit row', async () => {
    const created = await createOperator();
    const { token, password } = await activate(created.username, created.temporaryPassword);
    const sock = await connectSocket(url, token);
    const gone = disconnected(sock);
    const res = await api('POST', `/api/users/${created.user.id}/password`, admin, {});
    expect(res.statusCode, res.body).toBe(200);
    const temporary = res.json().temporaryPassword as string;
    expect(res.json().user.mustChangePassword).toBe(true);
    expect(await gone).toBe('io server disconnect');
    expect((await api('GET', '/api/customers', { token })).json().error.code).toBe('password-change-required');
    expect((await login(created.username, password)).statusCode).toBe(401);
    expect((await login(created.username, temporary)).json().user.mustChangePassword).toBe(true);
    const row = await lastAudit('user.password_reset', created.user.id);
    expect(row?.user_id).toBe(admin.id);
    expect(row?.details).toMatchObject({ before: { mustChangePassword: false }, after: { mustChangePassword: true } });
    expect(JSON.stringify(row?.details)).not.toContain(temporary);
  });

  it('takes a chosen password; refuses short or published ones, unknown users and non-admins', async () => {
    const created = await createOperator();
    expect((await api('POST', `/api/users/${created.user.id}/password`, admin, { password: 'chosen by the admin' })).statusCode).toBe(200);
    expect((await login(created.username, 'chosen by the admin')).statusCode).toBe(200);
    expect((await api('POST', `/api/users/${created.user.id}/password`, admin, { password: 'short' })).statusCode).toBe(400);
    expect((await api('POST', `/api/users/${created.user.id}/password`, admin, { password: 'changeme', extra: 1 })).statusCode).toBe(400);
    expect((await api('POST', '/api/users/999999999/password', admin, {})).statusCode).toBe(404);
    expect((await api('POST', `/api/users/${created.user.id}/password`, supervisor, {})).statusCode).toBe(403);
  });
});

describe('POST /api/users/:id/sip', () => {
  it('rotates: the PBX digest changes to the new secret, the old one no longer matches; audit row without the secret', async () => {
    const created = await createOperator();
    const extension = created.user.extension!;
    const res = await api('POST', `/api/users/${created.user.id}/sip`, admin);
    expect(res.statusCode, res.body).toBe(200);
    const { secret } = res.json() as { secret: string };
    expect(secret).not.toBe(created.sip!.secret);
    const auth = await ctx.services.db.selectFrom('ps_auths' as never).selectAll().where('id' as never, '=', extension as never).executeTakeFirst() as { md5_cred: string; realm: string };
    expect(auth.md5_cred).toBe(sipHa1(extension, auth.realm, secret));
    expect(auth.md5_cred).not.toBe(sipHa1(extension, auth.realm, created.sip!.secret));
    const row = await lastAudit('user.sip_rotated', created.user.id);
    expect(row?.user_id).toBe(admin.id);
    expect(JSON.stringify(row?.details)).not.toContain(secret);
  });

  it('refuses a user without an extension (409), unknown users (404) and non-admins (403)', async () => {
    const created = await createOperator(null);
    const res = await api('POST', `/api/users/${created.user.id}/sip`, admin);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('no-extension');
    expect((await api('POST', '/api/users/999999999/sip', admin)).statusCode).toBe(404);
    expect((await api('POST', `/api/users/${created.user.id}/sip`, operator)).statusCode).toBe(403);
  });
});

describe('GET /api/users', () => {
  it('lists and filters by text, role and active', async () => {
    const created = await createOperator();
    const byName = (await api('GET', `/api/users?q=${created.username}`, admin)).json().users as Array<{ id: number }>;
    expect(byName.map((u) => u.id)).toEqual([created.user.id]);
    const admins = (await api('GET', '/api/users?role=admin', admin)).json().users as Array<{ role: string }>;
    expect(admins.length).toBeGreaterThan(0);
    expect(admins.every((u) => u.role === 'admin')).toBe(true);
    expect((await api('GET', '/api/users?role=root', admin)).statusCode).toBe(400);
    expect((await api('GET', '/api/users?q=%25', admin)).statusCode).toBe(200);
  });
});
