import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser } from '../../factories/user.factory';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

describe('HTTP basics', () => {
  it('GET /health reports db up, jobs in-process, no PBX', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.db.status).toBe('up');
    expect(body.jobs).toBe('in-process');
    expect(body.redis.detail).toMatch(/in-process/);
    expect(body.pbx).toEqual([]);
  });

  it('unknown routes get a JSON 404', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('route-not-found');
  });

  it('malformed JSON gets a 400 with a stable code', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": "a", ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('malformed-json');
  });

  it('an oversized body gets a 413, not a 500', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('body-too-large');
  });

  it('a body that fails the schema gets validation-failed with the path', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation-failed');
  });

  // Issue #22.4: the console places and translates each issue, so it needs the field's full pointer (a missing
  // property is named in params, not in instancePath) and Ajv's keyword with its params, not English text.
  it('each schema issue names the full field pointer, the keyword and its params', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a' } });
    expect(res.json().error.details).toMatchObject({ part: 'body', issues: [{ path: '/password', keyword: 'required', params: { missingProperty: 'password' } }] });
    const long = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x'.repeat(65), password: 'p' } });
    expect(long.json().error.details.issues).toEqual([expect.objectContaining({ path: '/username', keyword: 'maxLength', params: { limit: 64 } })]);
  });
});

describe('authentication', () => {
  it('logs in with the right password and returns token and user', async () => {
    const sut = await createUser(ctx.services, ctx.app, { role: 'supervisor' });
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: authHeader(sut) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: sut.id, role: 'supervisor', extension: sut.extension });
  });

  it('refuses a wrong password with 401 and records the failure in the audit log', async () => {
    const user = await createUser(ctx.services, ctx.app);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: 'wrong' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
    const rows = await ctx.services.audit.list({ limit: 10, action: 'auth.login_failed' });
    expect(rows.some((r) => r.user_id === user.id)).toBe(true);
  });

  it('passwords are stored hashed with scrypt, never in clear', async () => {
    const user = await createUser(ctx.services, ctx.app);
    const row = await ctx.services.users.findById(user.id);
    expect(row?.passwordHash).toMatch(/^scrypt\$/);
    expect(row?.passwordHash).not.toContain(user.password);
  });

  it('refuses missing, forged and expired tokens', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: 'Bearer abc.def.ghi' } })).statusCode).toBe(401);
    const { createTokenService } = await import('../../../server/auth/token');
    const user = await createUser(ctx.services, ctx.app);
    const otherSecret = createTokenService('another-secret-another', 3600).sign({ id: user.id, username: user.username, displayName: '', role: 'admin', extension: null, locale: 'en' });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${otherSecret}` } })).statusCode).toBe(401);
  });

  it('deactivating a user revokes their tokens at once', async () => {
    const user = await createUser(ctx.services, ctx.app);
    await ctx.db.db.updateTable('users').set({ active: false }).where('id', '=', user.id).execute();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: authHeader(user) })).statusCode).toBe(401);
  });
  // Login rate limits (per client address, per account): tests/integration/security/login-guard.test.ts.
});
