import { sql } from 'kysely';
import type { Database } from './database';
import { hashPassword } from '../auth/password';
import { newSipSecret, sipHa1 } from '../sip/sip-credentials';
import { seedReferenceData } from './seed-reference';
import { seedOffers } from './seed-offers';
import { defineSeedRandom, seedHistory } from './seed-history';

export const DEMO_PASSWORD = 'warmline';
export const DEMO_USERS = [
  { username: 'operator1', displayName: 'Olivia Operator', role: 'operator', extension: '1001' },
  { username: 'operator2', displayName: 'Oscar Operator', role: 'operator', extension: '1002' },
  { username: 'operator3', displayName: 'Ona Operator', role: 'operator', extension: '1003' },
  { username: 'operator4', displayName: 'Omar Operator', role: 'operator', extension: '1004' },
  { username: 'supervisor', displayName: 'Sam Supervisor', role: 'supervisor', extension: '1009' },
  { username: 'manager', displayName: 'Mia Campaign Manager', role: 'campaign_manager', extension: '1008' },
  { username: 'admin', displayName: 'Ada Admin', role: 'admin', extension: null },
] as const;

/**
 * Demo users. Each user with an extension gets SIP credentials of its own (a random secret nobody needs to know:
 * the browser softphone registers with the HA1 from /api/auth/sip; a desk phone gets a secret issued by an admin).
 */
export async function seedUsers(db: Database, sipRealm = 'warmline'): Promise<void> {
  // One hash per user (each with its own random salt): a shared hash told anyone who read one row every demo
  // user's password at once (issue #19 point 11).
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  await db.insertInto('users').values(DEMO_USERS.map((u, i) => ({
    username: u.username, display_name: u.displayName, role: u.role, extension: u.extension, password_hash: hashes[i]!,
    sip_realm: u.extension ? sipRealm : null,
    sip_ha1: u.extension ? sipHa1(u.extension, sipRealm, newSipSecret()) : null,
    sip_rotated_at: u.extension ? new Date() : null,
  }))).onConflict((oc) => oc.column('username').doNothing()).execute();
  await sql`INSERT INTO queue_members (queue_id, user_id)
    SELECT q.id, u.id FROM queues q CROSS JOIN users u
    WHERE u.role = 'operator' AND (q.name = 'support' OR u.extension IN ('1003', '1004'))
    ON CONFLICT DO NOTHING`.execute(db);
}

// A realistic customer base generated set-based in SQL (fast enough for millions of rows): names, companies,
// valid NANP phone numbers (some shared by two customers), lead sources with monthly spend, purchases of
// products and services, then a history that agrees with itself (server/db/seed-history.ts): cases with their
// updates, interactions on every channel, and each operator's callback list. Every date of a customer falls between
// "customer since" (acquired_at) and now; tests/integration/ops/seed-consistency.test.ts holds the rules.
export async function seedCustomers(db: Database, count: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Bulk load: the per-row maintenance triggers would update each customer once per purchase and
    // interaction; instead they are bypassed here and the totals recomputed set-based at the end.
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await defineSeedRandom(trx as unknown as Database);
    if (await bulkCustomers(trx as unknown as Database, count)) await seedHistory(trx as unknown as Database);
    await sql`SET LOCAL session_replication_role = origin`.execute(trx);
    await sql`UPDATE customers c SET total_spend = t.total, last_purchase_at = t.last
      FROM (SELECT customer_id, sum(amount) FILTER (WHERE status <> 'cancelled') total, max(purchased_at) FILTER (WHERE status <> 'cancelled') last
            FROM purchases GROUP BY customer_id) t WHERE t.customer_id = c.id`.execute(trx);
    await sql`UPDATE customers c SET last_contact_at = t.last
      FROM (SELECT customer_id, max(occurred_at) last FROM interactions GROUP BY customer_id) t WHERE t.customer_id = c.id`.execute(trx);
  });
  await sql`ANALYZE`.execute(db);
}

