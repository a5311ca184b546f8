import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import type { CustomerImportView } from '@contract/customer-imports.schemas';

// Issue #21, the console's customer import as a background job: upload -> dry run (row errors, structural CSV
// errors next to them, duplicates) -> import; bad files rejected with a clear reason; roles; audit.
let ctx: TestContext;
let manager: TestUser;
let operator: TestUser;
let seq = 0;
const uniq = () => `${process.pid}-${(seq += 1)}`;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.services.customerImports.start();
  manager = await createUser(ctx.services, ctx.app, { role: 'campaign_manager', extension: null });
  operator = await createUser(ctx.services, ctx.app, { role: 'operator', extension: null });
});
afterAll(async () => { await ctx?.close(); });

const upload = (body: string | Buffer, who: TestUser = manager, name = 'customers.csv') =>
  ctx.app.inject({ method: 'POST', url: `/api/customer-imports?name=${encodeURIComponent(name)}`, headers: { ...authHeader(who), 'content-type': 'text/csv' }, payload: body });
const view = async (id: number) => (await ctx.app.inject({ method: 'GET', url: `/api/customer-imports/${id}`, headers: authHeader(manager) })).json() as CustomerImportView;
async function settled(id: number, states: string[]): Promise<CustomerImportView> {
  for (let i = 0; i < 600; i += 1) {
    const v = await view(id);
    if (states.includes(v.status)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`import ${id} never reached ${states.join('/')}: ${JSON.stringify(await view(id))}`);
}
async function uploaded(body: string | Buffer) {
  const res = await upload(body);
  expect(res.statusCode, res.body).toBe(202);
  return settled((res.json() as CustomerImportView).id, ['checked', 'rejected', 'failed']);
}

describe('customer import: dry run', () => {
  it('lists every row error with its row number: bad phones, missing fields, duplicates, a broken quote, a short row', async () => {
    const u = uniq();
    const csv = [
      'full_name,email,phones,timezone',
      `Ann ${u},ann${u}@example.com,+14155550101,America/New_York`, // 2 ok
      `,nobody${u}@example.com,+14155550102,`, // 3 missing name
      `Bob ${u},bob${u}@example.com,not a phone,`, // 4 bad phone
      `Cid ${u},"broken "quote" cell,+14155550103,`, // 5 structural
      `Dee ${u},dee${u}@example.com`, // 6 short row
      `Eve ${u},ann${u}@example.com,+14155550104,`, // 7 duplicate email of row 2
      `Fay ${u},fay${u}@example.com,+14155550105,Mars/Olympus`, // 8 bad timezone
      `Hal ${u},"never closed,+14155550107,`, // 9 structural: the quote would swallow the rest of the file
      `Gus ${u},gus${u}@example.com,+14155550106,`, // 10 ok
    ].join('\n');
    const sut = await uploaded(csv);
    expect(sut).toMatchObject({ status: 'checked', rowsTotal: 9, rowsValid: 2, rowsInvalid: 7, rowsImported: 0, fileName: 'customers.csv' });
    const rows = sut.errors!.map((e) => `${e.row}:${e.column}`);
    expect(rows).toEqual(expect.arrayContaining(['3:full_name', '4:phones', '5:', '6:', '7:email', '8:timezone', '9:']));
    expect(sut.errors!.find((e) => e.row === 7)!.message).toContain('row 2');
    // Each problem has a stable code and the values its sentence names, for the console to word (issue #21).
    const coded = Object.fromEntries(sut.errors!.map((e) => [`${e.row}:${e.column}`, { code: e.code, params: e.params }]));
    expect(coded).toEqual({
      '3:full_name': { code: 'required', params: {} },
      '4:phones': { code: 'phone-invalid-characters', params: { value: 'not a phone' } },
      '5:': { code: 'csv-quote', params: {} },
      '6:': { code: 'cell-count', params: { cells: 2, expected: 4 } },
      '7:email': { code: 'duplicate-email-in-file', params: { row: 2 } },
      '8:timezone': { code: 'timezone-unknown', params: { value: 'Mars/Olympus' } },
      '9:': { code: 'csv-unclosed', params: {} },
    });
    // Nothing was written by the dry run.
    expect(await ctx.services.db.selectFrom('customers').select('id').where('full_name', '=', `Ann ${u}`).execute()).toHaveLength(0);

    const csvRes = await ctx.app.inject({ method: 'GET', url: `/api/customer-imports/${sut.id}/errors.csv`, headers: authHeader(manager) });
    expect(csvRes.statusCode).toBe(200);
    expect(csvRes.headers['content-type']).toContain('text/csv');
    const lines = csvRes.body.trim().split('\n');
    expect(lines[0]).toBe('row,column,message,code');
    expect(lines.some((l) => l.startsWith('8,timezone,') && l.endsWith(',timezone-unknown'))).toBe(true);
    expect(lines).toHaveLength(1 + sut.errors!.length);
  });

  it('flags a row with a deactivated lead source (the console\'s import too)', async () => {
    const u = uniq();
    const src = await ctx.services.leadSources.create({ code: `gone-${u}` , name: 'Gone' }, { id: manager.id, ip: null });
    await ctx.services.leadSources.update(src.id, { active: false }, { id: manager.id, ip: null });
    const sut = await uploaded(`full_name,lead_source\nLs One ${u},gone-${u}\nLs Two ${u},\n`);
    expect(sut).toMatchObject({ status: 'checked', rowsValid: 1, rowsInvalid: 1 });
    expect(sut.errors).toEqual([{ row: 2, column: 'lead_source', code: 'lead-source-inactive', params: { value: `gone-${u}` }, message: expect.stringContaining('deactivated') }]);
  });

  it('rejects files that are not usable CSV with a reason a person can act on', async () => {
    const cases: Array<[string | Buffer, RegExp, string, Record<string, unknown>]> = [
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 0, 0, 9]), /spreadsheet/, 'file-spreadsheet', {}],
      [Buffer.from([0x00, 0x01, 0x02, 0x7f, 0x00, 0x41, 0x42]), /binary|not a text file/, 'file-binary', {}],
      [Buffer.concat([Buffer.from('full_name,company\n'), Buffer.from([0xc8, 0xe2, 0xe0, 0xed]), Buffer.from(',Acme\n')]), /not UTF-8/, 'file-encoding', { offset: 0 }],
      ['full_name;email;phones\nAnn;a@example.com;+14155550101\n', /semicolons/, 'file-delimiter', { delimiter: ';' }],
      ['full_name,shoe_size\nAnn,42\n', /shoe_size/, 'file-header', { problem: 'header-unknown-column' }],
      ['full_name,email\n', /no rows/, 'file-no-rows', {}],
      ['', /empty/, 'file-empty', {}],
    ];
    for (const [body, reason, code, params] of cases) {
      const sut = await uploaded(body);
      expect(sut.status, JSON.stringify(sut)).toBe('rejected');
      expect(sut.error).toMatch(reason);
      expect({ code: sut.errorCode, params: sut.errorParams }).toEqual({ code, params });
    }
  });
});

