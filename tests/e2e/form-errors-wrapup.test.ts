/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/user.factory';
import { createCustomer } from '../factories/customer.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { waitForAgentState } from './support/console-page';
import formErrors from '../../console/src/i18n/features/form-errors';

// Issue #22.4 in the wrap-up drawer: a refused wrap-up showed one line for the whole form. Now the server's issue
// is under its field, in the operator's language (Russian here), with the headline above the buttons; fixing the
// field sends it.
const EXT = '1001';
const ru = formErrors.ru.formErr;

describe('wrap-up: the server\'s issue under its field, in the user language', () => {
  let stack: ConsoleStack;
  let operator: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({ sim: { agents: [EXT], queues: { support: [EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } }, env: { WRAPUP_SECONDS: '600' } });
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT });
    await createCustomer(stack.services, { fullName: 'Vera Wrapup', phones: [{ number: '+12125550188', kind: 'mobile' }] });
    await stack.db.db.insertInto('products').values({ sku: 'WRAP-TV', name: 'TV Premium', kind: 'service', price: '35.00' }).execute();
    await stack.waitConnected();
  });
  afterAll(async () => { await stack?.close(); });

  it('shows "say why" under the refusal reason, then saves once it is given', async () => {
    const res = await stack.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: { authorization: `Bearer ${operator.token}` }, payload: { locale: 'ru' } });
    expect(res.statusCode).toBe(200);
    const page = await stack.login(operator);
    await page.waitForFunction(() => document.documentElement.lang === 'ru');
    await page.click('[data-testid=agent-ready]');
    await waitForAgentState(page, 'ready');

    const call = stack.sim.placeInboundCall({ from: '2125550188', queue: 'support' });
    await page.waitForSelector('[data-testid=softphone-incoming]');
    await page.click('[data-testid=softphone-answer]');
    await waitForAgentState(page, 'on_call');
    await page.waitForSelector('[data-testid=pop-customer-name]:has-text("Vera Wrapup")');
    stack.sim.hangup({ linkedid: call.linkedid, by: 'caller' });
    await page.waitForSelector('[data-testid=wrapup-form]');

    await page.selectOption('[data-testid=wrapup-disposition]', 'offer_refused');
    await page.check('[data-testid=wrapup-offer-toggle]');
    const product = await stack.db.db.selectFrom('products').select('id').where('sku', '=', 'WRAP-TV').executeTakeFirstOrThrow();
    await page.selectOption('[data-testid=wrapup-offer-product]', String(product.id));
    await page.selectOption('[data-testid=wrapup-offer-result]', 'refused');
    await page.click('[data-testid=wrapup-submit]');

    // Refused with no reason: the server names offer.refusalCode. Mutation caught: the drawer's single line.
    const fieldError = page.locator('[data-testid=wrapup-form] [data-testid=field-error][data-field="offer.refusalCode"]');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toBe(ru.reason.invalid);
    expect((await page.textContent('[data-testid=wrapup-error]'))?.trim()).toBe(ru.summary);
    expect(await stack.db.db.selectFrom('wrapups').select('id').execute()).toEqual([]);

    await page.fill('[data-testid=wrapup-refusal-reason]', 'Слишком дорого');
    await page.click('[data-testid=wrapup-submit]');
    await page.waitForSelector('[data-testid=wrapup-form]', { state: 'detached' });
    expect(await stack.db.db.selectFrom('wrapups').select('id').execute()).toHaveLength(1);
  });
});
