/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories/user.factory';
import { createCustomer, createProduct } from '../factories/customer.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually, waitForAgentState } from './support/console-page';

// Issue #23, next best offer, in Chromium: an inbound pop shows the caller's ranked offers with why; the operator
// marks the first one accepted in the wrap-up, which records the outcome and the purchase.
const EXT = '1001';

describe('next best offer in the pop and the wrap-up', () => {
  let stack: ConsoleStack;
  let operator: TestUser;
  let page: Page;
  let customerId: number;
  let routerOffer: number;
  let routerProduct: number;
  let tvOffer: number;

  beforeAll(async () => {
    stack = await startConsoleStack({ sim: { agents: [EXT], queues: { support: [EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } } });
    stack.sim.pauseMember(`PJSIP/${EXT}`, true, 'login', null);
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT });
    const manager = await createUser(stack.services, stack.app, { role: 'campaign_manager', extension: null });
    const base = await createProduct(stack.services, { name: 'Fibre 100', kind: 'service', price: '30.00' });
    const router = await createProduct(stack.services, { name: 'Mesh router', price: '120.00' });
    const tv = await createProduct(stack.services, { name: 'Sports TV', kind: 'service', price: '15.00' });
    routerProduct = router.id;
    const customer = await createCustomer(stack.services, { fullName: 'Nora Buyer', phones: [{ number: '+12125550188', kind: 'mobile' }] });
    customerId = customer.id;
    await stack.db.db.insertInto('purchases').values({ customer_id: customer.id, product_id: base.id, amount: '30.00' }).execute();
    const offers = stack.services.offers;
    routerOffer = (await offers.create({ productId: router.id, name: 'Mesh router upgrade', price: 120, margin: 40, script: 'Covers every room.',
      eligibility: { type: 'owns_products', productIds: [base.id] } }, manager.id)).id;
    tvOffer = (await offers.create({ productId: tv.id, name: 'Sports TV pack', price: 15, margin: 5, eligibility: { all: [{ type: 'do_not_call', value: false }] } }, manager.id)).id;
    // A history the model learns from: owners of Fibre 100 took the router 80% of the time, others 10%.
    const rows = [];
    for (let i = 0; i < 200; i++) {
      const owns = i % 2 === 0;
      const accepted = owns ? i % 10 !== 0 : i % 10 === 1;
      for (const offerId of [routerOffer, tvOffer]) {
        rows.push({ offer_id: offerId, customer_id: customer.id, result: accepted === (offerId === routerOffer) ? 'accepted' : 'refused',
          refusal_code: accepted === (offerId === routerOffer) ? null : 'no_need', features: (owns ? { [`owns:${base.sku}`]: 1 } : {}) as never,
          occurred_at: new Date(Date.now() - (200 + i) * 86_400_000) });
      }
    }
    await stack.db.db.insertInto('offer_outcomes').values(rows).execute();
    await stack.services.offerModels.refit();
    await stack.waitConnected();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('shows the ranked offers with reasons, and an acceptance in the wrap-up records the outcome and the purchase', async () => {
    page = await stack.login(operator);
    await page.click('[data-testid=agent-ready]');
    await waitForAgentState(page, 'ready');
    await eventually(() => stack.sim.model.membersOf(EXT).every(({ member }) => !member.paused), 'member unpaused');

    const call = stack.sim.placeInboundCall({ from: '2125550188', queue: 'support' });
    await page.waitForSelector('[data-testid=pop-offers]');
    const first = page.locator('[data-testid=pop-offer-1]');
    expect(await first.locator('[data-testid=pop-offer-name]').textContent()).toBe('Mesh router upgrade');
    const why = (await first.locator('[data-testid=pop-offer-why]').textContent()) ?? '';
    expect(why).toContain('owns Fibre 100');
    expect(why).toMatch(/\d+% of similar customers accepted/);
    expect(await page.locator('[data-testid=pop-offer-2] [data-testid=pop-offer-name]').textContent()).toBe('Sports TV pack');
    await page.screenshot({ path: 'docs/img/console-pop-offers.png' });

    await page.click('[data-testid=softphone-answer]');
    await waitForAgentState(page, 'on_call');
    stack.sim.hangup({ linkedid: call.linkedid, by: 'caller' });
    await page.waitForSelector('[data-testid=wrapup-form]');
    await page.waitForSelector('[data-testid=wrapup-nbo]');
    await page.selectOption('[data-testid=wrapup-disposition]', 'sale');
    await page.selectOption('[data-testid=wrapup-nbo-result-1]', 'accepted');
    await page.click('[data-testid=wrapup-submit]');
    await page.waitForSelector('[data-testid=wrapup-form]', { state: 'detached' });

    const outcomes = await stack.db.db.selectFrom('offer_outcomes').select(['offer_id', 'result', 'purchase_id', 'direction'])
      .where('customer_id', '=', customerId).where('wrapup_id', 'is not', null).orderBy('offer_id').execute();
    expect(outcomes.map((o) => [o.offer_id, o.result, o.direction])).toEqual([[routerOffer, 'accepted', 'inbound'], [tvOffer, 'not_offered', 'inbound']]);
    const purchase = await stack.db.db.selectFrom('purchases').select(['id', 'amount', 'source']).where('customer_id', '=', customerId).where('product_id', '=', routerProduct).executeTakeFirst();
    expect(purchase).toEqual({ id: outcomes[0]!.purchase_id, amount: '120.00', source: 'offer' });
  });
});
