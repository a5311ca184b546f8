import { sql } from 'kysely';
import type { Database } from './database';

// The demo's history (issue #22.7), set-based and deterministic: what a person reads on a customer's page must
// agree with itself. A case has the call that opened it ("Case opened", on the case) and its updates; a resolved
// case has the call that closed it and a "resolved" update at its resolved time; open cases are of every age, from
// this morning to two months; a callback on an agent's list comes from a call where the customer asked for it.
// Every date lies between the customer's "customer since" and now. The rules are queries in
// tests/integration/ops/seed-consistency.test.ts.

/** pg_temp.seed_rnd(n, salt): a number in [0, 1) fixed by its arguments, so every run seeds the same demo. */
export async function defineSeedRandom(db: Database): Promise<void> {
  await sql`CREATE OR REPLACE FUNCTION pg_temp.seed_rnd(n bigint, salt integer) RETURNS float8 LANGUAGE sql IMMUTABLE
    AS $$ SELECT (abs(hashint8(n * 1000003 + salt)::bigint) % 1000000)::float8 / 1000000 $$`.execute(db);
}

export async function seedHistory(db: Database): Promise<void> {
  await seedCases(db);
  await seedInteractions(db);
  await seedCallbacks(db);
}

// Subjects by kind (3 each), with what was agreed: index = kind * 3 + subject.
const SUBJECTS = `ARRAY['Internet drops in the evening','TV channels missing','Billed twice this month',
  'Move service to new address','Router replacement','Add a second TV box',
  'Question about the invoice','Tariff comparison','Roaming prices abroad']`;
const AGREED = `ARRAY['Technician visit booked','Channel list restored remotely','Credit of one month applied',
  'Move scheduled with the new address','Replacement router shipped','TV box installed by the technician',
  'Sent a detailed invoice by email','Sent the tariff comparison','Explained the roaming packages']`;
const PROGRESS = `ARRAY['Line test ran, waiting for the technician','Escalated to the TV team','Billing team checking the payments',
  'Waiting for the landlord''s confirmation','Router ordered from the warehouse','Technician slot offered',
  'Asked billing for the details','Preparing the comparison','Checking the partner networks']`;

async function seedCases(db: Database): Promise<void> {
  // One customer in three has had a case. Status: about a quarter open, one in eight in progress, the rest resolved.
  await sql`INSERT INTO cases (customer_id, kind, status, subject, description, agreed, priority, owner_id, opened_at, resolved_at, updated_at)
    SELECT x.customer_id, (ARRAY['complaint','service_request','information_request'])[1 + x.kind], x.status,
      (${sql.raw(SUBJECTS)})[1 + x.kind * 3 + x.subj], 'Reported by phone.',
      CASE WHEN x.status = 'resolved' OR x.subj = 0 THEN (${sql.raw(AGREED)})[1 + x.kind * 3 + x.subj] ELSE '' END,
      CASE WHEN x.vip AND x.kind = 0 THEN 'high' ELSE 'normal' END, x.owner_id, x.opened_at,
      CASE WHEN x.status = 'resolved' THEN x.opened_at + least((now() - x.opened_at) * 0.6, interval '2 hours' + pg_temp.seed_rnd(x.customer_id, 24) * interval '9 days') END,
      x.opened_at
    FROM (
      SELECT c.id customer_id, (c.id / 3) % 3 kind, (c.id / 9) % 3 subj, 'vip' = ANY(c.tags) vip,
        (op.ids)[1 + c.id % cardinality(op.ids)] owner_id, s.status,
        CASE WHEN s.status = 'resolved' THEN c.acquired_at + (now() - c.acquired_at) * (0.05 + 0.9 * pg_temp.seed_rnd(c.id, 22))
             ELSE greatest(c.acquired_at + interval '1 hour', now() - CASE
               WHEN pg_temp.seed_rnd(c.id, 23) < 0.35 THEN interval '40 minutes' + pg_temp.seed_rnd(c.id, 25) * interval '47 hours'
               WHEN pg_temp.seed_rnd(c.id, 23) < 0.75 THEN interval '2 days' + pg_temp.seed_rnd(c.id, 25) * interval '12 days'
               ELSE interval '14 days' + pg_temp.seed_rnd(c.id, 25) * interval '46 days' END) END opened_at
      FROM customers c, (SELECT array_agg(id ORDER BY id) ids FROM users WHERE role = 'operator') op,
        LATERAL (SELECT CASE WHEN pg_temp.seed_rnd(c.id, 21) < 0.25 THEN 'open' WHEN pg_temp.seed_rnd(c.id, 21) < 0.37 THEN 'in_progress'
                             ELSE 'resolved' END status) s
      WHERE c.id % 3 = 0 AND cardinality(op.ids) > 0) x`.execute(db);

  // History: opened; in progress (every case in progress, half the resolved ones); resolved at resolved_at.
  await sql`INSERT INTO case_updates (case_id, at, user_id, note, status_from, status_to)
    SELECT id, opened_at, owner_id, 'opened', NULL, 'open' FROM cases`.execute(db);
  await sql`INSERT INTO case_updates (case_id, at, user_id, note, status_from, status_to)
    SELECT k.id, k.opened_at + (coalesce(k.resolved_at, now()) - k.opened_at) * 0.4, k.owner_id,
      (${sql.raw(PROGRESS)})[array_position(${sql.raw(SUBJECTS)}, k.subject)], 'open', 'in_progress'
    FROM cases k WHERE k.status = 'in_progress' OR (k.status = 'resolved' AND k.id % 2 = 0)`.execute(db);
  await sql`INSERT INTO case_updates (case_id, at, user_id, note, status_from, status_to)
    SELECT k.id, k.resolved_at, k.owner_id, k.agreed, CASE WHEN k.id % 2 = 0 THEN 'in_progress' ELSE 'open' END, 'resolved'
    FROM cases k WHERE k.status = 'resolved'`.execute(db);
  await sql`UPDATE cases k SET updated_at = u.at FROM (SELECT case_id, max(at) at FROM case_updates GROUP BY case_id) u
    WHERE u.case_id = k.id`.execute(db);
}

