import { sql } from 'kysely';
import type { Database } from './database';
import { hashPassword } from '../auth/password';
import { newSipSecret, sipHa1 } from '../sip/sip-credentials';
import { seedReferenceData } from './seed-reference';
import { seedOffers } from './seed-offers';

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
// products and services, cases with history, interactions on every channel, and follow-up tasks.
export async function seedCustomers(db: Database, count: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Bulk load: the per-row maintenance triggers would update each customer once per purchase and
    // interaction; instead they are bypassed here and the totals recomputed set-based at the end.
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await bulkCustomers(trx as unknown as Database, count);
    await sql`SET LOCAL session_replication_role = origin`.execute(trx);
    await sql`UPDATE customers c SET total_spend = t.total, last_purchase_at = t.last
      FROM (SELECT customer_id, sum(amount) FILTER (WHERE status <> 'cancelled') total, max(purchased_at) FILTER (WHERE status <> 'cancelled') last
            FROM purchases GROUP BY customer_id) t WHERE t.customer_id = c.id`.execute(trx);
    await sql`UPDATE customers c SET last_contact_at = t.last
      FROM (SELECT customer_id, max(occurred_at) last FROM interactions GROUP BY customer_id) t WHERE t.customer_id = c.id`.execute(trx);
  });
  await sql`ANALYZE`.execute(db);
}

