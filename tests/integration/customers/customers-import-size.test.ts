import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { BATCH_ROWS } from '../../../server/imports/import-pass';

// The CSV import at a real size (issue #26 point 3): 4,500 rows, so several batches of the pass's BATCH_ROWS, and a
// database failure in a later batch. Statement-level triggers installed by this test on its own database record
// which transaction each batch's INSERT ran in, and make one chosen row fail, as a constraint or a lost connection
// would. Mutations caught: a batch inserted outside the surrounding transaction (repo instead of the transaction's
// repo in the import job's writer: the batches get different transaction ids, and the rows of the batches before the failure
// stay); the transaction dropped altogether (same); rows split in batches no more (one INSERT: fewer than 9).

const ROWS = 4500;
let ctx: TestContext;
let manager: TestUser;

beforeAll(async () => {
  ctx = await createTestContext({ env: { DEFAULT_REGION: 'US' } });
  manager = await createUser(ctx.services, ctx.app, { role: 'campaign_manager' });
  await sql`CREATE TABLE import_batches (txid bigint NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`.execute(ctx.db.db);
  await sql`CREATE FUNCTION note_batch() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO import_batches (txid) VALUES (txid_current()); RETURN NULL; END $$`.execute(ctx.db.db);
  await sql`CREATE TRIGGER note_batch AFTER INSERT ON customers FOR EACH STATEMENT EXECUTE FUNCTION note_batch()`.execute(ctx.db.db);
  await sql`CREATE FUNCTION fail_on_marker() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.full_name = 'Fails In The Database' THEN RAISE EXCEPTION 'injected failure in a later batch'; END IF; RETURN NEW; END $$`.execute(ctx.db.db);
  await sql`CREATE TRIGGER fail_on_marker BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION fail_on_marker()`.execute(ctx.db.db);
});
afterAll(async () => { await ctx?.close(); });

function csv(rows: number, failAt?: number): string {
  const lines = ['full_name,company,email,phones,tags'];
  for (let i = 1; i <= rows; i++) {
    const name = i === failAt ? 'Fails In The Database' : `Bulk Customer ${i}`;
    lines.push(`${name},Company ${i % 97},bulk${i}@example.com,+1 415 ${String(3000000 + i).replace(/(\d{3})(\d{4})/, '$1 $2')},bulk;t${i % 5}`);
  }
  return lines.join('\n') + '\n';
}
const importCsv = (body: string) => ctx.app.inject({ method: 'POST', url: '/api/customers/import', headers: { ...authHeader(manager), 'content-type': 'text/csv' }, payload: body });
const count = async (table: 'customers' | 'customer_phones' | 'import_batches') =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(ctx.db.db)).rows[0]!.n);

describe('CSV import at a real size', () => {
  it('a database failure in batch 4 of 5 leaves nothing: no customer, no phone, from any batch', async () => {
    const before = { customers: await count('customers'), phones: await count('customer_phones') };
    const res = await importCsv(csv(ROWS, 3700));
    expect(res.statusCode).toBe(500);
    expect(res.json().error.message).not.toMatch(/injected/); // 5xx internals stay hidden
    expect({ customers: await count('customers'), phones: await count('customer_phones') }).toEqual(before);
    // The batches before the failing one ran (and were rolled back with it): their notes are gone too.
    expect(await count('import_batches')).toBe(0);
  });

  it('4,500 rows import in several batches, all inside one transaction', async () => {
    const res = await importCsv(csv(ROWS));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ dryRun: false, rows: ROWS, imported: ROWS, importId: expect.any(Number) });
    expect(await count('customers')).toBe(ROWS);
    expect(await count('customer_phones')).toBe(ROWS);
    const batches = (await sql<{ txid: string }>`SELECT txid::text FROM import_batches ORDER BY at`.execute(ctx.db.db)).rows;
    expect(batches.length).toBe(Math.ceil(ROWS / BATCH_ROWS));
    expect(new Set(batches.map((b) => b.txid)).size).toBe(1);
    const last = await ctx.db.db.selectFrom('customers as c').innerJoin('customer_phones as p', 'p.customer_id', 'c.id')
      .select(['c.full_name', 'c.email', 'p.e164']).where('c.full_name', '=', `Bulk Customer ${ROWS}`).executeTakeFirstOrThrow();
    expect(last).toEqual({ full_name: `Bulk Customer ${ROWS}`, email: `bulk${ROWS}@example.com`, e164: `+1415${3000000 + ROWS}` });
  });
});
