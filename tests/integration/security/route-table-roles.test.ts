import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { ROLES, type Role } from '../../../server/auth/roles';

let ctx: TestContext;
const users = {} as Record<Role, TestUser>;

beforeAll(async () => {
  ctx = await createTestContext();
  for (const role of ROLES) users[role] = await createUser(ctx.services, ctx.app, { role });
});
afterAll(async () => { await ctx.close(); });

const concrete = (url: string) => url.replace(/:([A-Za-z]+)/g, (_, name: string) => (/id$/i.test(name) ? '999999' : 'x')).replace(/\*$/, 'x');

describe('every route, every role', () => {
  it('declares its audience: no route is open by accident', () => {
    const api = ctx.app.routeTable.filter((r) => r.url.startsWith('/api/') || r.url === '/health');
    expect(api.length).toBeGreaterThan(20);
    const undeclared = api.filter((r) => !r.public && !r.roles);
    expect(undeclared).toEqual([]);
    const publicRoutes = api.filter((r) => r.public).map((r) => `${r.method} ${r.url}`).sort();
    expect(publicRoutes).toEqual(['GET /api/openapi.json', 'GET /health', 'POST /api/auth/login']);
  });

  it('answers 401 without a token, 403 to a role not listed, and never 401/403/500 to a listed role', async () => {
    const failures: string[] = [];
    // Logout revokes each role's token: walked last, so every other route still sees live tokens.
    const walk = ctx.app.routeTable.filter((r) => r.url.startsWith('/api/') && !r.public)
      .sort((a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'));
    for (const route of walk) {
      const url = concrete(route.url);
      const method = route.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      const anon = await ctx.app.inject({ method, url, payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
      if (anon.statusCode !== 401) failures.push(`${method} ${route.url} anonymous -> ${anon.statusCode}`);
      for (const role of ROLES) {
        const res = await ctx.app.inject({ method, url, headers: authHeader(users[role]), payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
        const allowed = route.roles!.includes(role);
        if (!allowed && res.statusCode !== 403) failures.push(`${method} ${route.url} as ${role} -> ${res.statusCode}, expected 403`);
        if (allowed && [401, 403].includes(res.statusCode) && res.json().error?.code !== 'forbidden-resource') {
          // a listed role may still be refused a particular row (403 with a specific message), never the route
          if (res.json().error?.message === 'You do not have permission for this action') failures.push(`${method} ${route.url} as ${role} -> ${res.statusCode}`);
        }
        if (res.statusCode >= 500) failures.push(`${method} ${route.url} as ${role} -> ${res.statusCode}: ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
