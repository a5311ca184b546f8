/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/user.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import formErrors from '../../console/src/i18n/features/form-errors';

// Issue #22.4 on the newer admin screens: a refused save shows each issue under its field in the user's language
// (here Russian), never the server's English, and inputs are bounded by the server's schema limits.
const ru = formErrors.ru.formErr;

describe('admin screens: field errors in the user language', () => {
  let stack: ConsoleStack;
  let admin: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({ env: { DEFAULT_REGION: 'US', DEFAULT_TIMEZONE: 'UTC' } });
    admin = await createUser(stack.services, stack.app, { role: 'admin', extension: null });
    await stack.db.db.insertInto('lead_sources').values({ code: 'radio', name: 'Radio' }).execute();
    await stack.waitConnected();
  });
  afterAll(async () => { await stack?.close(); });

  it('settings: an unknown time zone is refused under its field; lead sources: an empty name under its row', async () => {
    const res = await stack.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: { authorization: `Bearer ${admin.token}` }, payload: { locale: 'ru' } });
    expect(res.statusCode).toBe(200);
    const page = await stack.login(admin);
    await page.waitForFunction(() => document.documentElement.lang === 'ru');

    await page.goto(`${stack.url}/admin/settings`);
    await page.waitForSelector('[data-testid=settings-form]');
    expect(await page.getAttribute('[data-testid=setting-defaultTimezone]', 'maxlength')).toBe('64');
    await page.fill('[data-testid=setting-defaultTimezone]', 'Mars/Olympus');
    await page.click('[data-testid=settings-save]');
    const tzError = page.locator('[data-testid=field-error][data-field=defaultTimezone]');
    await tzError.waitFor();
    // Mutation caught: without the field errors the page had only the headline, nothing under the field.
    expect(await tzError.textContent()).toBe(ru.reason.invalid);
    expect(await page.getAttribute('[data-testid=setting-defaultTimezone]', 'aria-invalid')).toBe('true');

    await page.goto(`${stack.url}/admin/lead-sources`);
    await page.waitForSelector('[data-testid=lead-source-row-radio]');
    expect(await page.getAttribute('[data-testid=lead-source-new-name]', 'maxlength')).toBe('120');
    expect(await page.getAttribute('[data-testid=lead-source-name-radio]', 'maxlength')).toBe('120');
    await page.fill('[data-testid=lead-source-name-radio]', '   ');
    await page.click('[data-testid=lead-source-save-radio]');
    const nameError = page.locator('[data-testid=lead-source-row-radio] [data-testid=field-error][data-field=name]');
    await nameError.waitFor();
    expect(await nameError.textContent()).toBe(ru.kw.required);
    expect((await stack.db.db.selectFrom('lead_sources').select('name').where('code', '=', 'radio').executeTakeFirstOrThrow()).name).toBe('Radio');
  });
});
