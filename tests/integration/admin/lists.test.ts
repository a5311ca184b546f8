import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { connectSocket } from '../../support/socket-client';
import { seedReferenceData } from '../../../server/db/seed-reference';
import type { ListItem, ListsReply } from '@contract/lists.schemas';
import { startFanout } from '../../../server/realtime/fanout';

// Issue #21, managed lists: dispositions, pause reasons, refusal reasons and products edited by an admin, with
// labels per language, audit rows, retire-not-delete, and a push to open consoles. Each route: validation, roles,
// audit row (role-matrix.test.ts walks every role).
let ctx: TestContext;
let url: string;
let admin: TestUser;
let operator: TestUser;
let seq = 0;
let stopFanout: () => void = () => {};
const uniq = () => `t${process.pid}${(seq += 1)}`;

beforeAll(async () => {
  ctx = await createTestContext();
  await seedReferenceData(ctx.db.db);
  url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  stopFanout = startFanout(ctx.services.bus, ctx.app.gateway.io, {}, ctx.services.log);
  admin = await createUser(ctx.services, ctx.app, { role: 'admin', extension: null });
  operator = await createUser(ctx.services, ctx.app, { role: 'operator', extension: null });
});
afterAll(async () => { stopFanout(); await ctx?.close(); });

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, who: { token: string }, payload?: unknown) =>
  ctx.app.inject({ method, url: path, headers: authHeader(who), ...(payload === undefined ? {} : { payload: payload as never }) });
const lists = async (who: TestUser = operator) => (await api('GET', '/api/lists', who)).json() as ListsReply;
const lastAudit = (target: string) => ctx.services.db.selectFrom('audit_log').selectAll().where('target', '=', target).orderBy('id', 'desc').limit(1).executeTakeFirst();

describe('GET /api/lists', () => {
  it('gives every list to any signed-in user, with per-language labels, retired items included for history', async () => {
    const sut = await lists();
    const refusal = sut['refusal-reasons'].find((r) => r.code === 'too_expensive')!;
    expect(refusal.labels).toMatchObject({ en: 'Too expensive', ru: 'Слишком дорого', hi: 'बहुत महंगा' });
    expect(sut['refusal-reasons'].find((r) => r.code === 'other')!.system).toBe(true);
    expect(sut.dispositions.find((d) => d.code === 'sale')).toMatchObject({ category: 'sale', active: true, labels: { ru: 'Продажа' } });
    expect(sut['pause-reasons'].find((p) => p.code === 'login')).toMatchObject({ system: true, labels: { mn: 'Дөнгөж нэвтэрсэн' } });
  });
});

describe('POST /api/lists/:list', () => {
  it('adds a disposition with labels, audits it, and pushes lists:changed to an open console', async () => {
    const sock = await connectSocket(url, operator.token);
    try {
      const code = uniq();
      const res = await api('POST', '/api/lists/dispositions', admin, { code, label: 'Promised to pay', category: 'resolved', labels: { ru: 'Обещал оплатить', id: '' } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ code, label: 'Promised to pay', labels: { ru: 'Обещал оплатить' }, active: true, category: 'resolved' });
      expect((res.json() as ListItem).labels).not.toHaveProperty('id');
      await sock.waitFor<{ list: string }>('lists:changed', (p) => p.list === 'dispositions');
      const audit = await lastAudit(`dispositions:${code}`);
      expect(audit).toMatchObject({ action: 'list.item_created', user_id: admin.id });
      expect((audit!.details as { before: unknown; after: { label: string } })).toMatchObject({ before: null, after: { label: 'Promised to pay' } });
      // The wrap-up form's own list offers it.
      const offered = (await api('GET', '/api/dispositions', operator)).json() as Array<{ code: string }>;
      expect(offered.map((d) => d.code)).toContain(code);
    } finally {
      sock.close();
    }
  });

  it('refuses bad input with 400 and a taken code with 409', async () => {
    const bad = [
      ['dispositions', { code: 'Bad Code', label: 'x', category: 'other' }],
      ['dispositions', { code: uniq(), label: 'no category' }],
      ['dispositions', { code: uniq(), label: '   ', category: 'other' }],
      ['refusal-reasons', { code: uniq(), label: 'x', labels: { fr: 'Trop cher' } }],
      ['refusal-reasons', { code: '9starts_with_digit', label: 'x' }],
      ['products', { code: uniq(), label: 'no price', kind: 'service' }],
      ['products', { code: uniq(), label: 'bad price', kind: 'service', price: '-1' }],
      ['pause-reasons', { code: uniq(), label: 'x'.repeat(101) }],
      ['colours', { code: uniq(), label: 'x' }],
    ] as const;
    for (const [list, body] of bad) {
      const res = await api('POST', `/api/lists/${list}`, admin, body);
      expect(res.statusCode, `${list} ${JSON.stringify(body)}: ${res.body}`).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'validation-failed' } });
    }
    const taken = await api('POST', '/api/lists/pause-reasons', admin, { code: 'lunch', label: 'Lunch again' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: { code: 'list-code-taken' } });
  });

  it('is for admins only', async () => {
    const res = await api('POST', '/api/lists/pause-reasons', operator, { code: uniq(), label: 'Nap' });
    expect(res.statusCode).toBe(403);
  });
});

