import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { createLeadSource } from '../../factories/customer.factory';

let ctx: TestContext;
let manager: TestUser;
beforeAll(async () => {
  ctx = await createTestContext({ env: { DEFAULT_REGION: 'US', DEFAULT_TIMEZONE: 'Europe/Berlin' } });
  manager = await createUser(ctx.services, ctx.app, { role: 'campaign_manager' });
  await createLeadSource(ctx.services, 'fair-2025');
});
afterAll(async () => { await ctx.close(); });

const importCsv = (csv: string, qs = '') => ctx.app.inject({ method: 'POST', url: `/api/customers/import${qs}`, headers: { ...authHeader(manager), 'content-type': 'text/csv' }, payload: csv });
const countCustomers = async () => Number((await ctx.db.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

const GOOD = [
  'full_name,company,email,phones,region,timezone,lead_source,birthday,tags',
  'Imported One,Acme,One@Example.com,(415) 555-2671;+44 20 7946 0958,north,America/Chicago,fair-2025,1980-02-29,vip;Newsletter',
  '"Two, Imported","Quote ""Co""",,212.555.0199,,,,,',
  '',
].join('\r\n');

describe('POST /api/customers/import', () => {
  it('dry run validates and reports the row count without importing', async () => {
    const before = await countCustomers();
    const res = await importCsv(GOOD, '?dryRun=true');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ dryRun: true, rows: 2, imported: 0, importId: expect.any(Number) });
    expect(await countCustomers()).toBe(before);
  });

  it('imports every row in one go with normalised phones, lead source, default time zone; audited', async () => {
    const res = await importCsv(`\uFEFF${GOOD}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ dryRun: false, rows: 2, imported: 2, importId: expect.any(Number) });
    const found = await ctx.app.inject({ method: 'GET', url: '/api/customers?q=imported&sort=name', headers: authHeader(manager) });
    const [one, two] = found.json().items;
    expect(one).toMatchObject({ fullName: 'Imported One', email: 'one@example.com', timezone: 'America/Chicago', birthday: '1980-02-29', tags: ['vip', 'newsletter'], leadSource: { code: 'fair-2025' } });
    expect(one.phones.map((p: { e164: string }) => p.e164)).toEqual(['+14155552671', '+442079460958']);
    expect(two).toMatchObject({ fullName: 'Two, Imported', company: 'Quote "Co"', email: null, timezone: 'Europe/Berlin', phones: [expect.objectContaining({ e164: '+12125550199' })] });
    const audit = await ctx.services.audit.list({ limit: 5, action: 'customers.imported' });
    expect(audit[0]).toMatchObject({ user_id: manager.id });
  });

  it('one bad row rejects the whole file with 422 and row-level errors; nothing is imported', async () => {
    const before = await countCustomers();
    const csv = [
      'full_name,email,phones,lead_source,birthday,timezone',
      'Fine Person,fine@example.com,+1 415 555 0123,,,',
      ',not-an-email,anonymous;12,tv-ad,1999-13-01,Moon/Base',
      'Also Fine,,,,,',
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.statusCode).toBe(422);
    const err = res.json().error;
    expect(err.code).toBe('import-rejected');
    expect(err.details.errors).toEqual(expect.arrayContaining([
      { row: 3, column: 'full_name', code: 'required', params: {}, message: 'is required' },
      expect.objectContaining({ row: 3, column: 'email', code: 'email-invalid', params: { value: 'not-an-email' } }),
      expect.objectContaining({ row: 3, column: 'phones', code: 'phone-withheld', params: { value: 'anonymous' }, message: expect.stringContaining('withheld') }),
      expect.objectContaining({ row: 3, column: 'phones', code: 'phone-too-short', params: { value: '12' }, message: expect.stringContaining('too short') }),
      expect.objectContaining({ row: 3, column: 'lead_source', code: 'lead-source-unknown', params: { value: 'tv-ad' } }),
      expect.objectContaining({ row: 3, column: 'birthday', code: 'birthday-invalid' }),
      expect.objectContaining({ row: 3, column: 'timezone', code: 'timezone-unknown', params: { value: 'Moon/Base' } }),
    ]));
    expect(err.details.errors.every((e: { row: number }) => e.row === 3)).toBe(true);
    expect(await countCustomers()).toBe(before);
  });

  it('a header without full_name, an unknown column, broken CSV or an empty file are 422 too', async () => {
    expect((await importCsv('name_of_person\nX\n')).json().error.details.errors[0]).toMatchObject({ row: 1 });
    expect((await importCsv('full_name,shoe_size\nX,42\n')).json().error.details.errors).toEqual([expect.objectContaining({ row: 1, column: 'shoe_size' })]);
    expect((await importCsv('full_name,company\n"unterminated,x\n')).statusCode).toBe(422);
    expect((await importCsv('full_name,company\nA,B,C\n')).statusCode).toBe(422);
    expect((await importCsv('')).statusCode).toBe(422);
    expect((await importCsv('full_name\n')).statusCode).toBe(422);
  });

  it('refuses a deactivated lead source per row with its own code, and takes it again once reactivated', async () => {
    const src = await createLeadSource(ctx.services, 'retired-fair');
    await ctx.db.db.updateTable('lead_sources').set({ active: false }).where('id', '=', src.id).execute();
    const csv = 'full_name,lead_source\nRetired Source One,retired-fair\nRetired Source Two,fair-2025\n';
    const res = await importCsv(csv, '?dryRun=true');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.details.errors).toEqual([
      { row: 2, column: 'lead_source', code: 'lead-source-inactive', params: { value: 'retired-fair' }, message: expect.stringContaining('deactivated') },
    ]);
    await ctx.db.db.updateTable('lead_sources').set({ active: true }).where('id', '=', src.id).execute();
    expect((await importCsv(csv, '?dryRun=true')).statusCode).toBe(200);
  });

  it('accepts a file above the 1 MB JSON limit', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `Bulk Customer ${i},Company ${i},bulk${i}@example.com`);
    const csv = `full_name,company,email\n${rows.join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const res = await importCsv(csv, '?dryRun=true');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json().rows).toBe(30_000);
  });
});

describe('GET /api/customers/export.csv', () => {
  it('exports the search as CSV, neutralises formula cells, and is audited', async () => {
    await ctx.services.customers.create({ fullName: '=HYPERLINK("http://evil")', company: 'Imported formula' }, { id: manager.id, role: manager.role });
    const res = await ctx.app.inject({ method: 'GET', url: '/api/customers/export.csv?q=imported&sort=name', headers: authHeader(manager) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('id,full_name,company,email,phones,region,timezone,lead_source,birthday,tags,total_spend,created_at');
    expect(lines).toHaveLength(4);
    expect(res.body).toContain('+14155552671;+442079460958');
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const audit = await ctx.services.audit.list({ limit: 5, action: 'customers.exported' });
    expect(audit[0]).toMatchObject({ user_id: manager.id });
    const operator = await createUser(ctx.services, ctx.app, { role: 'operator' });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/customers/export.csv', headers: authHeader(operator) })).statusCode).toBe(403);
  });
});
