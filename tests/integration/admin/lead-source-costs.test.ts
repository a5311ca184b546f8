import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import type { LeadSourceView } from '@contract/customers.schemas';
import type { LeadSourceCostView } from '@contract/lead-sources.schemas';

// Issue #21: an admin enters each lead source's advertising cost per month; the analytical report "which source
// brings customers worth their cost" sets it against revenue. Per route: validation (400), roles (403), unknown
// source or cost (404), an audit row with the amount before and after.
let ctx: TestContext;
let admin: TestUser;
let seq = 0;
const uniq = () => `cost-${process.pid}-${(seq += 1)}`;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await createUser(ctx.services, ctx.app, { role: 'admin', extension: null });
});
afterAll(async () => { await ctx?.close(); });

const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, who: { token: string } = admin, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: authHeader(who), ...(payload === undefined ? {} : { payload: payload as never }) });
const source = async () => (await api('POST', '/api/lead-sources', admin, { code: uniq(), name: 'Billboards' })).json() as LeadSourceView;
const audits = (target: string) => ctx.services.db.selectFrom('audit_log').select(['action', 'user_id', 'details']).where('target', '=', target).where('action', 'like', 'lead_source.cost%').orderBy('id').execute();

describe('lead source monthly costs', () => {
  it('sets, replaces and lists a month\'s cost, audited with before and after, and the report counts it', async () => {
    const src = await source();
    const set = await api('PUT', `/api/lead-sources/${src.id}/costs/2026-03`, admin, { amount: '1250.5' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ leadSourceId: src.id, code: src.code, month: '2026-03', amount: '1250.50' });
    const again = await api('PUT', `/api/lead-sources/${src.id}/costs/2026-03`, admin, { amount: '900' });
    expect(again.json()).toMatchObject({ amount: '900.00' });
    await api('PUT', `/api/lead-sources/${src.id}/costs/2026-05`, admin, { amount: '100.25' });

    const listed = (await api('GET', '/api/lead-sources/costs?from=2026-01&to=2026-04')).json() as LeadSourceCostView[];
    expect(listed.filter((c) => c.code === src.code)).toEqual([{ leadSourceId: src.id, code: src.code, month: '2026-03', amount: '900.00' }]);
    expect(((await api('GET', '/api/lead-sources/costs')).json() as LeadSourceCostView[]).filter((c) => c.code === src.code).map((c) => c.month)).toEqual(['2026-03', '2026-05']);

    expect(await audits(`lead-source:${src.code}`)).toEqual([
      { action: 'lead_source.cost_set', user_id: admin.id, details: { month: '2026-03', before: null, after: '1250.50' } },
      { action: 'lead_source.cost_set', user_id: admin.id, details: { month: '2026-03', before: '1250.50', after: '900.00' } },
      { action: 'lead_source.cost_set', user_id: admin.id, details: { month: '2026-05', before: null, after: '100.25' } },
    ]);
    const report = await api('GET', '/api/reports/analytical/lead-sources?from=2026-03-01&to=2026-03-31&tz=UTC');
    expect(report.statusCode, report.body).toBe(200);
    expect((report.json() as { rows: Array<{ code: string; cost: string }> }).rows.find((r) => r.code === src.code)).toMatchObject({ cost: '900.00' });
  });

  it('removes a month\'s cost (audited); a cost or source that does not exist is 404', async () => {
    const src = await source();
    await api('PUT', `/api/lead-sources/${src.id}/costs/2026-02`, admin, { amount: '40' });
    const del = await api('DELETE', `/api/lead-sources/${src.id}/costs/2026-02`);
    expect(del.statusCode, del.body).toBe(204);
    expect(((await api('GET', '/api/lead-sources/costs')).json() as LeadSourceCostView[]).some((c) => c.code === src.code)).toBe(false);
    expect((await audits(`lead-source:${src.code}`)).at(-1)).toEqual({ action: 'lead_source.cost_removed', user_id: admin.id, details: { month: '2026-02', before: '40.00', after: null } });
    const gone = await api('DELETE', `/api/lead-sources/${src.id}/costs/2026-02`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('lead-source-cost-not-found');
    expect((await api('PUT', '/api/lead-sources/999999/costs/2026-02', admin, { amount: '1' })).json().error.code).toBe('lead-source-not-found');
    expect((await api('DELETE', '/api/lead-sources/999999/costs/2026-02')).statusCode).toBe(404);
  });

  it('keeps taking costs for a deactivated source (its history stays in the report)', async () => {
    const src = await source();
    await api('PATCH', `/api/lead-sources/${src.id}`, admin, { active: false });
    const set = await api('PUT', `/api/lead-sources/${src.id}/costs/2025-12`, admin, { amount: '10' });
    expect(set.statusCode, set.body).toBe(200);
  });

  it('answers 400 to a bad month, amount, field or range and writes nothing', async () => {
    const src = await source();
    const bad: Array<[string, unknown]> = [
      ['2026-13', { amount: '1' }], ['2026-1', { amount: '1' }], ['26-01', { amount: '1' }],
      ['2026-01', { amount: '-5' }], ['2026-01', { amount: '1.234' }], ['2026-01', { amount: 'ten' }], ['2026-01', { amount: '' }],
      ['2026-01', { amount: '1234567890123' }], ['2026-01', {}], ['2026-01', { amount: '1', note: 'x' }],
    ];
    for (const [month, body] of bad) {
      const res = await api('PUT', `/api/lead-sources/${src.id}/costs/${month}`, admin, body);
      expect(res.statusCode, `${month} ${JSON.stringify(body)}`).toBe(400);
      expect(res.json().error.code).toBe('validation-failed');
    }
    for (const q of ['from=2026-05&to=2026-01', 'from=2026-5', 'to=May', 'month=2026-01']) {
      expect((await api('GET', `/api/lead-sources/costs?${q}`)).statusCode, q).toBe(400);
    }
    expect(await audits(`lead-source:${src.code}`)).toEqual([]);
  });

  it('is for admins only', async () => {
    const src = await source();
    for (const role of ['operator', 'supervisor', 'campaign_manager'] as const) {
      const who = await createUser(ctx.services, ctx.app, { role, extension: null });
      expect((await api('GET', '/api/lead-sources/costs', who)).statusCode, role).toBe(403);
      expect((await api('PUT', `/api/lead-sources/${src.id}/costs/2026-01`, who, { amount: '1' })).statusCode, role).toBe(403);
      expect((await api('DELETE', `/api/lead-sources/${src.id}/costs/2026-01`, who)).statusCode, role).toBe(403);
    }
    expect(await audits(`lead-source:${src.code}`)).toEqual([]);
  });
});