async function seedInteractions(db: Database): Promise<void> {
  // The call that opened each case, and the call that closed each resolved one.
  await sql`INSERT INTO interactions (customer_id, channel, direction, occurred_at, user_id, subject, summary, outcome, mood, case_id)
    SELECT k.customer_id, 'call', 'inbound', k.opened_at, k.owner_id, k.subject, 'Reported by phone; case opened.', 'Case opened',
      CASE k.kind WHEN 'complaint' THEN 'negative' ELSE 'neutral' END, k.id FROM cases k`.execute(db);
  await sql`INSERT INTO interactions (customer_id, channel, direction, occurred_at, user_id, subject, summary, outcome, mood, case_id)
    SELECT k.customer_id, 'call', 'outbound', k.resolved_at, k.owner_id, k.subject, k.agreed || '; the customer confirmed.', 'Resolved',
      'positive', k.id FROM cases k WHERE k.status = 'resolved'`.execute(db);

  // The sign-up, then up to four contacts spread over the customer's time with us (fewer for new customers).
  await sql`INSERT INTO interactions (customer_id, channel, direction, occurred_at, user_id, subject, summary, outcome, mood)
    SELECT c.id, 'call', 'inbound', c.acquired_at, (op.ids)[1 + c.id % cardinality(op.ids)], 'New customer sign-up',
      'Signed up; explained the first invoice and the app.', 'Sale made', 'positive'
    FROM customers c, (SELECT array_agg(id ORDER BY id) ids FROM users WHERE role = 'operator') op WHERE cardinality(op.ids) > 0`.execute(db);
  await sql`INSERT INTO interactions (customer_id, channel, direction, occurred_at, user_id, subject, summary, outcome, mood)
    SELECT c.id, (ARRAY['call','email','sms','messenger','call','visit','note','call']::interaction_channel[])[1 + (c.id + k) % 8],
      CASE WHEN (ARRAY['call','email','sms','messenger','call','visit','note','call'])[1 + (c.id + k) % 8] = 'note' THEN 'internal'
           WHEN (c.id + k) % 3 = 0 THEN 'outbound' ELSE 'inbound' END,
      c.acquired_at + (now() - c.acquired_at) * (0.02 + 0.96 * pg_temp.seed_rnd(c.id, 30 + k)),
      (op.ids)[1 + (c.id + k) % cardinality(op.ids)],
      (ARRAY['Billing question','Upgrade interest','Address change','Payment reminder','Thank-you note','Speed question'])[1 + (c.id * 5 + k) % 6],
      (ARRAY['Explained the invoice lines.','Interested in a faster plan; sent the price list.','Updated the address.',
             'Reminded about the due payment.','Customer happy with the service.','Ran a line test; the line is fine.'])[1 + (c.id * 5 + k) % 6],
      (ARRAY['Information given','Information given','Resolved','Information given','Resolved','Resolved'])[1 + (c.id * 5 + k) % 6],
      (ARRAY['neutral','positive','neutral','neutral','positive','neutral'])[1 + (c.id * 5 + k) % 6]
    FROM customers c CROSS JOIN generate_series(1, 4) k, (SELECT array_agg(id ORDER BY id) ids FROM users WHERE role = 'operator') op
    WHERE cardinality(op.ids) > 0 AND (k <= 2 OR c.acquired_at < now() - interval '60 days')`.execute(db);
}

