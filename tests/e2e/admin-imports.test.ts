/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/user.factory';
import { createLeadSource } from '../factories/customer.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

// Issue #21, Admin → Import customers as an admin clicks it: upload a CSV with 300 good rows and two bad phone
// numbers, watch the background check finish, read the flagged rows in the page and in the downloaded errors CSV,
// then import the valid rows only. The dry run writes nothing; the import writes exactly the valid rows.
describe('Admin → Import customers', () => {
  let stack: ConsoleStack;
  let admin: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack();
    admin = await createUser(stack.services, stack.app, { role: 'admin', extension: null });
    await stack.waitConnected();
  });
  afterAll(async () => { await stack?.close(); });

  it('uploads, shows the check\'s row errors, downloads them, imports the valid rows', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `Import Person ${i},imp${i}@example.com,+1415556${String(i).padStart(4, '0')}`);
    rows.splice(10, 0, 'Bad Phone One,bad1@example.com,not a phone'); // row 12 (header is row 1)
    rows.splice(100, 0, 'Bad Phone Two,bad2@example.com,12'); // row 102
    const csv = ['full_name,email,phones', ...rows].join('\n');

    const page = await stack.login(admin);
    await page.click('[data-testid=nav-admin]');
    await page.click('[data-testid=admin-imports-link]');
    await page.waitForSelector('[data-testid=admin-imports]');
    await page.setInputFiles('[data-testid=import-file]', { name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('[data-testid=import-upload-submit]');

    await page.waitForSelector('[data-testid=import-current][data-status=checked]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=import-rows]')).toBe('302');
    expect(await page.textContent('[data-testid=import-valid]')).toBe('300');
    expect(await page.textContent('[data-testid=import-invalid]')).toBe('2');
    expect(await page.textContent('[data-testid=import-error-12]')).toContain('phones');
    expect(await page.textContent('[data-testid=import-error-102]')).toContain('phones');
    expect(await stack.services.db.selectFrom('customers').select('id').where('full_name', 'like', 'Import Person %').execute()).toHaveLength(0);
    expect(await page.$('[data-testid=import-start]')).toBeNull();

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=import-errors-csv]')]);
    const errorsCsv = await readFile((await download.path())!, 'utf8');
    expect(errorsCsv.trim().split('\n')).toHaveLength(3);
    expect(errorsCsv).toMatch(/^12,phones,/m);
    // Issue #22: the header is the screen's own labels in the user's language, not the API's keys.
    expect(errorsCsv.replace(/^\uFEFF/, '').split('\n')[0]).toBe('Row,Column,Problem,Error code');

    await page.click('[data-testid=import-start-valid]');
    await page.waitForSelector('[data-testid=import-current][data-status=imported]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=import-imported]')).toBe('300');
    expect(await page.textContent('[data-testid=import-status]')).toBe('Imported');
    const written = await stack.services.db.selectFrom('customers').select('full_name').where('full_name', 'like', 'Import Person %').execute();
    expect(written).toHaveLength(300);
    expect(await stack.services.db.selectFrom('customers').select('id').where('full_name', 'like', 'Bad Phone %').execute()).toHaveLength(0);
  }, 180_000);

  it('words the row errors in the reader\'s language from their codes, a deactivated lead source among them', async () => {
    const ruAdmin = await createUser(stack.services, stack.app, { role: 'admin', extension: null });
    await stack.services.db.updateTable('users').set({ locale: 'ru' }).where('id', '=', ruAdmin.id).execute();
    const fair = await createLeadSource(stack.services, 'old-fair');
    await stack.services.leadSources.update(fair.id, { active: false }, { id: ruAdmin.id, ip: null });
    const csv = ['full_name,phones,lead_source', 'Ru Good,+14155557001,', 'Ru Short,12,', 'Ru Old Fair,+14155557002,old-fair'].join('\n');

    const page = await stack.login(ruAdmin);
    await page.click('[data-testid=nav-admin]');
    await page.click('[data-testid=admin-imports-link]');
    await page.waitForSelector('[data-testid=admin-imports]');
    await page.setInputFiles('[data-testid=import-file]', { name: 'ru.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('[data-testid=import-upload-submit]');
    await page.waitForSelector('[data-testid=import-current][data-status=checked]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=import-status]')).toBe('Проверен');
    expect(await page.textContent('[data-testid=import-error-3]')).toContain('номер «12» слишком короткий');
    expect(await page.textContent('[data-testid=import-error-4]')).toContain('источник клиентов «old-fair» отключён');
    // Not the English sentence the API also sends.
    expect(await page.textContent('[data-testid=import-errors]')).not.toMatch(/too short|deactivated/);
  }, 180_000);
});
