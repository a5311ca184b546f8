import postgres from 'postgres';
import { migrate } from '../../server/db/migrator';
import { benchDatabaseName, customersSpec, markComplete, openBenchDatabase } from './bench-databases';

export interface BenchSize { customers: number; interactions: number }

/** The phone number bench customer g owns (valid NANP numbers; customer g also shares g+1's number when g % 1000 = 1). */
export function benchPhone(g: number): string {
  return `+1415${String(2_000_000 + g)}`;
}

/** The customers with the most interactions (the low ids: see the skew in `load`), for benches that want them. */
export function heavyCustomer(rank: number): number {
  return 1 + rank;
}

const BIG_TABLES = ['customers', 'customer_phones', 'interactions', 'cases', 'case_updates', 'purchases', 'tasks'];

// Creates (or reuses, when its marker says it is complete) a database full of customers, generated set-based with
// generate_series: triggers (FK checks, running totals) off and secondary indexes dropped during the load, totals
// computed in one pass afterwards, indexes rebuilt, then ANALYZE. Named by size and shape (bench-databases.ts), so
// a run at one size never drops another size's database.
export async function ensureBenchDatabase(baseUrl: string, baseName: string, size: BenchSize, log: (m: string) => void, opts: { rebuild?: boolean } = {}): Promise<string> {
  const spec = customersSpec(size.customers, size.interactions);
  const name = benchDatabaseName(baseName, spec);
  const { url, build } = await openBenchDatabase(baseUrl, name, spec, { log, rebuild: opts.rebuild });
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
  try {
    // A reused database gets the migrations added since it was built: the server code under test expects them.
    await migrate(sql);
    if (build) await load(sql, size, log);
  } finally {
    await sql.end();
  }
  if (build) await markComplete(url);
  await prewarm(url, log);
  return url;
}

