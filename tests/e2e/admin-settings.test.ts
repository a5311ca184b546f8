/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/user.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

// Issue #21, Admin → Settings as an admin clicks it: a bad region is refused with a sentence in the page and nothing
// is saved; then wrap-up time, default region and time zone, business days and a holiday are saved in one go, the
// server applies them at once (settings.current(), a customer number parsed by the new region), the audit row has
// exactly the changed keys, and a reload shows what was saved.
describe('Admin → Settings', () => {
  let stack: ConsoleStack;
  let admin: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({ env: { DEFAULT_REGION: 'US', DEFAULT_TIMEZONE: 'UTC', WRAPUP_SECONDS: '60' } });
    admin = await createUser(stack.services, stack.app, { role: 'admin', extension: null });
    await stack.waitConnected();
  });
  afterAll(async () => { await stack?.close(); });

  it('saves changed settings, refuses bad ones with a message, and applies them without a restart', async () => {
    const page = await stack.login(admin);
    await page.click('[data-testid=nav-admin]');
    await page.click('[data-testid=admin-settings-link]');
    await page.waitForSelector('[data-testid=settings-form]');
    expect(await page.inputValue('[data-testid=setting-defaultRegion]')).toBe('US');
    expect(await page.inputValue('[data-testid=setting-defaultTimezone]')).toBe('UTC');
    expect(await page.inputValue('[data-testid=setting-wrapupSeconds]')).toBe('60');

    await page.fill('[data-testid=setting-defaultRegion]', 'ZZ');
    await page.click('[data-testid=settings-save]');
    expect(await (await page.waitForSelector('[data-testid=settings-error]')).textContent()).toContain('Unknown country code');
    expect(stack.services.settings.current().defaultRegion).toBe('US');

    await page.fill('[data-testid=setting-defaultRegion]', 'in');
    await page.fill('[data-testid=setting-defaultTimezone]', 'Asia/Kolkata');
    await page.fill('[data-testid=setting-wrapupSeconds]', '45');
    await page.click('[data-testid=hours-0-day-5]');
    await page.fill('[data-testid=holiday-new]', '2026-12-25');
    await page.click('[data-testid=holiday-add]');
    await page.waitForSelector('[data-testid=holiday-2026-12-25]');
    await page.click('[data-testid=settings-save]');
    expect(await (await page.waitForSelector('[data-testid=settings-notice]')).textContent()).toBe('Settings saved.');

    expect(stack.services.settings.current()).toMatchObject({ defaultRegion: 'IN', defaultTimezone: 'Asia/Kolkata', wrapupSeconds: 45,
      businessHours: [{ days: [1, 2, 3, 4], start: '09:00', end: '20:00' }], holidays: ['2026-12-25'] });
    const customer = await stack.services.customers.create({ fullName: 'Delhi caller', phones: [{ number: '098765 43210' }] }, { id: admin.id, role: 'admin' });
    expect(customer).toMatchObject({ timezone: 'Asia/Kolkata', phones: [expect.objectContaining({ e164: '+919876543210' })] });

    const audit = await stack.services.db.selectFrom('audit_log').select(['details', 'user_id']).where('action', '=', 'settings.updated').execute();
    expect(audit).toHaveLength(1);
    expect(Object.keys((audit[0]!.details as { after: object }).after).sort()).toEqual(['businessHours', 'defaultRegion', 'defaultTimezone', 'holidays', 'wrapupSeconds']);

    await page.reload();
    await page.waitForSelector('[data-testid=settings-form]');
    expect(await page.inputValue('[data-testid=setting-defaultRegion]')).toBe('IN');
    expect(await page.inputValue('[data-testid=setting-wrapupSeconds]')).toBe('45');
    expect(await page.isChecked('[data-testid=hours-0-day-5]')).toBe(false);
    await page.waitForSelector('[data-testid=holiday-2026-12-25]');
  });
});