// Each operator's list: about a dozen open callbacks and follow-ups, three of them overdue (hours to two days),
// the rest due later today and over the next week; one open task per customer, each from the call where it was
// asked for (after the case it is about was opened). Overdue ones were announced when they came due (notified_at), so the demo does not start with a burst.
const DUE_MINUTES = 'ARRAY[-150, -1310, -2890, 40, 170, 325, 1470, 1745, 2925, 4370, 7220, 10110]';
const FOLLOW_UPS = `ARRAY['Check that the new plan is active','Ask how the installation went','Confirm the payment arrived',
  'Check the speed after the upgrade','Send the contract renewal','Ask about the second TV box']`;

async function seedCallbacks(db: Database): Promise<void> {
  await sql`CREATE TEMP TABLE seed_callbacks ON COMMIT DROP AS
    SELECT x.*, least(now() - (x.rn * interval '47 minutes'), x.due_at - interval '1 day') AS created_at
    FROM (
      SELECT y.*, date_trunc('minute', now()) + ((${sql.raw(DUE_MINUTES)})[y.rn] + y.op_no * 13) * interval '1 minute' AS due_at
      FROM (
        SELECT c.id customer_id, a.assignee_id, a.op_no, k.subject case_subject,
          row_number() OVER (PARTITION BY a.assignee_id ORDER BY pg_temp.seed_rnd(c.id, 40)) rn
        FROM customers c
        CROSS JOIN (SELECT array_agg(id ORDER BY id) ids FROM users WHERE role = 'operator') op
        LEFT JOIN LATERAL (SELECT subject, owner_id FROM cases WHERE customer_id = c.id AND status IN ('open', 'in_progress')
                             AND opened_at < now() - interval '4 days' ORDER BY opened_at DESC LIMIT 1) k ON true
        CROSS JOIN LATERAL (SELECT coalesce(k.owner_id, (op.ids)[1 + c.id % cardinality(op.ids)]) assignee_id) a0
        CROSS JOIN LATERAL (SELECT a0.assignee_id, array_position(op.ids, a0.assignee_id) op_no) a
        WHERE cardinality(op.ids) > 0 AND c.acquired_at < now() - interval '30 days') y
      WHERE y.rn <= 12) x`.execute(db);
  await sql`INSERT INTO tasks (customer_id, assignee_id, kind, due_at, note, created_by, created_at, notified_at)
    SELECT customer_id, assignee_id, CASE WHEN case_subject IS NOT NULL OR rn % 3 <> 0 THEN 'callback' ELSE 'follow_up' END, due_at,
      CASE WHEN case_subject IS NOT NULL THEN 'Give an update on: ' || case_subject
           WHEN rn % 3 <> 0 THEN 'Call back as agreed: ' || lower((${sql.raw(FOLLOW_UPS)})[1 + customer_id % 6])
           ELSE (${sql.raw(FOLLOW_UPS)})[1 + customer_id % 6] END,
      assignee_id, created_at, CASE WHEN due_at <= now() THEN due_at END
    FROM seed_callbacks`.execute(db);
  await sql`INSERT INTO interactions (customer_id, channel, direction, occurred_at, user_id, subject, summary, outcome, mood)
    SELECT customer_id, 'call', 'inbound', created_at, assignee_id, coalesce(case_subject, 'Follow-up'),
      'Asked to be called back; put on the callback list.', 'Callback requested', 'neutral'
    FROM seed_callbacks`.execute(db);
}
