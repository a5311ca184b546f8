import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import type { CustomerImportView } from '@contract/customer-imports.schemas';

// Issue #21: a 100,000-row customer file through the background import over a real socket (as the console sends
// it), with /health asked all along: it must keep answering while the file is checked and imported (whether it
// answers, not how fast: two shared cores). Then a database error half-way through an import: nothing of the
// file may stay. The first upload over a real socket also guards a defect found here: the input guard walked the
// streamed request object (cycles) and answered 500 to every browser upload; inject() never showed it.
let ctx: TestContext;
let admin: TestUser;
let url: string;
// 20,000 rows in the suite (CI has 15 minutes); IMPORT_LARGE_ROWS=100000 runs the full size the issue names
// (docs/PERFORMANCE.md has that run's figures).
const ROWS = Number(process.env.IMPORT_LARGE_ROWS ?? 20_000);

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.services.customerImports.start();
  admin = await createUser(ctx.services, ctx.app, { role: 'admin', extension: null });
  url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => { await ctx?.close(); });

const csvOf = (n: number, tag: string) => ['full_name,email,phones', ...Array.from({ length: n }, (_, i) =>
  `${tag} ${i},${tag.toLowerCase()}${i}@example.com,+1${String(2000000000 + i)}`)].join('\n');
const view = async (id: number) => (await fetch(`${url}/api/customer-imports/${id}`, { headers: authHeader(admin) })).json() as Promise<CustomerImportView>;
const countOf = async (tag: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM customers WHERE full_name LIKE ${`${tag} %`}`.execute(ctx.db.db)).rows[0]!.n);

/** Polls the import until it reaches one of `states`, asking /health between polls; counts /health answers per status seen. */
async function watch(id: number, states: string[]) {
  const healthDuring: Record<string, number> = {};
  for (;;) {
    const before = (await view(id)).status;
    const health = await fetch(`${url}/health`);
    if (health.status === 200) healthDuring[before] = (healthDuring[before] ?? 0) + 1;
    const v = await view(id);
    if (states.includes(v.status)) return { view: v, healthDuring };
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('customer import at 100,000 rows', () => {
  it('checks and imports the file over a real socket while /health keeps answering', async () => {
    const body = csvOf(ROWS, 'Bulk');
    const res = await fetch(`${url}/api/customer-imports?name=bulk.csv`, { method: 'POST', headers: { ...authHeader(admin), 'content-type': 'text/csv' }, body });
    expect(res.status, await res.clone().text()).toBe(202);
    const { id } = await res.json() as CustomerImportView;

    const checked = await watch(id, ['checked', 'rejected', 'failed']);
    expect(checked.view).toMatchObject({ status: 'checked', rowsTotal: ROWS, rowsValid: ROWS, rowsInvalid: 0 });
    expect(checked.healthDuring.checking ?? 0, JSON.stringify(checked.healthDuring)).toBeGreaterThan(0);

    const start = await fetch(`${url}/api/customer-imports/${id}/import`, { method: 'POST', headers: { ...authHeader(admin), 'content-type': 'application/json' }, body: '{}' });
    expect(start.status).toBe(202);
    const imported = await watch(id, ['imported', 'failed']);
    expect(imported.view).toMatchObject({ status: 'imported', rowsImported: ROWS });
    expect(imported.healthDuring.importing ?? 0, JSON.stringify(imported.healthDuring)).toBeGreaterThan(0);
    expect(await countOf('Bulk')).toBe(ROWS);
  }, 900_000);

  it('leaves nothing of the file when the database fails half-way through the import', async () => {
    const n = 5_000;
    const res = await fetch(`${url}/api/customer-imports?name=half.csv`, { method: 'POST', headers: { ...authHeader(admin), 'content-type': 'text/csv' }, body: csvOf(n, 'Half') });
    expect(res.status, await res.clone().text()).toBe(202);
    const { id } = await res.json() as CustomerImportView;
    expect((await watch(id, ['checked', 'rejected', 'failed'])).view).toMatchObject({ status: 'checked', rowsValid: n });
    // A real error from PostgreSQL on row 4,000 (after several batches of 500 have gone in), not a stub.
    await sql`CREATE FUNCTION fail_half_import() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.full_name = 'Half 4000' THEN RAISE EXCEPTION 'disk full (simulated)'; END IF; RETURN NEW; END $$`.execute(ctx.db.db);
    await sql`CREATE TRIGGER fail_half_import BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION fail_half_import()`.execute(ctx.db.db);
    try {
      await fetch(`${url}/api/customer-imports/${id}/import`, { method: 'POST', headers: { ...authHeader(admin), 'content-type': 'application/json' }, body: '{}' });
      const failed = await watch(id, ['imported', 'failed']);
      expect(failed.view.status).toBe('failed');
      expect(await countOf('Half')).toBe(0);
    } finally {
      await sql`DROP TRIGGER fail_half_import ON customers`.execute(ctx.db.db);
      await sql`DROP FUNCTION fail_half_import()`.execute(ctx.db.db);
    }
  }, 300_000);
});