async function bulkCustomers(db: Database, count: number): Promise<void> {
  const existing = await db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return;
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

  await sql`INSERT INTO customers (full_name, company, email, region, timezone, lead_source_id, acquired_at, birthday, tags, created_at)
    SELECT
      (ARRAY['Anna','Boris','Chen','Dilnoza','Erdene','Fatima','George','Hana','Ivan','Julia','Kiran','Layla','Maria','Nikhil','Oyuna','Putri','Rahul','Sofia','Tuya','Wayan'])[1 + (i * 7) % 20]
        || ' ' || (ARRAY['Smith','Ivanova','Wang','Karimova','Bat-Erdene','Khan','Brown','Sato','Petrov','Garcia','Sharma','Hassan','Silva','Gupta','Dorj','Santoso','Mehta','Rossi','Ganbold','Wijaya'])[1 + (i * 13) % 20],
      CASE WHEN i % 4 = 0 THEN (ARRAY['Acme LLC','Globex','Initech','Umbrella Corp','Stark Industries','Wayne Enterprises'])[1 + i % 6] END,
      'customer' || i || '@example.com',
      (ARRAY['US-NY','US-CA','US-TX','US-IL','US-FL','US-WA'])[1 + i % 6],
      (ARRAY['America/New_York','America/Los_Angeles','America/Chicago','America/Chicago','America/New_York','America/Los_Angeles'])[1 + i % 6],
      (ls.ids)[1 + i % cardinality(ls.ids)],
      now() - ((i % 1000) || ' days')::interval,
      date '1960-01-01' + ((i * 37) % 15000),
      CASE i % 5 WHEN 0 THEN ARRAY['vip'] WHEN 1 THEN ARRAY['business'] WHEN 2 THEN ARRAY['student'] ELSE ARRAY[]::text[] END,
      now() - ((i % 1000) || ' days')::interval
    FROM generate_series(1, ${count}) i, (SELECT array_agg(id ORDER BY id) ids FROM lead_sources) ls`.execute(db);

  // +1 NANP numbers: valid area codes, exchange 200-999. Every 50th number is shared with the next customer.
  await sql`INSERT INTO customer_phones (customer_id, e164, kind, is_primary)
    SELECT c.id, '+1' || (ARRAY['212','312','415','617','646','718','202','305','404','512'])[1 + (c.id / 10000) % 10]
        || lpad((200 + (c.id % 800))::text, 3, '0') || lpad(((c.id / 800) % 10000)::text, 4, '0'), 'mobile', true
    FROM customers c`.execute(db);
  await sql`INSERT INTO customer_phones (customer_id, e164, kind, is_primary)
    SELECT c.id + 1, p.e164, 'home', false FROM customers c JOIN customer_phones p ON p.customer_id = c.id
    WHERE c.id % 50 = 0 AND EXISTS (SELECT 1 FROM customers c2 WHERE c2.id = c.id + 1) ON CONFLICT DO NOTHING`.execute(db);

  await sql`INSERT INTO purchases (customer_id, product_id, amount, purchased_at, status)
    SELECT c.id, p.id, p.price * (1 + (c.id + k) % 3), now() - (((c.id * 3 + k * 41) % 700) || ' days')::interval,
      CASE WHEN (c.id + k) % 11 = 0 THEN 'cancelled' ELSE 'active' END
    FROM customers c CROSS JOIN generate_series(0, 2) k
    CROSS JOIN (SELECT array_agg(id ORDER BY id) ids FROM products) pr
    JOIN products p ON p.id = (pr.ids)[1 + (c.id + k * 3) % cardinality(pr.ids)]
    WHERE (c.id + k) % 4 <> 0`.execute(db);

  await sql`INSERT INTO cases (customer_id, kind, status, subject, description, agreed, owner_id, opened_at, resolved_at)
    SELECT c.id, (ARRAY['complaint','service_request','information_request'])[1 + c.id % 3],
      CASE WHEN c.id % 9 < 4 THEN 'open' WHEN c.id % 9 < 5 THEN 'in_progress' ELSE 'resolved' END,
      (ARRAY['Internet drops in the evening','Move service to new address','Question about the invoice','TV channels missing','Router replacement','Tariff comparison'])[1 + c.id % 6],
      'Reported by phone.',
      (ARRAY['Technician visit on Friday','Credit of one month applied','Send detailed invoice by email','','Replacement router shipped',''])[1 + c.id % 6],
      (op.ids)[1 + c.id % cardinality(op.ids)],
      now() - ((c.id % 60) || ' days')::interval,
      CASE WHEN c.id % 9 >= 5 THEN now() - ((c.id % 30) || ' days')::interval END
    FROM customers c, (SELECT array_agg(id ORDER BY id) ids FROM users WHERE role = 'operator') op WHERE c.id % 3 = 0`.execute(db);
  await sql`INSERT INTO case_updates (case_id, at, user_id, note, status_from, status_to)
    SELECT id, opened_at, owner_id, 'opened', NULL, 'open' FROM cases`.execute(db);

  await sql`INSERT INTO interactions (customer_id, channel, direction, occurred_at, user_id, subject, summary, outcome, mood)
    SELECT c.id, (ARRAY['call','email','sms','messenger','visit','note','call','call']::interaction_channel[])[1 + (c.id + k) % 8],
      CASE WHEN (c.id + k) % 3 = 0 THEN 'outbound' ELSE 'inbound' END,
      now() - (((c.id * 7 + k * 53) % 400) || ' days')::interval - ((k * 97 % 1440) || ' minutes')::interval,
      (op.ids)[1 + (c.id + k) % cardinality(op.ids)],
      (ARRAY['Billing question','Speed complaint','Upgrade interest','Address change','Payment reminder','Thank-you note'])[1 + (c.id + k) % 6],
      (ARRAY['Explained the invoice lines.','Ran a line test, scheduled a visit.','Interested in a faster plan, call back next month.','Updated the address.','Reminded about the due payment.','Customer happy with the fix.'])[1 + (c.id + k) % 6],
      (ARRAY['Resolved','Case opened','Callback requested','Resolved','Information given','Resolved'])[1 + (c.id + k) % 6],
      (ARRAY['neutral','negative','positive','neutral','neutral','positive'])[1 + (c.id + k) % 6]
    FROM customers c CROSS JOIN generate_series(0, 4) k, (SELECT array_agg(id ORDER BY id) ids FROM users WHERE role = 'operator') op`.execute(db);

  await sql`INSERT INTO tasks (customer_id, assignee_id, kind, due_at, note, created_by)
    SELECT c.id, u.id, CASE WHEN c.id % 2 = 0 THEN 'callback' ELSE 'follow_up' END,
      now() + (((c.id % 72) - 24) || ' hours')::interval, 'Check that the issue is fixed', u.id
    FROM customers c, (SELECT array_agg(id ORDER BY id) ids FROM users WHERE role = 'operator') op
    JOIN users u ON true WHERE u.id = (op.ids)[1 + c.id % cardinality(op.ids)] AND c.id % 7 = 0`.execute(db);
  await sql`ANALYZE`.execute(db);
}

export async function seedDemo(db: Database, options: { customers: number; sipRealm?: string }): Promise<void> {
  await seedReferenceData(db);
  await seedUsers(db, options.sipRealm);
  await seedCustomers(db, options.customers);
  await seedOffers(db);
}
