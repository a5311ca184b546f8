import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import type { LeadSourceView } from '@contract/customers.schemas';

// Issue #21, lead sources managed in Admin: create, rename, deactivate/reactivate; admins only; duplicate code 409;
// bad input 400; an audit row with before and after for each change; a deactivated source is not given to new
// customers but stays on the ones that have it and in the analytical report.
let ctx: TestContext;
let admin: TestUser;
let operator: TestUser;
let supervisor: TestUser;
let seq = 0;
const uniq = () => `ls-${process.pid}-${(seq += 1)}`;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await createUser(ctx.services, ctx.app, { role: 'admin', extension: null });
  operator = await createUser(ctx.services, ctx.app, { role: 'operator', extension: null });
  supervisor = await createUser(ctx.services, ctx.app, { role: 'supervisor', extension: null });
});
afterAll(async () => { await ctx?.close(); });

const api = (method: 'GET' | 'POST' | 'PATCH', path: string, who: { token: string }, payload?: unknown) =>
  ctx.app.inject({ method, url: path, headers: authHeader(who), ...(payload === undefined ? {} : { payload: payload as never }) });
const lastAudit = (target: string) => ctx.services.db.selectFrom('audit_log').selectAll().where('target', '=', target).orderBy('id', 'desc').limit(1).executeTakeFirst();
const create = async (code = uniq(), name = 'Search ads') => {
  const res = await api('POST', '/api/lead-sources', admin, { code, name, channel: 'paid_search' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as LeadSourceView;
};

describe('POST /api/lead-sources', () => {
  it('creates an active source and audits it', async () => {
    const code = uniq();
    const sut = await create(code, '  Search ads  ');
    expect(sut).toMatchObject({ code, name: 'Search ads', channel: 'paid_search', active: true });
    const audit = await lastAudit(`lead-source:${code}`);
    expect(audit).toMatchObject({ action: 'lead_source.created', user_id: admin.id });
    expect(audit!.details).toMatchObject({ before: null, after: { code, name: 'Search ads' } });
    const listed = (await api('GET', '/api/lead-sources', operator)).json() as LeadSourceView[];
    expect(listed.map((l) => l.code)).toContain(code);
  });

  it('answers 409 lead-source-code-taken for a duplicate code and writes nothing', async () => {
    const code = uniq();
    await create(code);
    const res = await api('POST', '/api/lead-sources', admin, { code, name: 'Again' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('lead-source-code-taken');
    expect((await lastAudit(`lead-source:${code}`))!.action).toBe('lead_source.created');
  });

  it('answers 400 to a bad code, a blank name, or an unknown field', async () => {
    for (const body of [{ code: 'Bad Code', name: 'x' }, { code: uniq(), name: '   ' }, { code: uniq() }, { code: uniq(), name: 'x', cost: 1 }]) {
      const res = await api('POST', '/api/lead-sources', admin, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('validation-failed');
    }
  });

  it('refuses every role but admin', async () => {
    for (const who of [operator, supervisor]) {
      expect((await api('POST', '/api/lead-sources', who, { code: uniq(), name: 'x' })).statusCode).toBe(403);
    }
  });
});

describe('PATCH /api/lead-sources/:id', () => {
  it('renames, deactivates and reactivates, each audited with before and after', async () => {
    const src = await create();
    const target = `lead-source:${src.code}`;
    const renamed = await api('PATCH', `/api/lead-sources/${src.id}`, admin, { name: 'Search ads (Google)' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ id: src.id, code: src.code, name: 'Search ads (Google)', active: true });
    expect(await lastAudit(target)).toMatchObject({ action: 'lead_source.updated', details: { before: { name: 'Search ads' }, after: { name: 'Search ads (Google)' } } });

    const off = await api('PATCH', `/api/lead-sources/${src.id}`, admin, { active: false });
    expect(off.json()).toMatchObject({ active: false });
    expect(await lastAudit(target)).toMatchObject({ action: 'lead_source.deactivated', details: { before: { active: true }, after: { active: false } } });
    expect(((await api('GET', '/api/lead-sources', operator)).json() as LeadSourceView[]).map((l) => l.code)).not.toContain(src.code);
    const all = (await api('GET', '/api/lead-sources?includeInactive=true', admin)).json() as LeadSourceView[];
    expect(all.find((l) => l.code === src.code)).toMatchObject({ active: false });

    const on = await api('PATCH', `/api/lead-sources/${src.id}`, admin, { active: true });
    expect(on.json()).toMatchObject({ active: true });
    expect((await lastAudit(target))!.action).toBe('lead_source.reactivated');
  });

  it('answers 404 to an unknown id, 400 to an empty or bad body, 403 to a non-admin', async () => {
    const src = await create();
    expect((await api('PATCH', '/api/lead-sources/999999', admin, { name: 'x' })).statusCode).toBe(404);
    for (const body of [{}, { name: '' }, { active: 'no' }, { code: 'other' }]) {
      expect((await api('PATCH', `/api/lead-sources/${src.id}`, admin, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await api('PATCH', `/api/lead-sources/${src.id}`, supervisor, { name: 'x' })).statusCode).toBe(403);
  });
});

describe('a deactivated source and customers', () => {
  it('is refused to a new customer, kept on an existing one, and kept in the analytical report', async () => {
    const src = await create();
    const kept = await api('POST', '/api/customers', operator, { fullName: 'Kept Source', leadSource: src.code });
    expect(kept.statusCode, kept.body).toBe(201);
    await api('PATCH', `/api/lead-sources/${src.id}`, admin, { active: false });

    const refused = await api('POST', '/api/customers', operator, { fullName: 'New Customer', leadSource: src.code });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('deactivated');
    const id = (kept.json() as { id: number }).id;
    const edited = await api('PATCH', `/api/customers/${id}`, operator, { fullName: 'Kept Source Renamed', leadSource: src.code });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ leadSource: { code: src.code } });

    const report = await api('GET', '/api/reports/analytical/lead-sources', supervisor);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.body).toContain(src.code);
  });
});
