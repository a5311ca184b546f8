import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { createCustomer, createLeadSource, createProduct } from '../../factories/customer.factory';

let ctx: TestContext;
let op: TestUser;
const ids: Record<string, number> = {};
beforeAll(async () => {
  ctx = await createTestContext({ env: { DEFAULT_REGION: 'US' } });
  op = await createUser(ctx.services, ctx.app);
  await createLeadSource(ctx.services, 'web');
  await createLeadSource(ctx.services, 'radio');
  const product = await createProduct(ctx.services);
  const spec = [
    ['Alice Archer', 'Acme Ltd', 'alice@acme.test', '+14155550001', 'web', 'north', ['vip'], '500.00'],
    ['Bob Baker', 'Bakery_Co', 'bob@bakery.test', '+14155550002', 'radio', 'south', [], '50.00'],
    ['Carol Acme-Smith', null, 'carol@mail.test', '+12125550003', 'web', 'north', ['vip', 'churn-risk'], '0'],
    ['Dave Dunn', 'Dunn & Sons', 'dave@dunn.test', '+12125550004', null, 'east', [], '1200.00'],
  ] as const;
  for (const [name, company, email, phone, src, region, tags, spend] of spec) {
    const c = await createCustomer(ctx.services, { fullName: name, company, email, phones: [{ number: phone }], leadSource: src, region, tags: [...tags] });
    ids[name] = c.id;
    if (spend !== '0') await ctx.db.db.insertInto('purchases').values({ customer_id: c.id, product_id: product.id, amount: spend }).execute();
    await new Promise((r) => setTimeout(r, 5));
  }
  await ctx.db.db.insertInto('cases').values({ customer_id: ids['Bob Baker']!, kind: 'complaint', subject: 'Late bread' }).execute();
  await ctx.db.db.insertInto('cases').values({ customer_id: ids['Dave Dunn']!, kind: 'complaint', subject: 'Old', status: 'closed' }).execute();
  await ctx.db.db.insertInto('interactions').values({ customer_id: ids['Carol Acme-Smith']!, channel: 'sms', occurred_at: new Date('2030-01-01T00:00:00Z') }).execute();
});
afterAll(async () => { await ctx.close(); });

async function search(qs: string) {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/customers?${qs}`, headers: authHeader(op) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Array<{ fullName: string; totalSpend: string }>; total: number; nextCursor: string | null };
}
const names = (r: { items: Array<{ fullName: string }> }) => r.items.map((i) => i.fullName);

describe('GET /api/customers', () => {
  it('q matches name, company, email and phone (any format), case-insensitively', async () => {
    expect(names(await search('q=ACME'))).toEqual(['Alice Archer', 'Carol Acme-Smith']);
    expect(names(await search('q=bakery.test'))).toEqual(['Bob Baker']);
    expect(names(await search(`q=${encodeURIComponent('(212) 555-0004')}`))).toEqual(['Dave Dunn']);
    expect(names(await search('q=5550003'))).toEqual(['Carol Acme-Smith']);
    // LIKE wildcards in q are literal characters.
    expect(names(await search('q=y_c'))).toEqual(['Bob Baker']);
    expect((await search('q=%25')).total).toBe(0);
  });

  it('filters by tag, lead source, region, spend range and open case', async () => {
    expect(names(await search('tag=vip'))).toEqual(['Alice Archer', 'Carol Acme-Smith']);
    expect(names(await search('leadSource=radio'))).toEqual(['Bob Baker']);
    expect((await search('leadSource=unknown-source')).total).toBe(0);
    expect(names(await search('region=north&tag=churn-risk'))).toEqual(['Carol Acme-Smith']);
    expect(names(await search('minSpend=50&maxSpend=500'))).toEqual(['Alice Archer', 'Bob Baker']);
    expect(names(await search('hasOpenCase=true'))).toEqual(['Bob Baker']);
    expect((await search('hasOpenCase=false')).total).toBe(3);
  });

  it('sorts by name, total spend, creation and last contact', async () => {
    expect(names(await search('sort=total_spend'))).toEqual(['Dave Dunn', 'Alice Archer', 'Bob Baker', 'Carol Acme-Smith']);
    expect(names(await search('sort=total_spend&order=asc'))[0]).toBe('Carol Acme-Smith');
    expect(names(await search('sort=name&order=desc'))).toEqual(['Dave Dunn', 'Carol Acme-Smith', 'Bob Baker', 'Alice Archer']);
    expect(names(await search('sort=created&order=asc'))).toEqual(['Alice Archer', 'Bob Baker', 'Carol Acme-Smith', 'Dave Dunn']);
    expect(names(await search('sort=last_contact'))[0]).toBe('Carol Acme-Smith');
  });

  it('paginates by offset with a total, and by keyset cursor without gaps or repeats', async () => {
    const first = await search('sort=total_spend&limit=3');
    expect(first.total).toBe(4);
    expect(first.items).toHaveLength(3);
    const byOffset = await search('sort=total_spend&limit=3&offset=3');
    expect(names(byOffset)).toEqual(['Carol Acme-Smith']);
    const byCursor = await search(`sort=total_spend&limit=3&cursor=${first.nextCursor}`);
    expect(names(byCursor)).toEqual(['Carol Acme-Smith']);
    expect(byCursor.nextCursor).toBeNull();
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search(`sort=name&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(...names(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(['Alice Archer', 'Bob Baker', 'Carol Acme-Smith', 'Dave Dunn']);
  });

  it('bad parameters are 400, never 500', async () => {
    for (const qs of ['sort=shoe_size', 'limit=0', 'limit=1000', 'minSpend=-1', 'cursor=garbage', 'hasOpenCase=maybe', 'unknown=1']) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/customers?${qs}`, headers: authHeader(op) });
      expect(res.statusCode, qs).toBe(400);
      expect(res.json().error.code).toBe('validation-failed');
    }
  });
});
