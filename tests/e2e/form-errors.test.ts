/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/user.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import formErrors from '../../console/src/i18n/features/form-errors';

// Issue #22.4: the server's validation errors are shown under the field they concern, in the user's language, once
// (the campaign price error used to show twice: the English headline and again in a list of raw JSON pointers);
// text inputs carry the schema's maxLength.
describe('server validation errors, placed by field and translated', () => {
  let stack: ConsoleStack;
  let manager: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({ sim: { agents: ['1001'], queues: { support: ['1001'] } } });
    manager = await createUser(stack.services, stack.app, { role: 'campaign_manager', extension: null });
    admin = await createUser(stack.services, stack.app, { role: 'admin', extension: null });
    await stack.db.db.insertInto('products').values({ sku: 'FORM-ERR-1', name: 'Fibre 500', kind: 'service', price: '40.00' }).execute();
    await stack.services.segments.create({ name: 'Everyone tagged form', rules: { all: [{ type: 'tags', match: 'any', tags: ['form'] }] } }, null);
    await stack.waitConnected();
  }, 480_000);

  afterAll(async () => { await stack?.close(); });

  async function setLocale(user: TestUser, locale: string): Promise<void> {
    const res = await stack.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: { authorization: `Bearer ${user.token}` }, payload: { locale } });
    expect(res.statusCode).toBe(200);
  }

  it('Russian: a negative campaign price is reported once, under the price, in Russian', async () => {
    await setLocale(manager, 'ru');
    const page = await stack.login(manager);
    await page.waitForFunction(() => document.documentElement.lang === 'ru');
    await page.goto(`${stack.url}/campaigns`);
    const form = page.locator('[data-testid=campaign-form]');
    await form.waitFor();
    expect(await page.getAttribute('[data-testid=campaign-name]', 'maxlength')).toBe('200');
    expect(await page.getAttribute('[data-testid=campaign-terms]', 'maxlength')).toBe('4000');
    await page.fill('[data-testid=campaign-name]', 'Negative price');
    await page.selectOption('[data-testid=campaign-segment]', { label: 'Everyone tagged form' });
    await page.selectOption('[data-testid=campaign-product]', { label: 'Fibre 500' });
    await page.fill('[data-testid=campaign-price]', '-5');
    await page.click('[data-testid=campaign-save]');

    const priceError = form.locator('[data-testid=field-error][data-field="/offer/price"]');
    await priceError.waitFor();
    expect(await priceError.textContent()).toBe('Не меньше 0');
    expect(await page.getAttribute('[data-testid=campaign-price]', 'aria-invalid')).toBe('true');
    expect((await page.textContent('[data-testid=campaign-error]'))?.trim()).toBe(formErrors.ru.formErr.summary);
    // Once: the headline does not repeat it, no raw pointer or English schema text anywhere in the form.
    const text = await form.innerText();
    expect(text.split('Не меньше 0').length - 1).toBe(1);
    expect(text).not.toMatch(/\/offer\/price|must be|body\//);
    await page.screenshot({ path: 'docs/img/form-errors-campaign-ru.png' });
    await page.close();
  }, 120_000);

  it('Indonesian: a blank display name is reported under it, in Indonesian', async () => {
    await setLocale(admin, 'id');
    const page = await stack.login(admin);
    await page.waitForFunction(() => document.documentElement.lang === 'id');
    await page.goto(`${stack.url}/admin/users`);
    await page.waitForSelector('[data-testid=user-create]');
    expect(await page.getAttribute('[data-testid=user-display-name]', 'maxlength')).toBe('120');
    await page.fill('[data-testid=user-username]', 'blank.name');
    await page.fill('[data-testid=user-display-name]', '   ');
    await page.click('[data-testid=user-create-submit]');
    const nameError = page.locator('[data-testid=user-create] [data-testid=field-error][data-field=displayName]');
    await nameError.waitFor();
    expect(await nameError.textContent()).toBe(formErrors.id.formErr.kw.required);
    expect((await page.textContent('[data-testid=admin-users-error]'))?.trim()).toBe(formErrors.id.formErr.summary);
    expect(await page.innerText('[data-testid=admin-users]')).not.toMatch(/must NOT|must have|body\//);
    await page.close();
  }, 120_000);
});
