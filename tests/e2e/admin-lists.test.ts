/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories/user.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually } from './support/console-page';

// Issue #21, managed lists as an admin clicks them: Admin → Lists adds a pause reason with a Russian label,
// renames another in Russian, retires a third; an operator whose console is in Russian and stays open all along
// sees each change in the pause menu without reloading (lists:changed), and the audit log has the rows.
describe('Admin → Lists', () => {
  let stack: ConsoleStack;
  let admin: TestUser;
  let operator: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack();
    admin = await createUser(stack.services, stack.app, { role: 'admin', extension: null });
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: '1001' });
    await stack.services.db.updateTable('users').set({ locale: 'ru' }).where('id', '=', operator.id).execute();
    await stack.waitConnected();
  });
  afterAll(async () => { await stack?.close(); });

  const pauseMenu = (page: Page) => page.$$eval('[data-testid=pause-reason] option', (os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent?.trim() ?? '' })));
  const menuHas = (page: Page, what: (m: Array<{ value: string; text: string }>) => boolean, label: string) =>
    eventually(async () => what(await pauseMenu(page)), label);

  it('adds, relabels and retires pause reasons; an open operator console follows without a reload', async () => {
    const opPage = await stack.login(operator);
    await menuHas(opPage, (m) => m.some((o) => o.value === 'lunch' && o.text === 'Обед'), 'the seeded Russian label');

    const page = await stack.login(admin);
    page.on('dialog', (d) => void d.accept());
    await page.click('[data-testid=nav-admin]');
    await page.click('[data-testid=admin-lists-link]');
    await page.waitForSelector('[data-testid=admin-lists]');
    await page.click('[data-testid=lists-tab-pause-reasons]');
    await page.waitForSelector('[data-testid=list-row-lunch]');

    // Add: code, default label, then its Russian label on the new row.
    await page.fill('[data-testid=list-new-code]', 'coaching');
    await page.fill('[data-testid=list-new-label]', 'Coaching');
    await page.click('[data-testid=list-new-submit]');
    await page.waitForSelector('[data-testid=list-row-coaching]');
    await page.fill('[data-testid=list-label-ru-coaching]', 'Коучинг');
    await page.click('[data-testid=list-save-coaching]');
    await menuHas(opPage, (m) => m.some((o) => o.value === 'coaching' && o.text === 'Коучинг'), 'the new reason in Russian');

    // Rename lunch in Russian only. While the admin is typing, another admin changes another reason: the pushed
    // reload refreshes that row and keeps what is being typed here (it used to reset every row).
    await page.fill('[data-testid=list-label-ru-lunch]', 'Обеденный перерыв');
    const other = await createUser(stack.services, stack.app, { role: 'admin', extension: null });
    const res = await stack.app.inject({ method: 'PATCH', url: '/api/lists/pause-reasons/break', headers: { authorization: `Bearer ${other.token}` }, payload: { labels: { ru: 'Короткий перерыв' } } });
    expect(res.statusCode, res.body).toBe(200);
    await page.waitForFunction(() => (document.querySelector('[data-testid=list-label-ru-break]') as HTMLInputElement | null)?.value === 'Короткий перерыв');
    expect(await page.inputValue('[data-testid=list-label-ru-lunch]')).toBe('Обеденный перерыв');
    await page.click('[data-testid=list-save-lunch]');
    await menuHas(opPage, (m) => m.some((o) => o.value === 'lunch' && o.text === 'Обеденный перерыв'), 'the renamed label');

    // Move coaching to the top of the menu.
    const codes = async () => page.$$eval('[data-testid=lists-table] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-testid')!.replace('list-row-', '')));
    while ((await codes())[0] !== 'coaching') {
      const before = await codes();
      await page.click('[data-testid=list-up-coaching]');
      await eventually(async () => (await codes()).indexOf('coaching') < before.indexOf('coaching'), 'coaching moved up');
    }
    await menuHas(opPage, (m) => m.filter((o) => o.value)[0]?.value === 'coaching', 'coaching first in the menu');

    // Retire training: out of the menu, still listed as retired for the admin; the system reasons cannot be retired.
    await page.click('[data-testid=list-retire-training]');
    await page.waitForSelector('[data-testid=list-restore-training]');
    expect(await page.textContent('[data-testid=list-status-training]')).toBe('Retired');
    await menuHas(opPage, (m) => !m.some((o) => o.value === 'training') && m.some((o) => o.value === 'break'), 'training gone from the menu');
    expect(await page.$('[data-testid=list-retire-login]')).toBeNull();

    // A reason in use cannot be deleted: the operator pauses with coaching, the admin's delete says retire instead.
    await opPage.selectOption('[data-testid=pause-reason]', 'coaching');
    await opPage.click('[data-testid=agent-pause]');
    await opPage.waitForSelector('[data-testid=agent-reason][data-reason=coaching]');
    expect(await opPage.textContent('[data-testid=agent-reason]')).toBe('Коучинг');
    await page.click('[data-testid=list-delete-coaching]');
    expect(await (await page.waitForSelector('[data-testid=lists-error]')).textContent()).toContain('retire');

    const actions = (await stack.services.db.selectFrom('audit_log').select(['action', 'target']).where('action', 'like', 'list.%').orderBy('id').execute())
      .map((r) => `${r.action} ${r.target}`);
    expect(actions).toEqual(expect.arrayContaining([
      'list.item_created pause-reasons:coaching', 'list.item_updated pause-reasons:coaching', 'list.item_updated pause-reasons:lunch',
      'list.reordered pause-reasons', 'list.item_retired pause-reasons:training',
    ]));
  });
});
