import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startServer, type RunningServer } from '../../../server/main';
import { createTestDb, type TestDb } from '../../support/test-db';
import { testConfig } from '../../support/test-config';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { createCall } from '../../factories/call.factory';

// READ_DATABASE_URL: a node built by the real composition root (server/main.ts) must send report reads to the
// replica handle and everything else to the primary. The "replica" is a second real database holding different
// calls, so a report can only show the replica's figures if it really read there.
let primary: TestDb;
let replica: TestDb;
let sut: RunningServer;
let supervisor: TestUser;
const nodeId = `replica-${process.pid}`;

beforeAll(async () => {
  primary = await createTestDb();
  replica = await createTestDb();
  for (const start of ['2024-03-10T09:00:00Z', '2024-03-10T10:00:00Z', '2024-03-10T11:00:00Z']) await createCall(primary.db, { start });
  await createCall(replica.db, { start: '2024-03-10T09:30:00Z', waitSeconds: 12, talkSeconds: 90 });
  // A real replica receives the rollups the primary's folder wrote (migration 0014); this stand-in folds its own.
  await sql`SELECT report_fold_pending()`.execute(replica.db);
  sut = await startServer(testConfig({ READ_DATABASE_URL: replica.url, HOST: '127.0.0.1', PORT: '0', NODE_ID: nodeId, SERVICE_LEVEL_SECONDS: '45' }, primary.url));
  supervisor = await createUser(sut.services, sut.app, { role: 'supervisor' });
});

afterAll(async () => {
  await sut?.stop();
  await replica?.drop();
  await primary?.drop();
});

describe('reports read from the replica (READ_DATABASE_URL)', () => {
  it('the operational report shows the replica calls, not the primary ones', async () => {
    const res = await sut.app.inject({ method: 'GET', url: '/api/reports/operational?from=2024-03-10&to=2024-03-10&groupBy=queue&tz=UTC', headers: authHeader(supervisor) });
    expect(res.statusCode).toBe(200);
    expect(res.json().totals).toMatchObject({ offered: 1, answered: 1, asa: 12 });
  });

  it('the read pool is connected to the replica database under its own application_name', async () => {
    const rows = await sql<{ datname: string }>`SELECT DISTINCT datname FROM pg_stat_activity WHERE application_name = ${`warmline-read-${nodeId}`}`.execute(primary.db);
    expect(rows.rows.map((r) => r.datname)).toEqual([new URL(replica.url).pathname.slice(1)]);
    expect(sut.services.readDbHandle).not.toBe(sut.services.dbHandle);
  });

  it('writes stay on the primary: users, and the service-level setting the reports service syncs', async () => {
    const level = async (db: TestDb) => (await sql<{ s: number }>`SELECT default_service_level_seconds AS s FROM report_settings`.execute(db.db)).rows[0]?.s;
    expect(await level(primary)).toBe(45);
    expect(await level(replica)).not.toBe(45);
    const onReplica = await replica.db.selectFrom('users').select('id').where('username', '=', supervisor.username).executeTakeFirst();
    const onPrimary = await primary.db.selectFrom('users').select('id').where('username', '=', supervisor.username).executeTakeFirst();
    expect(onPrimary).toBeDefined();
    expect(onReplica).toBeUndefined();
  });
});