describe('PATCH /api/lists/:list/:code', () => {
  it('renames a refusal reason in one language (a blank label removes it), and the report groups show the new label', async () => {
    const res = await api('PATCH', '/api/lists/refusal-reasons/too_expensive', admin, { label: 'Price too high', labels: { ru: 'Цена высока', hi: '' } });
    expect(res.statusCode, res.body).toBe(200);
    const item = res.json() as ListItem;
    expect(item).toMatchObject({ label: 'Price too high', labels: { ru: 'Цена высока', en: 'Too expensive' } });
    expect(item.labels).not.toHaveProperty('hi');
    const audit = await lastAudit('refusal-reasons:too_expensive');
    expect(audit?.action).toBe('list.item_updated');
    expect(audit?.details).toMatchObject({ before: { label: 'Too expensive', labels: { ru: 'Слишком дорого' } }, after: { label: 'Price too high', labels: { ru: 'Цена высока' } } });
  });

  it('retires a pause reason: gone from the pause menu, still in the lists with its label; restores it', async () => {
    const code = uniq();
    expect((await api('POST', '/api/lists/pause-reasons', admin, { code, label: 'Coaching', labels: { ru: 'Коучинг' } })).statusCode).toBe(201);
    const retired = await api('PATCH', `/api/lists/pause-reasons/${code}`, admin, { active: false });
    expect(retired.json()).toMatchObject({ active: false });
    expect((await lastAudit(`pause-reasons:${code}`))?.action).toBe('list.item_retired');
    const menu = (await api('GET', '/api/pause-reasons', operator)).json() as Array<{ code: string }>;
    expect(menu.map((r) => r.code)).not.toContain(code);
    expect((await lists())['pause-reasons'].find((r) => r.code === code)).toMatchObject({ active: false, labels: { ru: 'Коучинг' } });
    await api('PATCH', `/api/lists/pause-reasons/${code}`, admin, { active: true });
    expect((await lastAudit(`pause-reasons:${code}`))?.action).toBe('list.item_restored');
  });

  it('will not retire what the server itself sets (409), nor change an unknown item (404), nor take an empty change (400)', async () => {
    const system = await api('PATCH', '/api/lists/pause-reasons/login', admin, { active: false });
    expect(system.statusCode).toBe(409);
    expect(system.json()).toMatchObject({ error: { code: 'list-item-system' } });
    expect((await api('PATCH', '/api/lists/refusal-reasons/other', admin, { labels: { id: 'Lain-lain' } })).statusCode).toBe(200);
    expect((await api('PATCH', '/api/lists/dispositions/no_such_code', admin, { label: 'x' })).statusCode).toBe(404);
    expect((await api('PATCH', '/api/lists/dispositions/sale', admin, {})).statusCode).toBe(400);
    expect((await api('PATCH', '/api/lists/dispositions/sale', admin, { code: 'renamed' })).statusCode).toBe(400);
  });

  it('changes a product\'s price and label; a retired product leaves the wrap-up offer list', async () => {
    const code = `SKU-${uniq()}`;
    expect((await api('POST', '/api/lists/products', admin, { code, label: 'Gold plan', kind: 'service', price: '12.50' })).statusCode).toBe(201);
    const res = await api('PATCH', `/api/lists/products/${code}`, admin, { price: '15', labels: { mn: 'Алтан багц' }, active: false });
    expect(res.json()).toMatchObject({ price: '15.00', labels: { mn: 'Алтан багц' }, active: false, kind: 'service' });
    const offered = (await api('GET', '/api/products', operator)).json() as Array<{ sku: string }>;
    expect(offered.map((p) => p.sku)).not.toContain(code);
  });
});

describe('PUT /api/lists/:list/order', () => {
  it('puts the list in the order given and audits before and after', async () => {
    const current = (await lists())['refusal-reasons'].map((r) => r.code);
    const wanted = [...current].reverse();
    const res = await api('PUT', '/api/lists/refusal-reasons/order', admin, { codes: wanted });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as ListItem[]).map((r) => r.code)).toEqual(wanted);
    expect((await lists())['refusal-reasons'].map((r) => r.code)).toEqual(wanted);
    const audit = await lastAudit('refusal-reasons');
    expect(audit).toMatchObject({ action: 'list.reordered', details: { before: current, after: wanted } });
  });

  it('refuses an order that leaves out or invents a code', async () => {
    const current = (await lists())['pause-reasons'].map((r) => r.code);
    expect((await api('PUT', '/api/lists/pause-reasons/order', admin, { codes: current.slice(1) })).statusCode).toBe(400);
    expect((await api('PUT', '/api/lists/pause-reasons/order', admin, { codes: [...current.slice(1), 'invented'] })).statusCode).toBe(400);
    expect((await api('PUT', '/api/lists/pause-reasons/order', admin, { codes: [current[0], current[0]] })).statusCode).toBe(400);
  });
});

describe('DELETE /api/lists/:list/:code', () => {
  it('deletes an item nothing refers to, and refuses one that history uses (409: retire it instead)', async () => {
    const code = uniq();
    await api('POST', '/api/lists/dispositions', admin, { code, label: 'Typo', category: 'other' });
    const gone = await api('DELETE', `/api/lists/dispositions/${code}`, admin);
    expect(gone.statusCode).toBe(204);
    expect((await lastAudit(`dispositions:${code}`))).toMatchObject({ action: 'list.item_deleted', details: { after: null } });
    expect((await lists()).dispositions.map((d) => d.code)).not.toContain(code);

    const used = uniq();
    await api('POST', '/api/lists/pause-reasons', admin, { code: used, label: 'Used' });
    await ctx.services.db.insertInto('agent_state_log').values({ user_id: operator.id, state: 'paused', reason: used, started_at: new Date(), ended_at: new Date() }).execute();
    const refused = await api('DELETE', `/api/lists/pause-reasons/${used}`, admin);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'list-item-in-use' } });
    expect((await api('DELETE', '/api/lists/refusal-reasons/other', admin)).statusCode).toBe(409);
  });
});
