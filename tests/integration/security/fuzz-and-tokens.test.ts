import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner } from 'fast-jwt';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { connectSocket } from '../../support/socket-client';
import { seedReferenceData } from '../../../server/db/seed-reference';
import { startRuntime } from '../../../server/runtime';
import { ROLES, type Role } from '../../../server/auth/roles';
import { prng } from '../../support/prng';

// Point 4 (HTTP + socket fuzzing; AMI frame fuzzing is tests/unit/pbx/ami-client-malformed.tcp.test.ts, 10,000
// frames) and point 5 (token expiry, roles on every socket command). Seeded PRNG so a failure replays.

let ctx: TestContext;
let stopRuntime: () => Promise<void>;
let url: string;
const users = {} as Record<Role, TestUser>;

beforeAll(async () => {
  ctx = await createTestContext();
  await seedReferenceData(ctx.db.db);
  stopRuntime = startRuntime(ctx.services, ctx.app);
  url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  for (const role of ROLES) users[role] = await createUser(ctx.services, ctx.app, { role });
});
afterAll(async () => { await stopRuntime?.(); await ctx?.close(); });

const rnd = prng(20240601);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const SCALARS = [null, true, false, 0, -1, 1.5, 2 ** 53, 1e308, '', 'x', 'A'.repeat(5000), '../../etc/passwd', '<script>', "' OR 1=1 --", '\u0000', '2024-13-45', '🙂', '%00', 'NaN'];
function randomValue(depth = 0): unknown {
  const r = rnd();
  if (depth > 2 || r < 0.5) return pick(SCALARS);
  if (r < 0.75) return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(depth + 1));
  const keys = ['id', 'callId', 'userId', 'state', 'mode', 'action', 'name', 'q', 'limit', 'from', 'to', 'clientKey', '__proto__', 'constructor', 'format'];
  return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 5) }, () => [pick(keys), randomValue(depth + 1)]));
}
const randomParam = () => encodeURIComponent(String(pick([...SCALARS, 1, 999999, -5, '1e3', 'abc'])));

describe('fuzzing the HTTP API', () => {
  it('answers every route with random bodies, params and queries without a 5xx', async () => {
    const routes = ctx.app.routeTable.filter((r) => r.url.startsWith('/api/') || r.url === '/health');
    const failures: string[] = [];
    for (const route of routes) {
      for (let i = 0; i < 12; i++) {
        const path = route.url.replace(/:([A-Za-z]+)/g, () => randomParam()).replace(/\*$/, randomParam());
        const query = Object.entries((randomValue(1) ?? {}) as Record<string, unknown>).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(JSON.stringify(v))}`).join('&');
        const garbage = rnd() < 0.3;
        const res = await ctx.app.inject({
          method: route.method as 'GET', url: query ? `${path}?${query}` : path, headers: { ...authHeader(users[pick(ROLES)]), ...(garbage ? { 'content-type': 'application/json' } : {}) },
          payload: route.method === 'GET' ? undefined : garbage ? '{"a": [1, 2' + 'x'.repeat(Math.floor(rnd() * 50)) : JSON.stringify(randomValue()),
        });
        if (res.statusCode >= 500) failures.push(`${route.method} ${path}?${query} -> ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect((await ctx.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  }, 60_000);
});

describe('socket commands', () => {
  it('enforces the roles of every registered command, per role (table walk)', async () => {
    const commands = ctx.app.gateway.listCommands();
    expect(commands.length).toBeGreaterThan(3);
    const failures: string[] = [];
    for (const role of ROLES) {
      const sock = await connectSocket(url, users[role].token);
      for (const c of commands) {
        const ack = await sock.command(c.event, {});
        const allowed = c.roles.includes(role);
        if (!allowed && ack.error?.code !== 'forbidden') failures.push(`${c.event} as ${role}: ${JSON.stringify(ack)}`);
        if (allowed && ack.error?.code === 'forbidden') failures.push(`${c.event} as ${role} refused although listed`);
      }
      sock.close();
    }
    expect(failures).toEqual([]);
  });

  it('random event names and payloads: every ack is ok:true or ok:false with a code, never internal-error; the server stays up', async () => {
    const events = [...ctx.app.gateway.listCommands().map((c) => c.event), 'x', '', 'constructor', '__proto__', 'agent:', 'supervision:spy:x'];
    const bad: string[] = [];
    for (const role of ROLES) {
      const sock = await connectSocket(url, users[role].token);
      for (let i = 0; i < 60; i++) {
        const event = rnd() < 0.8 ? pick(events) : Math.random().toString(36).slice(2);
        const payload = randomValue();
        const ack = await sock.command(event, payload) as { ok: boolean; error?: { code?: string } };
        if (!(ack.ok === true || (ack.ok === false && typeof ack.error?.code === 'string')) || ack.error?.code === 'internal-error') bad.push(`${role} ${event} ${JSON.stringify(payload).slice(0, 100)} -> ${JSON.stringify(ack)}`);
      }
      expect(sock.socket.connected).toBe(true);
      sock.close();
    }
    expect(bad).toEqual([]);
    const again = await connectSocket(url, users.supervisor.token);
    expect((await again.command('supervision:snapshot', {})).ok).toBe(true);
    again.close();
  }, 60_000);
});

describe('token expiry', () => {
  it('refuses an expired token over HTTP (401) and on the socket handshake', async () => {
    const signer = createSigner({ key: 'test-secret-test-secret', algorithm: 'HS256', iss: 'warmline', expiresIn: 60_000, clockTimestamp: Date.now() - 3_600_000 });
    const expired = signer({ sub: String(users.admin.id), role: 'admin' });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${expired}` } })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: authHeader(users.admin) })).statusCode).toBe(200);
    await expect(connectSocket(url, expired)).rejects.toThrow(/unauthorized/);
  });
});
