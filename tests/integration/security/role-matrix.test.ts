import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { connectSocket } from '../../support/socket-client';
import { ROLES, type Role } from '@contract/roles';
import { SOCKET_COMMANDS } from '@contract/socket-commands.schemas';
import { renderRoleMatrix, routeAudience, ROUTE_POLICY, socketCommandProblem, SOCKET_POLICY } from '@contract/role-policy';

// Issue #26 point 2: the role matrix is written once (server/contract/role-policy.ts) and every route and socket
// command is driven as every role against THAT table, not against each route's own declaration (which
// route-table-roles.test.ts reads, and so only proves the guard). Mutations caught:
// - a route declaring other roles than the table (e.g. campaign_manager on POST /api/supervision/agent-control):
//   buildApp refuses to start, so every test here fails;
// - the table itself changed (campaign_manager added to agent-control or supervision:spy): docs/SECURITY.md no
//   longer matches renderRoleMatrix(), the last test fails until the documented matrix says so too;
// - the guard ignoring roles: the per-role walks below.

const GENERIC_403 = 'You do not have permission for this action';
const DOC = new URL('../../../docs/SECURITY.md', import.meta.url);
const START = '<!-- role-matrix:start (generated from server/contract/role-policy.ts) -->';
const END = '<!-- role-matrix:end -->';

let ctx: TestContext;
let baseUrl: string;
const users = {} as Record<Role, TestUser>;

beforeAll(async () => {
  ctx = await createTestContext();
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  for (const role of ROLES) users[role] = await createUser(ctx.services, ctx.app, { role });
});
afterAll(async () => { await ctx?.close(); });

const concrete = (url: string) => url.replace(/:([A-Za-z0-9]+)/g, (_, name: string) => (/id$/i.test(name) ? '999999' : 'x')).replace(/\*$/, 'x');
const bodyFor = (method: string) => (method === 'GET' || method === 'DELETE' ? undefined : {});

describe('the role policy table', () => {
  it('lists exactly the routes and socket commands the server has', () => {
    const served = ctx.app.routeTable.map((r) => `${r.method} ${r.url}`).sort();
    // GET /* (the console's files) is registered only where a built console exists.
    expect(served).toEqual(Object.keys(ROUTE_POLICY).filter((k) => k !== 'GET /*' || served.includes(k)).sort());
    expect(ctx.app.gateway.listCommands().map((c) => c.event).sort()).toEqual(Object.keys(SOCKET_POLICY).sort());
    // Every command's payload is validated against the contract's schema (#25.4), the one the console is typed from.
    expect(Object.keys(SOCKET_COMMANDS).sort()).toEqual(Object.keys(SOCKET_POLICY).sort());
    for (const c of ctx.app.gateway.listCommands()) expect(c.schema).toBe(SOCKET_COMMANDS[c.event]);
  });

  it('refuses a route or command that is missing or declares other roles', () => {
    expect(routeAudience('POST', '/api/supervision/agent-control', { roles: ['campaign_manager', 'supervisor', 'admin'] })).toEqual({ problem: expect.stringContaining('role policy says supervisor,admin') });
    expect(routeAudience('GET', '/api/secret', { roles: ['admin'] })).toEqual({ problem: expect.stringContaining('not in the role policy') });
    expect(routeAudience('GET', '/api/audit', { public: true })).toHaveProperty('problem');
    expect(routeAudience('GET', '/api/audit', {})).toEqual(['admin']);
    expect(socketCommandProblem('supervision:spy', ['campaign_manager', 'supervisor', 'admin'])).toMatch('role policy says supervisor,admin');
    expect(socketCommandProblem('supervision:whisper', ['admin'])).toMatch('not in the role policy');
  });
});

describe('every route, every role, against the table', () => {
  it('anonymous gets 401 on every non-public route; a role outside the table 403; a role inside never the route-level 403', async () => {
    const failures: string[] = [];
    for (const [key, audience] of Object.entries(ROUTE_POLICY)) {
      const [method, url] = key.split(' ') as ['GET' | 'POST' | 'PATCH' | 'DELETE', string];
      if (audience === 'public') continue;
      const path = concrete(url);
      const anon = await ctx.app.inject({ method, url: path, payload: bodyFor(method) });
      if (anon.statusCode !== 401) failures.push(`${key} anonymous -> ${anon.statusCode}`);
      for (const role of ROLES) {
        // Logging out revokes the token: that route gets a user of its own.
        const user = key === 'POST /api/auth/logout' ? await createUser(ctx.services, ctx.app, { role }) : users[role];
        const res = await ctx.app.inject({ method, url: path, headers: authHeader(user), payload: bodyFor(method) });
        const refused = res.statusCode === 403 && res.json().error?.message === GENERIC_403;
        if (audience.includes(role)) {
          if (res.statusCode === 401 || refused) failures.push(`${key} as ${role} -> ${res.statusCode}, the table allows it`);
          if (res.statusCode >= 500) failures.push(`${key} as ${role} -> ${res.statusCode}: ${res.body.slice(0, 160)}`);
        } else if (!refused) {
          failures.push(`${key} as ${role} -> ${res.statusCode}, the table refuses it`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('public routes answer without a token', async () => {
    for (const key of ['GET /health', 'GET /health/live', 'GET /api/openapi.json']) {
      const [method, url] = key.split(' ') as ['GET', string];
      expect(ROUTE_POLICY[key]).toBe('public');
      expect((await ctx.app.inject({ method, url })).statusCode, key).toBe(200);
    }
  });
});

describe('every socket command, every role, against the table', () => {
  it('a role outside the table gets forbidden, a role inside never does', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const sock = await connectSocket(baseUrl, users[role].token);
      try {
        for (const [event, allowed] of Object.entries(SOCKET_POLICY)) {
          const ack = await sock.command(event, {});
          const forbidden = ack.error?.code === 'forbidden';
          if (allowed.includes(role) && forbidden) failures.push(`${event} as ${role} refused, the table allows it`);
          if (!allowed.includes(role) && !forbidden) failures.push(`${event} as ${role}: ${JSON.stringify(ack)}, the table refuses it`);
        }
      } finally {
        sock.close();
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('docs/SECURITY.md', () => {
  it('shows the role matrix rendered from the table (UPDATE_SECURITY_DOC=1 rewrites it)', () => {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start, `docs/SECURITY.md needs the markers ${START} ... ${END}`).toBeGreaterThan(-1);
    const current = doc.slice(start + START.length, end).trim();
    const expected = renderRoleMatrix();
    if (current !== expected && process.env.UPDATE_SECURITY_DOC === '1') {
      writeFileSync(DOC, `${doc.slice(0, start + START.length)}\n${expected}\n${doc.slice(end)}`);
      return;
    }
    expect(current).toBe(expected);
  });
});