// The pop's tables and indexes read into the OS page cache, as on a server that has been taking calls for a while.
// Without it a reused database measures disk reads: this machine's page cache is reclaimed between runs (seen: bare
// query p50 1.2 ms warm, 4.9 ms after the cache was dropped). pg_prewarm ships with PostgreSQL's contrib; if it is
// missing the run goes on cold and says so.
async function prewarm(url: string, log: (m: string) => void): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const t0 = Date.now();
    await sql`CREATE EXTENSION IF NOT EXISTS pg_prewarm`;
    const [r] = await sql<{ blocks: string }[]>`
      SELECT coalesce(sum(pg_prewarm(c.oid, 'read')), 0) AS blocks FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')
        AND c.relname ~ '^(customers|customer_phones|interactions|cases|case_updates|purchases|products|tasks)'`;
    log(`prewarmed ${Math.round(Number(r!.blocks) * 8 / 1024)} MB into the page cache in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    log(`no prewarm (${(err as Error).message}): figures include cold reads`);
  } finally {
    await sql.end();
  }
}

async function step(log: (m: string) => void, label: string, run: () => Promise<unknown>): Promise<void> {
  const t0 = Date.now();
  await run();
  log(`${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** A pseudo-random number in [0, 1) from the integer column `g` (multiplicative hashing; `salt` picks the stream). */
function hash(g: string, salt: number): string {
  return `((((${g}::bigint + ${salt * 1_000_003}) * 2654435761::bigint) % 4294967296) / 4294967296.0)`;
}

/**
 * A customer id for row `g`, skewed like real books of business (issue #26 point 8): id x gets a share proportional
 * to 1/sqrt(x) (u squared), so with 1M customers and 10M interactions customer 1 has thousands, the first hundred
 * hundreds each, the median customer a handful and the last ones fewer than five; the heaviest are the low ids
 * (heavyCustomer). Before v2 every customer had exactly 10 interactions and 2 purchases.
 */
function skewed(g: string, salt: number, customers: number): string {
  return `LEAST(${customers}, 1 + floor(${customers} * power(${hash(g, salt)}, 2))::bigint)`;
}

async function load(sql: postgres.Sql, { customers: N, interactions: M }: BenchSize, log: (m: string) => void): Promise<void> {
  await sql.unsafe(`SET maintenance_work_mem = '512MB'; SET synchronous_commit = off; SET max_parallel_maintenance_workers = 2`);
  const indexes = await sql<{ name: string; def: string }[]>`
    SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename = ANY(${BIG_TABLES})
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)`;
  for (const ix of indexes) await sql.unsafe(`DROP INDEX ${ix.name}`);
  for (const t of BIG_TABLES) await sql.unsafe(`ALTER TABLE ${t} DISABLE TRIGGER ALL`);

  await sql.unsafe(`
    INSERT INTO users (username, display_name, password_hash, role, extension)
      SELECT 'bench-agent-' || g, 'Agent ' || g, 'x', 'operator', (7000 + g)::text FROM generate_series(1, 50) g;
    INSERT INTO lead_sources (code, name) SELECT 'src' || g, 'Source ' || g FROM generate_series(1, 20) g;
    INSERT INTO products (sku, name, kind, price)
      SELECT 'SKU-' || g, 'Product ' || g, CASE WHEN g % 3 = 0 THEN 'service' ELSE 'product' END, g * 10
      FROM generate_series(1, 100) g;`);
  const agents = `(SELECT min(id) FROM users WHERE username LIKE 'bench-agent-%')`;
  const src = `(SELECT min(id) FROM lead_sources)`;
  const prod = `(SELECT min(id) FROM products)`;

  await step(log, `customers (${N})`, () => sql.unsafe(`
    INSERT INTO customers (id, full_name, company, email, region, timezone, lead_source_id, acquired_at, birthday, tags, created_at, updated_at)
    OVERRIDING SYSTEM VALUE
    SELECT g, 'Customer ' || g, CASE WHEN g % 4 = 0 THEN 'Company ' || (g % 50000) END, 'c' || g || '@example.com',
           (ARRAY['north', 'south', 'east', 'west'])[1 + g % 4], 'UTC', ${src} + g % 20,
           now() - (g % 2000) * interval '1 day', date '1960-01-01' + (g % 15000),
           CASE WHEN g % 10 = 0 THEN ARRAY['vip'] ELSE '{}'::text[] END,
           now() - (g % 2000) * interval '1 day', now()
      FROM generate_series(1, ${N}) g;
    SELECT setval(pg_get_serial_sequence('customers', 'id'), ${N});`));
  // Phones: everyone has benchPhone(g); one in five a second number, one in thirty a third (other area codes, so
  // benchPhone(g) stays the caller's own); every thousandth shares the next customer's number (a household).
  await step(log, 'phones', () => sql.unsafe(`
    INSERT INTO customer_phones (customer_id, e164, kind, is_primary)
      SELECT g, '+1415' || (2000000 + g), 'mobile', true FROM generate_series(1, ${N}) g;
    INSERT INTO customer_phones (customer_id, e164, kind, is_primary)
      SELECT g, '+1628' || (2000000 + g), 'work', false FROM generate_series(1, ${N}) g WHERE ${hash('g', 11)} < 0.2;
    INSERT INTO customer_phones (customer_id, e164, kind, is_primary)
      SELECT g, '+1510' || (2000000 + g), 'home', false FROM generate_series(1, ${N}) g WHERE ${hash('g', 13)} < 0.033;
    INSERT INTO customer_phones (customer_id, e164, kind, is_primary)
      SELECT g, '+1415' || (2000000 + g + 1), 'work', false FROM generate_series(1, ${N} - 1) g WHERE g % 1000 = 1;`));
  await step(log, `interactions (${M})`, () => sql.unsafe(`
    INSERT INTO interactions (customer_id, channel, direction, occurred_at, user_id, subject, summary, outcome, mood, created_at)
    SELECT ${skewed('g', 7, N)},
           (ARRAY['call', 'email', 'sms', 'messenger', 'visit', 'note']::interaction_channel[])[1 + g % 6],
           CASE WHEN g % 3 = 0 THEN 'outbound' ELSE 'inbound' END,
           now() - ((g * 104729::bigint) % 1576800) * interval '1 minute',
           ${agents} + g % 50,
           'Subject ' || (g % 1000), 'Customer asked about order ' || g || ' and we agreed on the next step.',
           (ARRAY['resolved', 'callback', 'info', NULL])[1 + g % 4],
           (ARRAY['positive', 'neutral', 'negative', NULL])[1 + g % 4],
           now()
      FROM generate_series(1, ${M}) g;`));
  await step(log, 'cases, updates, purchases, tasks', () => sql.unsafe(`
    INSERT INTO cases (customer_id, kind, status, subject, agreed, owner_id, opened_at, updated_at)
    SELECT 1 + (g * 31::bigint) % ${N}, (ARRAY['complaint', 'service_request', 'information_request'])[1 + g % 3],
           (ARRAY['open', 'in_progress', 'waiting', 'resolved', 'closed'])[1 + g % 5], 'Case ' || g, 'Call back with an answer',
           ${agents} + g % 50, now() - (g % 400) * interval '1 day', now()
      FROM generate_series(1, ${Math.max(1, Math.floor(N / 3))}) g;
    INSERT INTO case_updates (case_id, at, user_id, note, status_from, status_to)
    SELECT k.id, k.opened_at + s * interval '1 hour', k.owner_id, 'Update ' || s, 'open', k.status
      FROM cases k CROSS JOIN generate_series(1, 2) s;
    INSERT INTO purchases (customer_id, product_id, amount, purchased_at, status)
    SELECT ${skewed('g', 5, N)}, ${prod} + g % 100, (g % 500) + 0.99, now() - (g % 1500) * interval '1 day',
           CASE WHEN g % 10 = 0 THEN 'cancelled' ELSE 'active' END
      FROM generate_series(1, ${2 * N}) g;
    INSERT INTO tasks (customer_id, assignee_id, kind, due_at, note, created_at)
    SELECT 1 + (g * 17::bigint) % ${N}, ${agents} + g % 50, CASE WHEN g % 2 = 0 THEN 'callback' ELSE 'follow_up' END,
           now() + (g % 30) * interval '1 day', 'Task ' || g, now()
      FROM generate_series(1, ${Math.max(1, Math.floor(N / 5))}) g;`));
  await step(log, 'running totals', () => sql.unsafe(`
    UPDATE customers c SET total_spend = t.spend, last_purchase_at = t.last
      FROM (SELECT customer_id, sum(amount) AS spend, max(purchased_at) AS last FROM purchases WHERE status <> 'cancelled' GROUP BY customer_id) t
     WHERE t.customer_id = c.id;
    UPDATE customers c SET last_contact_at = t.last
      FROM (SELECT customer_id, max(occurred_at) AS last FROM interactions GROUP BY customer_id) t
     WHERE t.customer_id = c.id;`));
  for (const t of BIG_TABLES) await sql.unsafe(`ALTER TABLE ${t} ENABLE TRIGGER ALL`);
  await step(log, `rebuild ${indexes.length} indexes`, async () => {
    // pg_indexes shows a partitioned table's index as `ON ONLY parent` (an invalid shell without its partitions' indexes).
    for (const ix of indexes) await sql.unsafe(ix.def.replace(/ ON ONLY /, ' ON '));
  });
  await step(log, 'vacuum analyze', () => sql.unsafe('VACUUM ANALYZE'));
}
