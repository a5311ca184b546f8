import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../support/test-db';
import { createTestContext, type TestContext } from '../../support/test-app';
import { cuttableProxyFor, type CuttableProxy } from '../../support/cuttable-proxy';
import { createDb, type DbHandle } from '../../../server/db/database';

// Liveness and readiness split (issue #26 point 11). The app reads PostgreSQL through a proxy this test cuts.
// Mutation caught: /health/live checking the database (it would answer 503 here, and an orchestrator would restart
// every node during an outage the server rides out); /health/ready not checking it (200 here).

let testDb: TestDb, proxy: CuttableProxy, proxied: DbHandle, ctx: TestContext;

beforeAll(async () => {
  testDb = await createTestDb();
  proxy = await cuttableProxyFor(testDb.url);
  proxied = createDb(proxy.urlFor(testDb.url), { max: 2, applicationName: 'warmline-health-probes' });
  ctx = await createTestContext({ deps: { db: proxied } });
});
afterAll(async () => {
  await ctx?.close();
  await proxied?.sql.end({ timeout: 1 }).catch(() => undefined);
  await proxy?.close();
  await testDb?.drop();
});

describe('health probes', () => {
  it('with the database up: live, ready and /health all answer 200', async () => {
    const live = await ctx.app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toMatchObject({ status: 'up' });
    for (const url of ['/health/ready', '/health']) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.json(), url).toMatchObject({ status: 'ok', db: { status: 'up' }, redis: { status: 'up' } });
    }
  });

  it('with every pool connection busy (a backlog draining after an outage): still ready, the database answers', async () => {
    // Both connections of the app's pool (max 2) held for 4 s: a readiness query through the pool would wait past
    // its 2 s bound and report the database down while it is only busy (db-outage.test.ts flaked on exactly that).
    const held = [proxied.sql`SELECT pg_sleep(4)`.execute(), proxied.sql`SELECT pg_sleep(4)`.execute()];
    await new Promise((r) => setTimeout(r, 300));
    try {
      const res = await ctx.app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', db: { status: 'up' } });
    } finally {
      await Promise.all(held);
    }
  });

  it('with the database unreachable: still live (200), not ready (503), /health as ready', async () => {
    proxy.down();
    try {
      expect((await ctx.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
      for (const url of ['/health/ready', '/health']) {
        const res = await ctx.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(503);
        expect(res.json(), url).toMatchObject({ status: 'down', db: { status: 'down' } });
      }
    } finally {
      proxy.up();
    }
  });
});
