/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories/user.factory';
import { seedCampaign, seedCustomer, seedPurchase } from '../factories/campaign.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually, waitForAgentState } from './support/console-page';

// Issue #7 "Outbound upsell campaigns from segments", driven from the console: a campaign manager builds a segment
// in the rule builder, creates and starts a progressive campaign; an operator takes the dialled calls through the
// simulated PBX and records the offer results in the wrap-up; the manager's progress updates by push. Then the
// operator's preview flow: the card, Skip, Dial, and the call placed through the simulator.
const EXT = '1001';
const OWNED = 'Home Internet 100';
const OFFER = 'Wi-Fi 6 router';
const OTHER = 'TV Premium';
const SCRIPT = 'Hello! As a Home Internet customer you can get our Wi-Fi 6 router today.';

describe('campaign manager: segment, progressive campaign, live progress; operator preview', () => {
  let stack: ConsoleStack;
  let manager: TestUser;
  let operator: TestUser;
  let mPage: Page;
  let oPage: Page;
  const product: Record<string, number> = {};
  const matching: Array<{ id: number; name: string; phone: string }> = [];

  beforeAll(async () => {
    stack = await startConsoleStack({
      sim: { agents: [EXT, '1002'], queues: { support: [EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000, customerAnswerMs: 200 } },
      env: { WRAPUP_SECONDS: '600' },
    });
    stack.sim.pauseMember(`PJSIP/${EXT}`, true, 'login', null);
    manager = await createUser(stack.services, stack.app, { role: 'campaign_manager', extension: null });
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT });
    const db = stack.db.db;
    for (const [name, price] of [[OWNED, '29.00'], [OFFER, '129.00'], [OTHER, '35.00']] as const) {
      product[name] = (await db.insertInto('products').values({ sku: name.toUpperCase().replace(/\W+/g, '-'), name, kind: 'service', price }).returning('id').executeTakeFirstOrThrow()).id;
    }
    // Two customers own the product and spent at least 500; one owns it but spent less; one spent more without it.
    const people: Array<[string, Array<[string, string]>, boolean]> = [
      ['Ada Upsell', [[OWNED, '600.00']], true],
      ['Ben Upsell', [[OWNED, '300.00'], [OTHER, '250.00']], true],
      ['Cid Smallspender', [[OWNED, '100.00']], false],
      ['Dee Nointernet', [[OTHER, '900.00']], false],
    ];
    for (const [name, purchases, matches] of people) {
      const c = await seedCustomer(stack.services, { fullName: name, timezone: 'UTC', tags: ['e2e'] });
      for (const [p, amount] of purchases) await seedPurchase(stack.services, c.id, product[p]!, amount);
      if (matches) matching.push({ id: c.id, name, phone: c.phone! });
    }
    await stack.waitConnected();
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** The operator's live campaign call, answered by the simulated customer. */
  async function answeredCampaignCall() {
    const { db } = stack.db;
    return eventually(async () => {
      const row = await db.selectFrom('calls').selectAll().where('agent_user_id', '=', operator.id).where('campaign_attempt_id', 'is not', null)
        .where('status', '<>', 'ended').where('answered_at', 'is not', null).executeTakeFirst();
      return row;
    }, 'an answered campaign call', 20_000);
  }

  // The customer ends the call on the PBX (as in the AMI campaign test); the console learns of it over AMI.
  async function hangUpAndWrapUp(linkedid: string, result: 'accepted' | 'refused', disposition: string, reason?: { code: string; note: string }): Promise<void> {
    expect(stack.sim.hangup({ linkedid, by: 'caller' })).toBe(true);
    await oPage.waitForSelector('[data-testid=wrapup-form]');
    // The campaign's product is already chosen: the operator records only the result.
    await eventually(async () => (await oPage.inputValue('[data-testid=wrapup-offer-product]')) === String(product[OFFER]), 'offer product prefilled');
    await oPage.selectOption('[data-testid=wrapup-disposition]', disposition);
    await oPage.selectOption('[data-testid=wrapup-offer-result]', result);
    // Issue #20.8: the operator picks the reason from the managed list and may add a note.
    if (reason) {
      await oPage.selectOption('[data-testid=wrapup-refusal-code]', reason.code);
      await oPage.fill('[data-testid=wrapup-refusal-reason]', reason.note);
    }
    await oPage.click('[data-testid=wrapup-submit]');
    await oPage.waitForSelector('[data-testid=wrapup-form]', { state: 'detached' });
  }

  it('builds a segment in the rule builder, runs a progressive campaign, and shows the pushed progress', async () => {
    const { db } = stack.db;
    mPage = await stack.login(manager);
    await mPage.click('[data-testid=nav-campaigns]');
    await mPage.waitForURL(/\/campaigns$/);
    await mPage.waitForSelector('[data-testid=segment-builder]');

    // Rule builder: owns the internet product AND total spend at least 500.
    const conditions = mPage.locator('[data-testid=segment-condition]');
    await conditions.nth(0).locator('[data-testid=condition-type]').selectOption('owns_products');
    await conditions.nth(0).locator('.chip', { hasText: OWNED }).click();
    await mPage.locator('[data-testid=add-condition]').first().click();
    await conditions.nth(1).locator('[data-testid=condition-type]').selectOption('total_spend');
    await conditions.nth(1).locator('[data-testid=condition-op]').selectOption('gte');
    await conditions.nth(1).locator('[data-testid=condition-value]').fill('500');
    await mPage.waitForSelector('[data-testid=segment-size][data-size="2"]', { timeout: 15_000 });
    const sample = (await mPage.locator('[data-testid=segment-sample] tbody tr').allTextContents()).join('\n');
    for (const c of matching) expect(sample).toContain(c.name);
    expect(sample).not.toContain('Cid Smallspender');
    expect(sample).not.toContain('Dee Nointernet');
    // "Not" on the spend condition: owners of the product who spent less than 500; then back.
    await mPage.locator('[data-testid=condition-negate]').nth(1).click();
    await mPage.waitForSelector('[data-testid=segment-size][data-size="1"]', { timeout: 15_000 });
    expect((await mPage.locator('[data-testid=segment-sample] tbody tr').allTextContents()).join('\n')).toContain('Cid Smallspender');
    await mPage.locator('[data-testid=condition-unnegate]').click();
    await mPage.waitForSelector('[data-testid=segment-size][data-size="2"]', { timeout: 15_000 });
    await mPage.fill('[data-testid=segment-name]', 'Internet owners, 500+');
    await mPage.click('[data-testid=segment-save]');
    await mPage.waitForSelector('[data-testid=segment-saved]');
    await mPage.screenshot({ path: '/tmp/e2e-campaign-1-segment.png', fullPage: true });
    const segment = await db.selectFrom('segments').selectAll().where('name', '=', 'Internet owners, 500+').executeTakeFirstOrThrow();
    expect(segment.rules).toEqual({ all: [{ type: 'owns_products', productIds: [product[OWNED]], match: 'any' }, { type: 'total_spend', op: 'gte', value: 500 }] });

    // The campaign: the saved segment is preselected; progressive, offering the router, every day all day for this test.
    const form = mPage.locator('[data-testid=campaign-form]');
    expect(await form.locator('[data-testid=campaign-segment]').inputValue()).toBe(String(segment.id));
    await form.locator('[data-testid=campaign-name]').fill('Router upsell');
    await form.locator('[data-testid=campaign-product]').selectOption(String(product[OFFER]));
    await form.locator('[data-testid=campaign-script]').fill(SCRIPT);
    await form.locator('[data-testid=campaign-mode]').selectOption('progressive');
    const calWindow = form.locator('[data-testid=calling-window]').first();
    while (await calWindow.locator('.chip[aria-pressed=false]').count()) await calWindow.locator('.chip[aria-pressed=false]').first().click();
    await calWindow.locator('[data-testid=window-start]').fill('00:00');
    await calWindow.locator('[data-testid=window-end]').fill('24:00');
    await form.locator('[data-testid=campaign-agent]', { hasText: EXT }).click();
    await form.locator('[data-testid=campaign-save]').click();
    const row = mPage.locator('[data-testid=campaign-row]', { hasText: 'Router upsell' });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('draft');
    const campaign = await db.selectFrom('campaigns').selectAll().where('name', '=', 'Router upsell').executeTakeFirstOrThrow();
    expect(campaign).toMatchObject({ mode: 'progressive', segment_id: segment.id, offer_product_id: product[OFFER], offer_price: '129.00', script: SCRIPT });
    expect(campaign.calling_windows).toEqual([{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }]);

    await row.locator('[data-testid=campaign-start]').click();
    await mPage.waitForSelector('[data-testid=campaign-row][data-status=running]');
    await eventually(async () => (await row.locator('[data-testid=stat-total]').textContent()) === '2', 'two customers to call');
    // Marks this page instance: progress seen later without a reload must come from pushes.
    await mPage.evaluate(() => { (window as unknown as { noReload: boolean }).noReload = true; });
    await mPage.screenshot({ path: '/tmp/e2e-campaign-2-started.png', fullPage: true });

    // The operator goes ready: the dialer calls the first customer from their extension.
    oPage = await stack.login(operator);
    await oPage.waitForSelector('[data-testid=softphone-registration]:has-text("Registered")');
    await oPage.click('[data-testid=agent-ready]');
    await waitForAgentState(oPage, 'ready');
    const first = await answeredCampaignCall();
    const firstCustomer = matching.find((c) => c.phone === first.called_number)!;
    expect(firstCustomer).toBeDefined();
    // The call's card: who it is, what to offer and the script.
    await oPage.waitForSelector(`[data-testid=outbound-in-call]`);
    expect(await oPage.textContent('[data-testid=outbound-customer]')).toBe(firstCustomer.name);
    expect(await oPage.textContent('[data-testid=outbound-offer]')).toContain(OFFER);
    expect(await oPage.textContent('[data-testid=outbound-script]')).toBe(SCRIPT);
    await mPage.waitForSelector('[data-testid=campaign-row] [data-testid=stat-dialing]:text-is("1")', { timeout: 15_000 });
    await oPage.screenshot({ path: '/tmp/e2e-campaign-3-operator-call.png', fullPage: true });

    await hangUpAndWrapUp(first.linkedid, 'accepted', 'sale');
    await mPage.waitForSelector('[data-testid=campaign-row] [data-testid=stat-accepted]:text-is("1")', { timeout: 15_000 });
    expect(await row.locator('[data-testid=stat-revenue]').textContent()).toContain('129');
    const bought = await db.selectFrom('purchases').selectAll().where('campaign_id', '=', campaign.id).execute();
    expect(bought).toHaveLength(1);
    expect(bought[0]).toMatchObject({ customer_id: firstCustomer.id, product_id: product[OFFER], amount: '129.00' });
    expect(await db.selectFrom('campaign_attempts').select(['outcome', 'status', 'purchase_id']).where('customer_id', '=', firstCustomer.id).executeTakeFirstOrThrow())
      .toEqual({ outcome: 'accepted', status: 'done', purchase_id: bought[0]!.id });

    // Free again: the second customer is dialled; they refuse, with a reason the manager sees ranked.
    const second = await answeredCampaignCall();
    const secondCustomer = matching.find((c) => c.phone === second.called_number)!;
    expect(secondCustomer.id).not.toBe(firstCustomer.id);
    await oPage.waitForSelector(`[data-testid=outbound-customer]:has-text("${secondCustomer.name}")`);
    await hangUpAndWrapUp(second.linkedid, 'refused', 'offer_refused', { code: 'too_expensive', note: 'wants a discount' });
    await mPage.waitForSelector('[data-testid=campaign-row] [data-testid=stat-refused]:text-is("1")', { timeout: 15_000 });
    expect(await row.locator('[data-testid=stat-reasons]').textContent()).toContain('Too expensive');
    expect(await row.locator('[data-testid=stat-conversion]').textContent()).toBe('50%');
    // Nothing left to dial: the dialer's tick completes the campaign, and the status is pushed too.
    await mPage.waitForSelector('[data-testid=campaign-row][data-status=completed]', { timeout: 20_000 });
    expect(await mPage.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
    expect(await db.selectFrom('purchases').select('id').where('campaign_id', '=', campaign.id).execute()).toHaveLength(1);
    await mPage.screenshot({ path: '/tmp/e2e-campaign-4-progress.png', fullPage: true });
  });

  it('preview mode: the operator sees the card, skips, dials the next customer through the PBX and records the result', async () => {
    const { db } = stack.db;
    const tag = 'preview-e2e';
    const p1 = await seedCustomer(stack.services, { fullName: 'Pia Preview', timezone: 'UTC', tags: [tag] });
    const p2 = await seedCustomer(stack.services, { fullName: 'Quinn Preview', timezone: 'UTC', tags: [tag] });
    const { campaign } = await seedCampaign(stack.services, { all: [{ type: 'tags', match: 'any', tags: [tag] }] },
      { name: 'Preview upsell', mode: 'preview', agentIds: [operator.id], productId: product[OFFER], script: SCRIPT, start: true });

    await waitForAgentState(oPage, 'ready');
    await oPage.click('[data-testid=outbound-check]');
    await oPage.waitForSelector('[data-testid=outbound-customer]:has-text("Pia Preview")');
    expect(await oPage.textContent('[data-testid=outbound-phone]')).toBe(p1.phone);
    expect(await oPage.textContent('[data-testid=outbound-offer]')).toContain(OFFER);
    expect(await oPage.textContent('[data-testid=outbound-script]')).toBe(SCRIPT);
    expect(await oPage.locator('[data-testid=outbound-in-call]').count()).toBe(0);
    await oPage.screenshot({ path: '/tmp/e2e-campaign-5-preview-card.png', fullPage: true });

    // Skip: the card goes back to the queue and the next customer is shown; nothing was dialled.
    await oPage.click('[data-testid=outbound-skip]');
    await oPage.waitForSelector('[data-testid=outbound-customer]:has-text("Quinn Preview")');
    expect(await db.selectFrom('calls').select('id').where('called_number', '=', p1.phone).execute()).toEqual([]);
    expect(await db.selectFrom('campaign_attempts').select(['status', 'dial_count']).where('customer_id', '=', p1.id).executeTakeFirstOrThrow())
      .toEqual({ status: 'queued', dial_count: 0 });

    // Dial: the server originates from the operator's extension to the customer over AMI.
    await oPage.click('[data-testid=outbound-dial]');
    const call = await answeredCampaignCall();
    expect(call.called_number).toBe(p2.phone);
    expect(stack.sim.liveCalls.some((c) => c.linkedid === call.linkedid)).toBe(true);
    await oPage.waitForSelector('[data-testid=outbound-in-call]');
    expect(await oPage.textContent('[data-testid=outbound-customer]')).toBe('Quinn Preview');
    await oPage.screenshot({ path: '/tmp/e2e-campaign-6-preview-call.png', fullPage: true });

    await hangUpAndWrapUp(call.linkedid, 'refused', 'offer_refused', { code: 'has_competitor', note: 'Already has one' });
    expect(await db.selectFrom('campaign_attempts').select(['status', 'outcome', 'refusal_code', 'refusal_reason']).where('campaign_id', '=', campaign.id).where('customer_id', '=', p2.id).executeTakeFirstOrThrow())
      .toEqual({ status: 'done', outcome: 'refused', refusal_code: 'has_competitor', refusal_reason: 'Already has one' });
    // Free again: the skipped customer comes back as the next card.
    await oPage.waitForSelector('[data-testid=outbound-customer]:has-text("Pia Preview")', { timeout: 15_000 });
    await oPage.screenshot({ path: '/tmp/e2e-campaign-7-preview-next.png', fullPage: true });
  });
});
