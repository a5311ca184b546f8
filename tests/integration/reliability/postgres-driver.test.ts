import net from 'node:net';
import { once } from 'node:events';
import postgres from 'postgres';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../support/test-db';
import { cuttableProxyFor, type CuttableProxy } from '../../support/cuttable-proxy';
import { createDb } from '../../../server/db/database';
import { isTransientDbError } from '../../../server/calls/keyed-serial-queue';

// postgres.js 3.4.9 as patched by patches/postgres+3.4.9.patch (docs/RELIABILITY.md, section 3):
// a connection lost at the wrong moment ended the process or poisoned the pool. Each case here failed before.

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let testDb: TestDb, proxy: CuttableProxy;
beforeAll(async () => {
  testDb = await createTestDb();
  proxy = await cuttableProxyFor(testDb.url);
});
afterAll(async () => {
  await proxy?.close();
  await testDb?.drop();
});

function errorOf(p: Promise<unknown>): Promise<{ code?: string; transient: boolean } | null> {
  return p.then(() => null, (e: unknown) => ({ code: (e as { code?: string }).code, transient: isTransientDbError(e) }));
}

describe('postgres.js when the database connection is lost', () => {
  it('fails the next query of a reserved connection whose socket closed, and the pool works on', async () => {
    const pg = postgres(proxy.urlFor(testDb.url), { max: 2, onnotice: () => {} });
    try {
      const reserved = await pg.reserve();
      expect(await reserved`SELECT 1 AS x`).toEqual([{ x: 1 }]);
      await proxy.blip(100);
      // Before the patch: TypeError on a null socket, thrown from a setImmediate (uncaught: the process ends).
      expect(await errorOf(reserved`SELECT 2 AS x`)).toEqual({ code: 'CONNECTION_CLOSED', transient: true });
      reserved.release();
      // Before the patch release() put the dead connection back in the open queue, and the pool handed it out again.
      const rows = await Promise.all([1, 2, 3, 4].map((n) => pg`SELECT ${n}::int AS x`));
      expect(rows.map((r) => r[0]!.x)).toEqual([1, 2, 3, 4]);
    } finally {
      await pg.end({ timeout: 1 });
    }
  });

  it('fails the queries queued behind a reserved connection when its socket closes, instead of leaving them pending', async () => {
    const pg = postgres(proxy.urlFor(testDb.url), { max: 2, onnotice: () => {} });
    try {
      const reserved = await pg.reserve();
      // A first query with a parameter is described first: the connection takes no other query until it answers,
      // so the second one waits in the reservation's own queue.
      const running = errorOf(reserved`SELECT pg_sleep(1), ${1}::int AS x`);
      const queued = errorOf(reserved`SELECT 2 AS x`);
      await pause(100);
      await proxy.blip(100);
      expect(await running).toMatchObject({ transient: true });
      // Before the patch this one never settled.
      expect(await Promise.race([queued, pause(3000).then(() => 'still pending')])).toEqual({ code: 'CONNECTION_CLOSED', transient: true });
      reserved.release();
      expect(await pg`SELECT 3 AS x`).toEqual([{ x: 3 }]);
    } finally {
      await pg.end({ timeout: 1 });
    }
  });

  it('rolls back a Kysely transaction whose connection is cut between two statements, without a crash', async () => {
    await sql`CREATE TABLE IF NOT EXISTS driver_probe (n int)`.execute(testDb.db);
    const handle = createDb(proxy.urlFor(testDb.url), { max: 2, applicationName: 'warmline-driver-test' });
    try {
      // Kysely's postgres.js dialect reserves a connection for every query and for a whole transaction.
      const failed = errorOf(handle.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO driver_probe VALUES (1)`.execute(trx);
        await proxy.blip(100);
        await sql`INSERT INTO driver_probe VALUES (2)`.execute(trx);
      }));
      expect(await failed).toMatchObject({ transient: true });
      expect((await sql<{ n: number }>`SELECT n FROM driver_probe`.execute(testDb.db)).rows).toEqual([]);
      // The pool serves every later query, on each of its connections.
      for (let i = 0; i < 4; i++) {
        expect((await sql<{ x: number }>`SELECT ${i}::int AS x`.execute(handle.db)).rows).toEqual([{ x: i }]);
      }
      await handle.db.insertInto('driver_probe' as never).values({ n: 3 } as never).execute();
      expect((await sql<{ n: number }>`SELECT n FROM driver_probe`.execute(testDb.db)).rows).toEqual([{ n: 3 }]);
    } finally {
      await handle.close();
    }
  });

  it('writes the startup message of the next socket when the last one closed with a write still buffered', async () => {
    const real = new URL(testDb.url);
    let current: net.Socket | undefined;
    const pg = postgres(testDb.url, {
      max: 1,
      connect_timeout: 3,
      onnotice: () => {},
      // postgres.js's `socket` option (a connected socket per connection; missing from its type definitions).
      ...{
        socket: async () => {
          const s = net.connect(Number(real.port || 5432), real.hostname);
          await once(s, 'connect');
          current = s;
          return s;
        },
      } as object,
      // Called as a query is built, just before its bytes are buffered for the next turn of the event loop. The
      // socket then closes before that turn, as when the server's last bytes and its FIN are read in one poll: the
      // close event is delivered in the same turn (emitted here, after the socket is destroyed, since a real one
      // would come a turn too late to reproduce it every time).
      debug: (_connection: number, query: string) => {
        const s = current;
        if (!query.includes('doomed') || !s) return;
        queueMicrotask(() => { s.destroy(); s.emit('close', false); });
      },
    });
    try {
      expect(await pg`SELECT 1 AS x`).toEqual([{ x: 1 }]);
      expect(await errorOf(pg`SELECT 2 AS doomed`)).toEqual({ code: 'CONNECTION_CLOSED', transient: true });
      // Before the patch the stale write timer kept the new socket's startup message unsent: CONNECT_TIMEOUT.
      expect(await pg`SELECT 3 AS x`).toEqual([{ x: 3 }]);
    } finally {
      await pg.end({ timeout: 1 });
    }
  });
});
