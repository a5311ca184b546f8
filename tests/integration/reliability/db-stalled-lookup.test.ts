import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../support/test-db';
import { cuttableProxyFor, type CuttableProxy } from '../../support/cuttable-proxy';
import { until } from '../../support/full-stack';
import { inboundAnsweredCall } from '../../factories/pbx-event.factory';
import { createDb, type DbHandle } from '../../../server/db/database';
import { CallsService } from '../../../server/calls/calls.service';
import { CallsRepository } from '../../../server/calls/calls.repository';
import { AuthRepository } from '../../../server/auth/auth.repository';
import { EventBus } from '../../../server/events/event-bus';
import { fixedLocaleDefaults } from '../../../server/settings/locale-defaults';

// A query that never settles must not become the shared answer for ever. The calls service asks "which user has
// extension X" once for all the calls ringing X at the same moment; when that one query hung (postgres.js leaves a
// query pending for ever when its connection dies while connecting, upstream #1130, which db-outage.test.ts ran into
// under load), every retry of every call ringing X waited on the same hung promise again, and the calls stayed
// unrecorded until the 120 s retry budget ran out (backlog stuck, db-outage's drain timed out).
// Here the lookups' pool has one connection, frozen by the proxy (a black hole: nothing answered, nothing closed), so
// the first lookup hangs for ever; new connections pass. Mutation caught: the shared lookup without its bound
// (calls.service.ts userIdFor) -> the call is still not recorded after 40 s.

let testDb: TestDb, proxy: CuttableProxy, lookups: DbHandle, sut: CallsService;
let agentId: number;

beforeAll(async () => {
  testDb = await createTestDb();
  agentId = Number((await testDb.db.insertInto('users').values({
    username: 'stalled-1002', display_name: 'Stalled lookup', password_hash: 'x', role: 'operator', extension: '1002',
  }).returning('id').executeTakeFirstOrThrow()).id);
  proxy = await cuttableProxyFor(testDb.url);
  lookups = createDb(proxy.urlFor(testDb.url), { max: 4, applicationName: 'warmline-stalled-lookup' });
  await lookups.sql`SELECT 1`; // one open, idle connection: the next query goes to it
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  sut = new CallsService(new CallsRepository(testDb.db), new AuthRepository(lookups.db), new EventBus(log), log, fixedLocaleDefaults('US', 'UTC'));
});
afterAll(async () => {
  await proxy?.close();
  await lookups?.close().catch(() => undefined);
  await testDb?.drop();
});

describe('an extension lookup that never settles', () => {
  it('is asked again, and the call is recorded with its agent', async () => {
    expect(proxy.freeze()).toBeGreaterThanOrEqual(1);
    const { linkedid, events } = inboundAnsweredCall({ extension: '1002', waitS: 1, talkS: 3 });
    for (const e of events) sut.ingest(e);
    const recorded = await until(async () => {
      const row = await testDb.db.selectFrom('calls').select(['status', 'agent_user_id']).where('linkedid', '=', linkedid).executeTakeFirst();
      return row?.status === 'ended' ? row : undefined;
    }, 40_000, 'the call recorded once the hung lookup is given up');
    expect(recorded).toEqual({ status: 'ended', agent_user_id: agentId });
    await sut.drain(); // the call's trailing events (recording, leg ends) are applied too: nothing left waiting on the hung lookup
    expect(sut.backlog).toBe(0);
  }, 60_000);
});
