import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import postgres from 'postgres';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';

// Issue #19 point 4 for the other query a person shapes by typing: customer search (GET /api/customers) runs
// under the interactive statement timeout and is cancelled in PostgreSQL when its client goes away.
// Mutations caught: CustomersRepository built without its InteractiveLimits in services.ts (the timeout test
// never gets its 422), or the route not passing clientGoneSignal (the query keeps waiting for the lock).
// "Slow" is made without timing: another session holds an exclusive lock on customers.

let ctx: TestContext;
let operator: TestUser;

beforeAll(async () => {
  ctx = await createTestContext({ env: { INTERACTIVE_QUERY_TIMEOUT_MS: '60000' } });
  operator = await createUser(ctx.services, ctx.app, { role: 'operator' });
});
afterAll(async () => { await ctx?.close(); });

async function locked(url: string, fn: () => Promise<void>): Promise<void> {
  const holder = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await holder.begin(async (tx) => {
      await tx`LOCK TABLE customers IN ACCESS EXCLUSIVE MODE`;
      await fn();
    });
  } finally {
    await holder.end();
  }
}

const waitingSearches = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity
  WHERE datname = current_database() AND wait_event_type = 'Lock' AND state = 'active' AND query ILIKE '%from "customers" as "c"%'`.execute(ctx.db.db)).rows[0]!.n);

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 25));
}

describe('customer search', () => {
  it('ends with 422 query-timeout past the statement timeout', async () => {
    const short = await createTestContext({ env: { INTERACTIVE_QUERY_TIMEOUT_MS: '300' } });
    try {
      const u = await createUser(short.services, short.app, { role: 'operator' });
      await locked(short.db.url, async () => {
        const res = await short.app.inject({ method: 'GET', url: '/api/customers?q=smith', headers: authHeader(u) });
        expect(res.statusCode, res.body).toBe(422);
        expect(res.json().error.code).toBe('query-timeout');
      });
    } finally {
      await short.close();
    }
  });

  it('is cancelled in PostgreSQL when the HTTP client goes away', async () => {
    const { port } = new URL(await ctx.app.listen({ port: 0, host: '127.0.0.1' }));
    await locked(ctx.db.url, async () => {
      const req = http.request({ host: '127.0.0.1', port, method: 'GET', path: '/api/customers?q=smith', headers: authHeader(operator) });
      req.on('error', () => {});
      req.end();
      await until(async () => (await waitingSearches()) === 2); // the page and the count
      req.destroy();
      await until(async () => (await waitingSearches()) === 0);
      expect(await waitingSearches()).toBe(0); // the lock is still held: cancelled, not finished
    });
  });
});
