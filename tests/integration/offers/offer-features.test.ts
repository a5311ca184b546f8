import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../support/test-db';
import { OffersRepository } from '../../../server/offers/offers.repository';

// The features the offer models read (server/offers/offer-features.sql.ts), each from its source, on a real database:
// the SQL was rewritten set-based for rescoring at 1 M customers (bench/offers-rescore.bench.ts), and this pins what
// it must still say. Mutations caught: a cancelled purchase counted as owned; an old or another kind of case counted
// as a recent complaint; a resolved complaint counted as open; the first mood taken instead of the last; a deleted
// customer returned; one customer's parts attached to another in the batch.
let testDb: TestDb;
let sut: OffersRepository;
const ids: Record<string, number> = {};
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);

beforeAll(async () => {
  testDb = await createTestDb();
  sut = new OffersRepository(testDb.db);
  const db = testDb.db;
  const lead = await db.insertInto('lead_sources').values({ code: 'radio', name: 'Radio' }).returning('id').executeTakeFirstOrThrow();
  const [router, tv] = await db.insertInto('products').values([
    { sku: 'RT-1', name: 'Router', kind: 'product', price: '50.00' },
    { sku: 'TV-9', name: 'TV', kind: 'service', price: '20.00' },
  ]).returning('id').execute();
  const customer = async (name: string, extra: Record<string, unknown> = {}) =>
    Number((await db.insertInto('customers').values({ full_name: name, ...extra } as never).returning('id').executeTakeFirstOrThrow()).id);
  ids.rich = await customer('Rich', { region: 'north', tags: ['vip', 'early'], lead_source_id: lead.id, acquired_at: daysAgo(730) });
  ids.bare = await customer('Bare', { acquired_at: daysAgo(10), do_not_call: true });
  ids.gone = await customer('Gone', { deleted_at: new Date() });
  await db.insertInto('purchases').values([
    { customer_id: ids.rich, product_id: router!.id, amount: '99.00', status: 'active' },
    { customer_id: ids.rich, product_id: tv!.id, amount: '30.00', status: 'cancelled' },
    { customer_id: ids.bare, product_id: tv!.id, amount: '5.00', status: 'expired' },
  ] as never).execute();
  await db.insertInto('cases').values([
    { customer_id: ids.rich, kind: 'complaint', subject: 'recent, open', status: 'open', opened_at: daysAgo(5) },
    { customer_id: ids.rich, kind: 'complaint', subject: 'recent, resolved', status: 'resolved', opened_at: daysAgo(20) },
    { customer_id: ids.rich, kind: 'complaint', subject: 'old', status: 'closed', opened_at: daysAgo(200) },
    { customer_id: ids.rich, kind: 'service_request', subject: 'not a complaint', status: 'open', opened_at: daysAgo(3) },
    { customer_id: ids.bare, kind: 'complaint', subject: 'old, resolved', status: 'resolved', opened_at: daysAgo(400) },
  ] as never).execute();
  await db.insertInto('interactions').values([
    { customer_id: ids.rich, channel: 'call', occurred_at: daysAgo(40), mood: 'negative' },
    { customer_id: ids.rich, channel: 'call', occurred_at: daysAgo(2), mood: 'positive' },
    { customer_id: ids.rich, channel: 'email', occurred_at: daysAgo(1), mood: null },
    { customer_id: ids.bare, channel: 'call', occurred_at: daysAgo(1), mood: null },
  ] as never).execute();
});
afterAll(async () => testDb?.drop());

describe('offer features, read for a batch of customers', () => {
  it('says what each customer owns, where they come from, their complaints and their last mood', async () => {
    const all = await sut.features([ids.rich!, ids.bare!, ids.gone!, 987654321]);
    expect([...all.keys()].sort()).toEqual([ids.rich, ids.bare].sort());
    const spend = async (id: number) => Number((await testDb.db.selectFrom('customers').select('total_spend').where('id', '=', id).executeTakeFirstOrThrow()).total_spend);
    const rich = all.get(ids.rich!)!;
    expect(rich.features).toEqual({
      spend: Number(Math.log(1 + await spend(ids.rich!)).toFixed(4)),
      tenure_years: expect.closeTo(2, 1),
      complaints_recent: 2,
      'owns:RT-1': 1,
      'region:north': 1,
      'lead:radio': 1,
      'tag:vip': 1,
      'tag:early': 1,
      'mood:positive': 1,
    });
    expect({ doNotCall: rich.doNotCall, openComplaint: rich.openComplaint }).toEqual({ doNotCall: false, openComplaint: true });
    const bare = all.get(ids.bare!)!;
    expect(bare.features).toEqual({ spend: Number(Math.log(1 + await spend(ids.bare!)).toFixed(4)), tenure_years: expect.closeTo(0.03, 1), complaints_recent: 0 });
    expect({ doNotCall: bare.doNotCall, openComplaint: bare.openComplaint }).toEqual({ doNotCall: true, openComplaint: false });
  });

  it('gives a customer alone the same features as in a batch', async () => {
    const alone = await sut.features([ids.rich!]);
    const batch = await sut.features([ids.bare!, ids.rich!]);
    expect(alone.get(ids.rich!)).toEqual(batch.get(ids.rich!));
  });
});
