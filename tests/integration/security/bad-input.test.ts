import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { createCustomer } from '../../factories/customer.factory';
import { MAX_JSON_DEPTH } from '@contract/input-limits';

// Issue #19 point 10: bad input is a 400 with a message saying what is wrong, never a 500. Each case answered 500
// before server/http/input-guard.ts (NUL: PostgreSQL 22021/22P05; year 0: 22008; deep JSON: stack overflow in
// the validator). Mutation caught: removing registerInputGuard(app) from app.ts, or the year bound from
// boundDateFormats / report-range.ts.

let ctx: TestContext;
let admin: TestUser;
let customerId: number;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await createUser(ctx.services, ctx.app, { role: 'admin' });
  customerId = (await createCustomer(ctx.services)).id;
});
afterAll(async () => { await ctx?.close(); });

const json = () => ({ ...authHeader(admin), 'content-type': 'application/json' });

async function expect400(req: InjectOptions, code: string, message: RegExp): Promise<void> {
  const res = await ctx.app.inject(req);
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(message);
}

describe('a NUL character in any string', () => {
  it('is refused on the unauthenticated login, in bodies, object keys, query strings and CSV', async () => {
    await expect400({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin\u0000', password: 'x' } }, 'validation-failed', /NUL.*body \/username/);
    await expect400({ method: 'POST', url: '/api/customers', headers: json(), payload: { fullName: 'a\u0000b' } }, 'validation-failed', /NUL.*\/fullName/);
    await expect400({ method: 'PATCH', url: `/api/customers/${customerId}`, headers: json(), payload: { attributes: { 'k\u0000': 'v' } } }, 'validation-failed', /NUL/);
    await expect400({ method: 'PATCH', url: `/api/customers/${customerId}`, headers: json(), payload: { attributes: { note: ['ok', 'a\u0000'] } } }, 'validation-failed', /NUL.*\/attributes\/note\/1/);
    await expect400({ method: 'GET', url: '/api/customers?q=a%00b', headers: authHeader(admin) }, 'validation-failed', /NUL.*querystring \/q/);
    // A CSV body is streamed, not parsed by the guard: the import itself refuses a NUL as binary content.
    const csv = await ctx.app.inject({ method: 'POST', url: '/api/customers/import?dryRun=true', headers: { ...authHeader(admin), 'content-type': 'text/csv' }, payload: 'full_name\nA\u0000B\n' });
    expect(csv.statusCode, csv.body).toBe(422);
    expect(csv.json().error.details.errors).toEqual([expect.objectContaining({ row: 1, code: 'file-binary' })]);
  });
});

describe('dates PostgreSQL cannot store', () => {
  it('from=0000-01-01 on reports and the timeline is a 400 naming the bound', async () => {
    await expect400({ method: 'GET', url: '/api/reports/operational?from=0000-01-01&to=0000-01-02', headers: authHeader(admin) }, 'validation-failed', /between the years 1900 and 9999/);
    await expect400({ method: 'GET', url: `/api/customers/${customerId}/timeline?from=0000-01-01T00:00:00Z`, headers: authHeader(admin) }, 'validation-failed', /from/);
    await expect400({ method: 'GET', url: `/api/customers/${customerId}/timeline?to=0000-01-01T00:00:00Z`, headers: authHeader(admin) }, 'validation-failed', /to/);
    // and a plausible date still works
    expect((await ctx.app.inject({ method: 'GET', url: `/api/customers/${customerId}/timeline?from=2020-01-01T00:00:00Z`, headers: authHeader(admin) })).statusCode).toBe(200);
  });

  it('a segment rule dated year 0 is refused, not sent to PostgreSQL', async () => {
    await expect400({ method: 'POST', url: '/api/segments/preview', headers: json(), payload: { rules: { type: 'last_contact', op: 'before', at: '0000-06-01' } } }, 'segment-rules-invalid', /1900/);
  });
});

describe('deeply nested JSON', () => {
  const nest = (open: string, inner: string, close: string, n: number) => open.repeat(n) + inner + close.repeat(n);
  it('segment rules 1000+ levels deep are a 400 (not a stack overflow)', async () => {
    const nots = `{"rules":${nest('{"not":', '{"type":"do_not_call","value":true}', '}', 1500)}}`;
    await expect400({ method: 'POST', url: '/api/segments/preview', headers: json(), payload: nots }, 'body-too-deep', new RegExp(`deeper than ${MAX_JSON_DEPTH} levels`));
    const alls = `{"name":"deep","rules":${nest('{"all":[', '{"type":"do_not_call","value":true}', ']}', 1200)}}`;
    await expect400({ method: 'POST', url: '/api/segments', headers: json(), payload: alls }, 'body-too-deep', /deeper/);
  });

  it('customer attributes ~6000 levels deep are a 400; brackets inside strings do not count', async () => {
    const deep = `{"fullName":"x","attributes":{"a":${nest('{"a":', '1', '}', 6000)}}}`;
    await expect400({ method: 'POST', url: '/api/customers', headers: json(), payload: deep }, 'body-too-deep', /deeper/);
    const arrays = `{"attributes":{"a":${nest('[', '1', ']', 60_000)}}}`;
    await expect400({ method: 'PATCH', url: `/api/customers/${customerId}`, headers: json(), payload: arrays }, 'body-too-deep', /deeper/);
    const brackets = { fullName: 'Brackets', attributes: { note: '[[[[{{{{'.repeat(100) } };
    expect((await ctx.app.inject({ method: 'POST', url: '/api/customers', headers: json(), payload: brackets })).statusCode).toBe(201);
  });

  it('nesting within the limit is still accepted', async () => {
    const ok = `{"attributes":{"a":${nest('{"a":', '1', '}', MAX_JSON_DEPTH - 3)}}}`;
    expect((await ctx.app.inject({ method: 'PATCH', url: `/api/customers/${customerId}`, headers: json(), payload: ok })).statusCode).toBe(200);
  });
});
