import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import postgres from 'postgres';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { seedCustomer, seedProduct, seedPurchase } from '../../factories/campaign.factory';
import { compileSegment } from '../../../server/segments/segment-sql';
import { MAX_RULE_SUBQUERIES, MAX_RULE_VALUES, type SegmentRule } from '@contract/segment-rules';

// Issue #19 point 4: {"all":[N x owns_products match:all with 100 ids]} pinned PostgreSQL (N=3: 61 s, N=10 never
// finished) and an aborted request kept its query running. Each part below fails when its fix is removed.

let ctx: TestContext;
let manager: TestUser;
let products: number[];
const customers: Record<string, number> = {};

beforeAll(async () => {
  ctx = await createTestContext({ env: { INTERACTIVE_QUERY_TIMEOUT_MS: '60000' } });
  manager = await createUser(ctx.services, ctx.app, { role: 'campaign_manager' });
  products = [];
  for (let i = 0; i < 100; i++) products.push(await seedProduct(ctx.services, '1.00', 'product'));
  // all: owns every product; most: all but the last; none: nothing; cancelled: every product but one cancelled.
  customers.all = (await seedCustomer(ctx.services, {})).id;
  customers.most = (await seedCustomer(ctx.services, {})).id;
  customers.none = (await seedCustomer(ctx.services, {})).id;
  customers.cancelled = (await seedCustomer(ctx.services, {})).id;
  for (const p of products) {
    await seedPurchase(ctx.services, customers.all!, p, '1.00');
    await seedPurchase(ctx.services, customers.all!, p, '1.00'); // twice: a repeat purchase must not count double
    if (p !== products.at(-1)) await seedPurchase(ctx.services, customers.most!, p, '1.00');
    await seedPurchase(ctx.services, customers.cancelled!, p, '1.00', p === products[0] ? { status: 'cancelled' } : {});
  }
});
afterAll(async () => { await ctx?.close(); });

const ownsAll = (ids: number[]): SegmentRule => ({ type: 'owns_products', productIds: ids, match: 'all' });
const preview = (rules: unknown) => ctx.app.inject({ method: 'POST', url: '/api/segments/preview', headers: authHeader(manager), payload: { rules, sampleSize: 10 } });

async function planNodesOn(table: string, rule: SegmentRule): Promise<number> {
  const q = ctx.db.db.selectFrom('customers as c').select('c.id').where((eb) => compileSegment(eb, rule, new Date())).compile();
  const [row] = await ctx.db.sql.unsafe(`EXPLAIN (FORMAT JSON) ${q.sql}`, q.parameters as never[]);
  const plan = JSON.stringify(row!['QUERY PLAN']);
  return plan.split(`"Relation Name":"${table}"`).length - 1;
}

describe('owns_products match:all', () => {
  it('is one scan of purchases per condition, not one per product id', async () => {
    // Mutation caught: compiling "all" as one EXISTS per product again (the plan then reads purchases 1000 times).
    const attack: SegmentRule = { all: Array.from({ length: 10 }, () => ownsAll(products)) };
    expect(await planNodesOn('purchases', attack)).toBeLessThanOrEqual(10);
    expect(await planNodesOn('purchases', ownsAll(products))).toBe(1);
  });

  it('still means "has an active purchase of every one of them"', async () => {
    const res = await preview({ all: Array.from({ length: 3 }, () => ownsAll(products)) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().sample.map((m: { id: number }) => m.id)).toEqual([customers.all]);
    const any = await preview({ type: 'owns_products', productIds: [products.at(-1)!, products[0]!], match: 'any' });
    expect(any.json().sample.map((m: { id: number }) => m.id).sort()).toEqual([customers.all, customers.most, customers.cancelled].sort());
    const dup = await preview(ownsAll([products[0]!, products[0]!, products[1]!]));
    expect(dup.json().sample.map((m: { id: number }) => m.id).sort()).toEqual([customers.all, customers.most].sort());
  });
});

describe('rule size limits', () => {
  it('refuses more ids than the budget, and too many purchase/case conditions', async () => {
    // Mutation caught: dropping the MAX_RULE_VALUES / MAX_RULE_SUBQUERIES checks in ruleTreeProblem.
    const many = { all: Array.from({ length: Math.ceil(MAX_RULE_VALUES / 100) + 1 }, () => ownsAll(products)) };
    const r1 = await preview(many);
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error).toMatchObject({ code: 'segment-rules-invalid' });
    expect(r1.json().error.message).toMatch(`more than ${MAX_RULE_VALUES} ids`);
    const subqueries = { any: Array.from({ length: MAX_RULE_SUBQUERIES + 1 }, (_, i) => ({ type: 'recent_spend', days: i + 1, op: 'gte', value: 1 })) };
    const r2 = await preview(subqueries);
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.message).toMatch(`more than ${MAX_RULE_SUBQUERIES} product, spend and complaint conditions`);
  });
});

// A preview that cannot finish: another session holds an exclusive lock on customers, so the preview's query waits
// in PostgreSQL until something ends it. No timing: the test waits for states it can observe.
async function withCustomersLocked(fn: () => Promise<void>): Promise<void> {
  const holder = postgres(ctx.db.url, { max: 1, onnotice: () => {} });
  try {
    await holder.begin(async (tx) => {
      await tx`LOCK TABLE customers IN ACCESS EXCLUSIVE MODE`;
      await fn();
    });
  } finally {
    await holder.end();
  }
}

async function waitingPreviews(): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock' AND state = 'active' AND query ILIKE '%from "customers" as "c"%'`.execute(ctx.db.db);
  return Number(r.rows[0]!.n);
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 25));
}

describe('statement timeout and cancellation', () => {
  it('a preview that runs past the statement timeout ends with 422 query-timeout', async () => {
    // Mutation caught: runInteractive without its set_config('statement_timeout') (the request never returns).
    const short = await createTestContext({ env: { INTERACTIVE_QUERY_TIMEOUT_MS: '300' } });
    try {
      const m = await createUser(short.services, short.app, { role: 'campaign_manager' });
      const holder = postgres(short.db.url, { max: 1, onnotice: () => {} });
      try {
        await holder.begin(async (tx) => {
          await tx`LOCK TABLE customers IN ACCESS EXCLUSIVE MODE`;
          const res = await short.app.inject({ method: 'POST', url: '/api/segments/preview', headers: authHeader(m), payload: { rules: { type: 'do_not_call', value: false } } });
          expect(res.statusCode, res.body).toBe(422);
          expect(res.json().error).toMatchObject({ code: 'query-timeout', details: { timeoutMs: 300 } });
        });
      } finally {
        await holder.end();
      }
    } finally {
      await short.close();
    }
  });

  it('cancels the query in PostgreSQL when the HTTP client goes away', async () => {
    // Mutation caught: not passing clientGoneSignal to the preview (the query keeps waiting for the lock until
    // the 60 s statement timeout of this context).
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    await withCustomersLocked(async () => {
      const body = JSON.stringify({ rules: ownsAll(products) });
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/segments/preview',
        headers: { ...authHeader(manager), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
      req.on('error', () => {});
      req.end(body);
      await until(async () => (await waitingPreviews()) === 2); // the count and the sample
      req.destroy();
      await until(async () => (await waitingPreviews()) === 0);
      expect(await waitingPreviews()).toBe(0); // while the lock is still held: cancelled, not finished
    });
  });
});
