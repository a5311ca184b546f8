import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { seedDemo } from '../../../server/db/seed';
import { createTestDb, type TestDb } from '../../support/test-db';

// Issue #22.7: the demo contradicted itself ("Customer since Dec 4, 2026" beside interactions from 2025, "Case
// opened" beside "No open cases", 69 identical reminders). Each rule is a query returning the rows that break it;
// a believable call center returns none. The seed before this test broke rules 1 to 5, 7, 8 and 10 (at 1000
// customers its tasks grew with the base: 36 per operator).
const RULES: Array<{ name: string; violations: string }> = [
  {
    name: '1. customer since is in the past, and no contact, purchase, case, offer or task predates it',
    violations: `
      SELECT 'customer' what, c.id FROM customers c WHERE c.acquired_at > now() OR c.created_at > now()
      UNION ALL SELECT 'interaction', i.id FROM interactions i JOIN customers c ON c.id = i.customer_id
        WHERE i.occurred_at < c.acquired_at OR i.occurred_at > now()
      UNION ALL SELECT 'purchase', p.id FROM purchases p JOIN customers c ON c.id = p.customer_id
        WHERE p.purchased_at < c.acquired_at OR p.purchased_at > now()
      UNION ALL SELECT 'case', k.id FROM cases k JOIN customers c ON c.id = k.customer_id
        WHERE k.opened_at < c.acquired_at OR k.opened_at > now()
      UNION ALL SELECT 'offer', o.id FROM offer_outcomes o JOIN customers c ON c.id = o.customer_id WHERE o.occurred_at < c.acquired_at
      UNION ALL SELECT 'task', t.id FROM tasks t JOIN customers c ON c.id = t.customer_id
        WHERE t.created_at < c.acquired_at OR t.created_at > now() OR t.due_at < t.created_at`,
  },
  {
    name: '2. "Case opened" only on a case of the same customer, opened at that contact',
    violations: `
      SELECT i.id FROM interactions i WHERE i.outcome = 'Case opened' AND NOT EXISTS (
        SELECT 1 FROM cases k WHERE k.id = i.case_id AND k.customer_id = i.customer_id AND k.opened_at = i.occurred_at)`,
  },
  {
    name: '3. every case has the contact that opened it and an "opened" update at its opening',
    violations: `
      SELECT k.id FROM cases k
       WHERE NOT EXISTS (SELECT 1 FROM interactions i WHERE i.case_id = k.id AND i.outcome = 'Case opened')
          OR NOT EXISTS (SELECT 1 FROM case_updates u WHERE u.case_id = k.id AND u.status_to = 'open' AND u.at = k.opened_at)`,
  },
  {
    name: '4. a resolved case has its resolved time, a "resolved" update then and the contact that closed it',
    violations: `
      SELECT k.id FROM cases k WHERE k.status IN ('resolved', 'closed') AND (
        k.resolved_at IS NULL OR k.resolved_at < k.opened_at OR k.resolved_at > now()
        OR NOT EXISTS (SELECT 1 FROM case_updates u WHERE u.case_id = k.id AND u.status_to = k.status AND u.at = k.resolved_at)
        OR NOT EXISTS (SELECT 1 FROM interactions i WHERE i.case_id = k.id AND i.occurred_at = k.resolved_at))`,
  },
  {
    name: '5. an open case has no resolved time, and its status is that of its last update',
    violations: `
      SELECT k.id FROM cases k
       WHERE (k.status NOT IN ('resolved', 'closed') AND k.resolved_at IS NOT NULL)
          OR k.status IS DISTINCT FROM (SELECT u.status_to FROM case_updates u WHERE u.case_id = k.id ORDER BY u.at DESC, u.id DESC LIMIT 1)
          OR EXISTS (SELECT 1 FROM case_updates u WHERE u.case_id = k.id AND (u.at < k.opened_at OR u.at > now()))`,
  },
  {
    name: '6. open cases of various ages: some opened today, some this fortnight, some older',
    violations: `
      SELECT b.age FROM (VALUES ('under 2 days', 0, 2), ('2 to 14 days', 2, 14), ('over 14 days', 14, 100000)) b(age, lo, hi)
       WHERE NOT EXISTS (SELECT 1 FROM cases k WHERE k.status IN ('open', 'in_progress')
                           AND k.opened_at <= now() - b.lo * interval '1 day' AND k.opened_at > now() - b.hi * interval '1 day')`,
  },
  {
    name: '7. a few VIPs: at least one, at most one customer in ten',
    violations: `
      SELECT n.vips, n.total FROM (SELECT count(*) FILTER (WHERE 'vip' = ANY(tags)) vips, count(*) total FROM customers) n
       WHERE n.vips = 0 OR n.vips * 10 > n.total`,
  },
  {
    name: '8. "Callback requested" only where that call put a task on the list',
    violations: `
      SELECT i.id FROM interactions i WHERE i.outcome = 'Callback requested' AND NOT EXISTS (
        SELECT 1 FROM tasks t WHERE t.customer_id = i.customer_id AND t.created_at = i.occurred_at AND t.assignee_id = i.user_id)`,
  },
  {
    name: '9. no duplicated reminders: one open task per customer, and no note repeated on one agent\'s list for one customer',
    violations: `
      SELECT t.customer_id, count(*) FROM tasks t WHERE t.done_at IS NULL GROUP BY t.customer_id HAVING count(*) > 1
      UNION ALL
      SELECT t.assignee_id, count(*) FROM tasks t WHERE t.done_at IS NULL GROUP BY t.assignee_id, t.customer_id, t.note HAVING count(*) > 1`,
  },
  {
    name: '10. every operator has a believable list: some overdue, some upcoming, not hundreds',
    violations: `
      SELECT u.id, l.overdue, l.upcoming FROM users u
        LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE t.due_at <= now()) overdue, count(*) FILTER (WHERE t.due_at > now()) upcoming
                             FROM tasks t WHERE t.assignee_id = u.id AND t.done_at IS NULL) l ON true
       WHERE u.role = 'operator' AND (l.overdue = 0 OR l.upcoming = 0 OR l.overdue > 5 OR l.overdue + l.upcoming > 25)`,
  },
  {
    name: '11. a task about a case names an open case that was opened before the task',
    violations: `
      SELECT t.id FROM tasks t WHERE t.note LIKE 'Give an update on: %' AND NOT EXISTS (
        SELECT 1 FROM cases k WHERE k.customer_id = t.customer_id AND t.note = 'Give an update on: ' || k.subject
           AND k.status IN ('open', 'in_progress') AND k.opened_at <= t.created_at)`,
  },
  {
    name: '12. last contact and total spend agree with the history',
    violations: `
      SELECT c.id FROM customers c
       WHERE c.last_contact_at IS DISTINCT FROM (SELECT max(i.occurred_at) FROM interactions i WHERE i.customer_id = c.id)
          OR c.total_spend <> coalesce((SELECT sum(p.amount) FROM purchases p WHERE p.customer_id = c.id AND p.status <> 'cancelled'), 0)`,
  },
];

describe('the demo seed is a believable call center (issue #22.7)', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo(db.db, { customers: 1000 });
  }, 120_000);
  afterAll(async () => { await db?.drop(); });

  it('seeds something to check', async () => {
    const n = await sql<{ cases: string; tasks: string; interactions: string }>`SELECT (SELECT count(*) FROM cases) cases,
      (SELECT count(*) FROM tasks) tasks, (SELECT count(*) FROM interactions) interactions`.execute(db.db);
    expect(Number(n.rows[0]!.cases)).toBeGreaterThan(50);
    expect(Number(n.rows[0]!.tasks)).toBeGreaterThan(20);
    expect(Number(n.rows[0]!.interactions)).toBeGreaterThan(1000);
  });

  for (const rule of RULES) {
    it(rule.name, async () => {
      const rows = (await sql.raw(rule.violations).execute(db.db)).rows;
      expect(rows.slice(0, 5), `${rows.length} violation(s)`).toEqual([]);
    });
  }
});
