import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { createUser } from '../../factories/user.factory';
import { lockSeconds } from '../../../server/auth/login-throttle.repository';

// Issue #19 point 2: a new X-Forwarded-For per request bypassed the login rate limit (trustProxy: true with
// nothing in front) and audit rows stored the forged address; nothing limited guesses against one account.
const login = (ctx: TestContext, username: string, password: string, headers: Record<string, string> = {}, remoteAddress = '198.51.100.7') =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, headers, payload: { username, password } });

describe('without TRUST_PROXY', () => {
  let ctx: TestContext;
  beforeAll(async () => { ctx = await createTestContext({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '8' } }); });
  afterAll(async () => { await ctx.close(); });

  // Mutation caught: trustProxy: true (the old app.ts) makes every forged address a fresh client: all 401, no 429.
  it('ignores X-Forwarded-For: a forged address per request neither escapes the limit nor reaches the audit log', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const res = await login(ctx, `guess-${i}`, 'x', { 'x-forwarded-for': `203.0.113.${i + 1}` });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses[8]).toBe(429);
    const rows = await ctx.services.audit.list({ limit: 20, action: 'auth.login_failed' });
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(new Set(rows.map((r) => r.ip))).toEqual(new Set(['198.51.100.7']));
  });
});

describe('with TRUST_PROXY', () => {
  let ctx: TestContext;
  beforeAll(async () => { ctx = await createTestContext({ env: { TRUST_PROXY: '10.0.0.1' } }); });
  afterAll(async () => { await ctx.close(); });

  it('takes the client address from X-Forwarded-For only when the peer is a listed proxy', async () => {
    await login(ctx, 'via-proxy', 'x', { 'x-forwarded-for': '203.0.113.50' }, '10.0.0.1');
    await login(ctx, 'not-via-proxy', 'x', { 'x-forwarded-for': '203.0.113.51' }, '10.0.0.2');
    const rows = await ctx.services.audit.list({ limit: 20, action: 'auth.login_failed' });
    expect(rows.find((r) => r.target === 'via-proxy')?.ip).toBe('203.0.113.50');
    expect(rows.find((r) => r.target === 'not-via-proxy')?.ip).toBe('10.0.0.2');
  });
});

describe('per-account lockout', () => {
  let ctx: TestContext;
  beforeAll(async () => { ctx = await createTestContext(); });
  afterAll(async () => { await ctx.close(); });

  // Mutation caught: without the lockout the right password after 5 wrong ones from 5 addresses signs in.
  it('locks an account after 5 failures from any addresses, refuses even the right password, says when to retry', async () => {
    const user = await createUser(ctx.services, ctx.app);
    for (let i = 0; i < 5; i++) expect((await login(ctx, user.username, `wrong-${i}`, {}, `192.0.2.${i + 1}`)).statusCode).toBe(401);
    const locked = await login(ctx, user.username, user.password, {}, '192.0.2.99');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('account-locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json().error.details.retryAfterSeconds).toBe(Number(locked.headers['retry-after']));
    // Only the account is locked: another user from the same address signs in.
    const other = await createUser(ctx.services, ctx.app);
    expect((await login(ctx, other.username, other.password, {}, '192.0.2.99')).statusCode).toBe(200);
  });

  it('lets the lock run out, then doubles it on the next failure; a success clears the count', async () => {
    const user = await createUser(ctx.services, ctx.app);
    for (let i = 0; i < 5; i++) await login(ctx, user.username, 'wrong');
    const lockedUntil = async () => (await ctx.db.db.selectFrom('login_throttle').select(['locked_until', 'failures']).where('username', '=', user.username).executeTakeFirstOrThrow());
    const first = await lockedUntil();
    expect(first.failures).toBe(5);
    // The lock runs out (moved into the past rather than waited for).
    await ctx.db.db.updateTable('login_throttle').set({ locked_until: new Date(Date.now() - 1000) }).where('username', '=', user.username).execute();
    expect((await login(ctx, user.username, 'wrong')).statusCode).toBe(401);
    const second = await lockedUntil();
    expect(second.failures).toBe(6);
    const secondLock = (second.locked_until!.getTime() - Date.now()) / 1000;
    expect(secondLock).toBeGreaterThan(30);
    expect(secondLock).toBeLessThanOrEqual(60);
    await ctx.db.db.updateTable('login_throttle').set({ locked_until: null }).where('username', '=', user.username).execute();
    expect((await login(ctx, user.username, user.password)).statusCode).toBe(200);
    expect(await ctx.db.db.selectFrom('login_throttle').selectAll().where('username', '=', user.username).executeTakeFirst()).toBeUndefined();
  });

  it('serialises parallel guesses: no more than 5 of 20 reach the password check', async () => {
    const user = await createUser(ctx.services, ctx.app);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => login(ctx, user.username, `wrong-${i}`, {}, `192.0.2.${100 + i}`)));
    expect(results.filter((r) => r.statusCode === 401)).toHaveLength(5);
    expect(results.filter((r) => r.statusCode === 429)).toHaveLength(15);
  });

  it('the backoff doubles and is capped', () => {
    const policy = { after: 5, baseSeconds: 30, maxSeconds: 900 };
    expect([4, 5, 6, 7, 8, 9, 10, 40].map((n) => lockSeconds(n, policy))).toEqual([0, 30, 60, 120, 240, 480, 900, 900]);
  });

  it('a whole office behind one NAT signs in at shift start (25 agents, a few typos; the old limit was 10 a minute)', async () => {
    const agents = await Promise.all(Array.from({ length: 25 }, () => createUser(ctx.services, ctx.app)));
    const results = [];
    for (const [i, agent] of agents.entries()) {
      if (i % 4 === 0) await login(ctx, agent.username, 'typo', {}, '198.51.100.200');
      results.push((await login(ctx, agent.username, agent.password, {}, '198.51.100.200')).statusCode);
    }
    expect(results.every((s) => s === 200)).toBe(true);
  });
});