/** Returns false when the base was seeded before (seeding twice adds nothing: tests/integration/ops/seed-twice). */
async function bulkCustomers(db: Database, count: number): Promise<boolean> {
  const existing = await db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return false;
  await db.insertInto('lead_sources').values([
    { code: 'google_ads', name: 'Google Ads', channel: 'search' }, { code: 'facebook', name: 'Facebook', channel: 'social' },
    { code: 'referral', name: 'Referral', channel: 'word of mouth' }, { code: 'radio', name: 'Radio spots', channel: 'offline' },
    { code: 'website', name: 'Website (organic)', channel: 'organic' }, { code: 'billboard', name: 'Billboards', channel: 'offline' },
  ]).onConflict((oc) => oc.column('code').doNothing()).execute();
  await sql`INSERT INTO lead_source_costs (lead_source_id, month, amount)
    SELECT ls.id, date_trunc('month', now() - (m || ' months')::interval)::date,
      CASE ls.code WHEN 'google_ads' THEN 4200 WHEN 'facebook' THEN 2600 WHEN 'radio' THEN 5200 WHEN 'billboard' THEN 3900 ELSE 300 END
    FROM lead_sources ls CROSS JOIN generate_series(0, 11) m ON CONFLICT DO NOTHING`.execute(db);
  await db.insertInto('products').values([
    { sku: 'NET-100', name: 'Home Internet 100', kind: 'service', price: '29.00' },
    { sku: 'NET-500', name: 'Home Internet 500', kind: 'service', price: '49.00' },
    { sku: 'TV-BASIC', name: 'TV Basic', kind: 'service', price: '15.00' },
    { sku: 'TV-PREMIUM', name: 'TV Premium', kind: 'service', price: '35.00' },
    { sku: 'MOB-5G', name: 'Mobile 5G plan', kind: 'service', price: '25.00' },
    { sku: 'ROUTER-X', name: 'Wi-Fi 6 router', kind: 'product', price: '129.00' },
    { sku: 'CAM-KIT', name: 'Home camera kit', kind: 'product', price: '199.00' },
    { sku: 'SUPPORT-PLUS', name: 'Priority support', kind: 'service', price: '9.00' },
  ]).onConflict((oc) => oc.column('sku').doNothing()).execute();

  // Customer since: one in twenty joined in the last four weeks, the others over the last four years. A few VIPs
  // (about 3 %, long-standing customers), companies tagged business, some students.
  await sql`INSERT INTO customers (full_name, company, email, region, timezone, lead_source_id, acquired_at, birthday, tags, created_at)
    SELECT
      (ARRAY['Anna','Boris','Chen','Dilnoza','Erdene','Fatima','George','Hana','Ivan','Julia','Kiran','Layla','Maria','Nikhil','Oyuna','Putri','Rahul','Sofia','Tuya','Wayan'])[1 + (i * 7) % 20]
        || ' ' || (ARRAY['Smith','Ivanova','Wang','Karimova','Bat-Erdene','Khan','Brown','Sato','Petrov','Garcia','Sharma','Hassan','Silva','Gupta','Dorj','Santoso','Mehta','Rossi','Ganbold','Wijaya'])[1 + (i * 13) % 20],
      CASE WHEN i % 4 = 0 THEN (ARRAY['Acme LLC','Globex','Initech','Umbrella Corp','Stark Industries','Wayne Enterprises'])[1 + i % 6] END,
      'customer' || i || '@example.com',
      (ARRAY['US-NY','US-CA','US-TX','US-IL','US-FL','US-WA'])[1 + i % 6],
      (ARRAY['America/New_York','America/Los_Angeles','America/Chicago','America/Chicago','America/New_York','America/Los_Angeles'])[1 + i % 6],
      (ls.ids)[1 + i % cardinality(ls.ids)],
      since.at,
      date '1960-01-01' + ((i * 37) % 15000),
      CASE WHEN i % 37 = 5 THEN ARRAY['vip'] WHEN i % 4 = 0 THEN ARRAY['business'] WHEN i % 10 = 3 THEN ARRAY['student'] ELSE ARRAY[]::text[] END,
      since.at
    FROM generate_series(1, ${count}) i, (SELECT array_agg(id ORDER BY id) ids FROM lead_sources) ls,
      LATERAL (SELECT date_trunc('minute', now() - CASE
          WHEN i % 37 = 5 THEN interval '700 days' + pg_temp.seed_rnd(i, 1) * interval '760 days'
          WHEN i % 20 = 0 THEN interval '1 day' + pg_temp.seed_rnd(i, 1) * interval '27 days'
          ELSE interval '30 days' + pg_temp.seed_rnd(i, 1) * interval '1430 days' END) AS at) since`.execute(db);

  // +1 NANP numbers: valid area codes, exchange 200-999. Every 50th number is shared with the next customer.
  await sql`INSERT INTO customer_phones (customer_id, e164, kind, is_primary)
    SELECT c.id, '+1' || (ARRAY['212','312','415','617','646','718','202','305','404','512'])[1 + (c.id / 10000) % 10]
        || lpad((200 + (c.id % 800))::text, 3, '0') || lpad(((c.id / 800) % 10000)::text, 4, '0'), 'mobile', true
    FROM customers c`.execute(db);
  await sql`INSERT INTO customer_phones (customer_id, e164, kind, is_primary)
    SELECT c.id + 1, p.e164, 'home', false FROM customers c JOIN customer_phones p ON p.customer_id = c.id
    WHERE c.id % 50 = 0 AND EXISTS (SELECT 1 FROM customers c2 WHERE c2.id = c.id + 1) ON CONFLICT DO NOTHING`.execute(db);

  // Purchases between customer since and now; VIPs own more.
  await sql`INSERT INTO purchases (customer_id, product_id, amount, purchased_at, status)
    SELECT c.id, p.id, p.price * (1 + (c.id + k) % 3), c.acquired_at + (now() - c.acquired_at) * least(0.98, k * 0.2 * pg_temp.seed_rnd(c.id, 10 + k)),
      CASE WHEN (c.id + k) % 11 = 0 THEN 'cancelled' ELSE 'active' END
    FROM customers c CROSS JOIN generate_series(0, 4) k
    CROSS JOIN (SELECT array_agg(id ORDER BY id) ids FROM products) pr
    JOIN products p ON p.id = (pr.ids)[1 + (c.id + k * 3) % cardinality(pr.ids)]
    WHERE CASE WHEN 'vip' = ANY(c.tags) THEN true ELSE k < 3 AND (c.id + k) % 4 <> 0 END`.execute(db);
  return true;
}

export async function seedDemo(db: Database, options: { customers: number; sipRealm?: string }): Promise<void> {
  await seedReferenceData(db);
  await seedUsers(db, options.sipRealm);
  await seedCustomers(db, options.customers);
  await seedOffers(db);
}