describe('customer import: import', () => {
  it('imports a clean file in the background, audits it, and refuses a second start', async () => {
    const u = uniq();
    const csv = ['full_name,email,phones,tags', ...Array.from({ length: 1200 }, (_, i) => `Person ${u}-${i},p${i}-${u}@example.com,+1415555${String(i).padStart(4, '0')},vip;new`)].join('\n');
    const checked = await uploaded(csv);
    expect(checked).toMatchObject({ status: 'checked', rowsTotal: 1200, rowsValid: 1200, rowsInvalid: 0 });
    const start = await ctx.app.inject({ method: 'POST', url: `/api/customer-imports/${checked.id}/import`, headers: authHeader(manager), payload: {} });
    expect(start.statusCode, start.body).toBe(202);
    const again = await ctx.app.inject({ method: 'POST', url: `/api/customer-imports/${checked.id}/import`, headers: authHeader(manager), payload: {} });
    expect(again.statusCode).toBe(409);
    const done = await settled(checked.id, ['imported', 'failed']);
    expect(done).toMatchObject({ status: 'imported', rowsImported: 1200 });
    const count = await ctx.services.db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).where('full_name', 'like', `Person ${u}-%`).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1200);
    const audit = await ctx.services.db.selectFrom('audit_log').select(['action', 'user_id']).where('target', '=', String(checked.id)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['customers.import_uploaded', 'customers.import_checked', 'customers.import_started', 'customers.imported']);
    expect(audit.every((a) => a.user_id === manager.id)).toBe(true);

    // The same file again: every row is now a duplicate of an existing customer.
    const dup = await uploaded(csv);
    expect(dup).toMatchObject({ rowsValid: 0, rowsInvalid: 1200 });
    expect(dup.errors![0]!.message).toMatch(/duplicate/);
  });

  it('imports only the valid rows when asked to skip the invalid ones (409 otherwise)', async () => {
    const u = uniq();
    const checked = await uploaded(`full_name,phones\nKim ${u},+14155550199\n,+14155550198\n`);
    expect(checked).toMatchObject({ rowsValid: 1, rowsInvalid: 1 });
    const refused = await ctx.app.inject({ method: 'POST', url: `/api/customer-imports/${checked.id}/import`, headers: authHeader(manager), payload: {} });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'import-has-errors' } });
    expect((await ctx.app.inject({ method: 'POST', url: `/api/customer-imports/${checked.id}/import`, headers: authHeader(manager), payload: { skipInvalid: true } })).statusCode).toBe(202);
    expect(await settled(checked.id, ['imported', 'failed'])).toMatchObject({ status: 'imported', rowsImported: 1 });
  });

  it('is for managers: an operator gets 403, an unknown import 404, a bad body 400', async () => {
    expect((await upload('full_name\nAnn\n', operator)).statusCode).toBe(403);
    const json = await ctx.app.inject({ method: 'POST', url: '/api/customer-imports', headers: authHeader(manager), payload: { full_name: 'Ann' } });
    expect(json.statusCode).toBe(415);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/customer-imports/999999', headers: authHeader(manager) })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/customer-imports/1/import', headers: authHeader(manager), payload: { skipInvalid: 'yes please' } })).statusCode).toBe(400);
  });
});
