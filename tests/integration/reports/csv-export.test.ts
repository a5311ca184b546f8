import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { createAgentState, createCall, createDisposition, createQueue, createWrapup } from '../../factories/call.factory';

// Every table the reports view shows has a CSV export holding exactly the JSON rows (same count, same values,
// nested objects flattened to dotted columns), downloadable the way the console fetches it (Authorization header; a token in a URL is refused, issue #19.8).
let ctx: TestContext;
let sup: TestUser;
let agent: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.db.db;
  sup = await createUser(ctx.services, ctx.app, { role: 'supervisor' });
  agent = await createUser(ctx.services, ctx.app, { role: 'operator' });
  await createQueue(db, 'sales', 20);
  await createDisposition(db, 'fixed', 'resolved');
  const c1 = await createCall(db, { start: '2024-03-10T09:00:00Z', waitSeconds: 10, talkSeconds: 300, agentId: agent.id });
  await createCall(db, { start: '2024-03-10T09:20:00Z', result: 'abandoned', waitSeconds: 30 });
  await createWrapup(db, { callId: c1, userId: agent.id, disposition: 'fixed', seconds: 30 });
  await createAgentState(db, { userId: agent.id, state: 'paused', reason: 'lunch', from: '2024-03-10T10:00:00Z', to: '2024-03-10T10:30:00Z' });
  await createAgentState(db, { userId: agent.id, state: 'on_call', from: '2024-03-10T09:00:00Z', to: '2024-03-10T09:05:00Z' });

  const web = await db.insertInto('lead_sources').values({ code: 'web', name: 'Web, "organic"' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('lead_source_costs').values({ lead_source_id: web.id, month: '2024-01-01', amount: '100.00' }).execute();
  const tv = await db.insertInto('lead_sources').values({ code: 'tv', name: 'TV' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('lead_source_costs').values({ lead_source_id: tv.id, month: '2024-02-01', amount: '1000.00' }).execute();
  const product = await db.insertInto('products').values({ sku: 'p1', name: 'P1', kind: 'product', price: '10' }).returning('id').executeTakeFirstOrThrow();
  const cust = await db.insertInto('customers').values({
    full_name: '=HYPERLINK("http://x")', lead_source_id: web.id, acquired_at: new Date('2024-01-05T10:00:00Z'),
    birthday: '1980-03-12', region: 'north', tags: ['vip'],
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('purchases').values({ customer_id: cust.id, product_id: product.id, amount: '300.00', purchased_at: new Date('2023-01-10T00:00:00Z') }).execute();
  await db.insertInto('cases').values({ customer_id: cust.id, kind: 'complaint', subject: 's', opened_at: new Date('2024-03-05T08:00:00Z'),
    status: 'resolved', resolved_at: new Date('2024-03-05T09:00:00Z') }).execute();
  const seg = await db.insertInto('segments').values({ name: 'VIPs', rules: JSON.stringify({ type: 'tags', match: 'any', tags: ['vip'] }) }).returning('id').executeTakeFirstOrThrow();
  const camp = await db.insertInto('campaigns').values({ name: 'Spring', segment_id: seg.id, offer_product_id: product.id, offer_price: '50' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('campaign_attempts').values({ campaign_id: camp.id, customer_id: cust.id, phone_e164: '+15550000001', outcome: 'refused',
    dial_count: 1, refusal_reason: 'too expensive', status: 'done' }).execute();
});
afterAll(async () => { await ctx.close(); });

type Row = Record<string, unknown>;
function flatten(row: Row, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flatten(v as Row, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = v === null || v === undefined ? '' : String(v);
  }
  return out;
}

const op = '/api/reports/operational?from=2024-03-10&to=2024-03-10&tz=UTC';
const an = '/api/reports/analytical';
// [json url, table selector, expected filename prefix]
type Body = { rows: Row[]; refusalReasons?: Row[] };
const TABLES: Array<readonly [string, (body: Body) => Row[], string]> = [
  ...['queue', 'agent', 'hour', 'day', 'disposition'].map((g) => [`${op}&groupBy=${g}`, (b: Body) => b.rows, `warmline-operational-${g}`] as const),
  [`${op}&groupBy=hour&queue=sales&direction=inbound`, (b) => b.rows, 'warmline-operational-hour'],
  [`${an}/lead-sources?from=2024-01-01&to=2024-03-31&tz=UTC`, (b) => b.rows, 'warmline-lead-sources'],
  [`${an}/lead-sources`, (b) => b.rows, 'warmline-lead-sources'],
  ...['tag', 'region', 'lead_source', 'saved'].map((by) => [`${an}/segments?by=${by}`, (b: Body) => b.rows, `warmline-segments-${by}`] as const),
  [`${an}/campaigns?table=campaigns`, (b) => b.rows, 'warmline-campaigns'],
  [`${an}/campaigns?table=refusal_reasons`, (b) => b.refusalReasons!, 'warmline-campaign-refusal-reasons'],
  [`${an}/cases?from=2024-01-01&to=2024-12-31&tz=UTC&period=month`, (b) => b.rows, 'warmline-cases'],
  [`${an}/due-contacts?kind=birthday&days=366&tz=UTC`, (b) => b.rows, 'warmline-due-contacts-birthday'],
  [`${an}/due-contacts?kind=lapsed&lapsedDays=30&minSpend=0`, (b) => b.rows, 'warmline-due-contacts-lapsed'],
];

describe('CSV export of every report table', () => {
  it.each(TABLES)('%s', async (url, select, prefix) => {
    const json = await ctx.app.inject({ method: 'GET', url, headers: authHeader(sup) });
    expect(json.statusCode, json.body).toBe(200);
    const expected = select(json.json()).map((r) => flatten(r));
    expect(expected.length, 'fixture should give every table at least one row').toBeGreaterThan(0);

    // As the console's download does it: fetched with the header, saved as a blob.
    const sep = url.includes('?') ? '&' : '?';
    const csv = await ctx.app.inject({ method: 'GET', url: `${url}${sep}format=csv`, headers: authHeader(sup) });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${prefix}[A-Za-z0-9._-]*\\.csv"$`));
    const records = parse(csv.body, { columns: true }) as Array<Record<string, string>>;
    expect(records).toHaveLength(expected.length);
    for (const [i, row] of expected.entries()) {
      for (const [k, v] of Object.entries(row)) {
        // Text cells that a spreadsheet would run as a formula are exported with a leading apostrophe.
        const cell = /^[=+\-@\t\r]/.test(v) && Number.isNaN(Number(v)) ? `'${v}` : v;
        expect(records[i]![k], `${url} row ${i} column ${k}`).toBe(cell);
      }
    }
  });

  it('a formula-looking customer name is neutralised, numbers (even negative) are not', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `${an}/due-contacts?kind=lapsed&lapsedDays=30&format=csv`, headers: authHeader(sup) });
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    const ls = await ctx.app.inject({ method: 'GET', url: `${an}/lead-sources?from=2024-01-01&to=2024-03-31&tz=UTC&format=csv`, headers: authHeader(sup) });
    expect(ls.body).toContain('"Web, ""organic"""');
    expect(ls.body.split('\n').find((l) => l.includes(',tv,'))).toMatch(/,-1$/); // ROI -1 stays a number
  });

  it('exports are audited once per download', async () => {
    const before = (await ctx.services.audit.list({ limit: 500, action: 'report.export' })).length;
    await ctx.app.inject({ method: 'GET', url: `${an}/cases?from=2024-01-01&to=2024-12-31&format=csv`, headers: authHeader(sup) });
    expect((await ctx.services.audit.list({ limit: 500, action: 'report.export' })).length).toBe(before + 1);
  });
});
