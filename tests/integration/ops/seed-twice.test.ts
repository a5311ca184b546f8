import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../server/db/seed';
import { createTestDb, type TestDb } from '../../support/test-db';

// Issue #20.7: Reminders listed 69 duplicated seed rows. `npm run seed` and `npm run demo` both seed, and a demo is
// often started on a database seeded before: seeding again must add nothing (tasks, i.e. reminders and callbacks,
// above all). It guards bulkCustomers' early return (server/db/seed.ts), which alone keeps tasks from doubling.
describe('seeding twice', () => {
  let db: TestDb;
  beforeAll(async () => { db = await createTestDb(); });
  afterAll(async () => { await db?.drop(); });

  const counts = async () => {
    const n = async (table: 'tasks' | 'customers' | 'interactions' | 'users' | 'cases') =>
      Number((await db.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    return { tasks: await n('tasks'), customers: await n('customers'), interactions: await n('interactions'), users: await n('users'), cases: await n('cases') };
  };

  it('adds no reminder, callback or customer the second time', async () => {
    await seedDemo(db.db, { customers: 60 });
    const first = await counts();
    expect(first.tasks).toBeGreaterThan(0);
    const dupes = await db.db.selectFrom('tasks').select(['customer_id', 'kind']).groupBy(['customer_id', 'kind', 'due_at'])
      .having((eb) => eb.fn.countAll(), '>', 1).execute();
    expect(dupes).toEqual([]);
    await seedDemo(db.db, { customers: 60 });
    expect(await counts()).toEqual(first);
  });
});
