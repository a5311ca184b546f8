/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories/user.factory';
import { seedCampaign, seedCustomer } from '../factories/campaign.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually, waitForAgentState } from './support/console-page';

// Issue #20.3: an outbound call placed by the PBX (a campaign preview dial, click-to-dial from the softphone) is
// attached to the softphone like an inbound one, so the operator can hang it up. Issue #20.9: the preview card says
// attempt 1 during the first call, and the wrap-up names the customer, not the operator's own extension.
const EXT = '1001';

describe('shift: outbound calls on the softphone', () => {
  let stack: ConsoleStack;
  let operator: TestUser;
  let page: Page;

  beforeAll(async () => {
    stack = await startConsoleStack({
      // The customer answers 200 ms after the PBX dials out, and never hangs up by itself: only the operator can.
      sim: { agents: [EXT, '1002'], queues: { support: [EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000, customerAnswerMs: 200, talkMs: 600_000 } },
      env: { WRAPUP_SECONDS: '600' },
    });
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT });
    await stack.waitConnected();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const callTo = (number: string) => stack.db.db.selectFrom('calls').selectAll().where('called_number', '=', number).orderBy('id', 'desc').executeTakeFirst();

  async function wrapUp(disposition: string): Promise<void> {
    await page.selectOption('[data-testid=wrapup-disposition]', disposition);
    await page.click('[data-testid=wrapup-submit]');
    await page.waitForSelector('[data-testid=wrapup-form]', { state: 'detached' });
  }

  it('hangs up a campaign preview call from the softphone', async () => {
    const customer = await seedCustomer(stack.services, { fullName: 'Olga Outbound', timezone: 'UTC', tags: ['shift-out'] });
    await seedCampaign(stack.services, { all: [{ type: 'tags', match: 'any', tags: ['shift-out'] }] },
      { name: 'Shift preview', mode: 'preview', agentIds: [operator.id], start: true });
    page = await stack.login(operator);
    await page.click('[data-testid=agent-ready]');
    await waitForAgentState(page, 'ready');
    // The card comes when the operator becomes free; "Check again" asks at once.
    await eventually(async () => {
      if (await page.locator('[data-testid=outbound-customer]:has-text("Olga Outbound")').count()) return true;
      if (await page.locator('[data-testid=outbound-check]:enabled').count()) await page.click('[data-testid=outbound-check]');
      return false;
    }, 'the preview card');
    expect(await page.textContent('[data-testid=outbound-attempt]')).toBe('1 of 3');

    await page.click('[data-testid=outbound-dial]');
    await page.waitForSelector('[data-testid=outbound-in-call]');
    // Mutation caught: without the softphone's attach the card says "On the call" and the softphone "No active call".
    await page.waitForSelector('[data-testid=softphone-in-call]');
    await waitForAgentState(page, 'on_call');
    expect(await page.textContent('[data-testid=outbound-attempt]')).toBe('1 of 3');
    await page.screenshot({ path: 'docs/img/console-outbound-call.png' });

    const row = await eventually(async () => (await callTo(customer.phone!))?.answered_at ? callTo(customer.phone!) : undefined, 'campaign call answered');
    await page.click('[data-testid=softphone-hangup]');
    const ended = await eventually(async () => { const r = await callTo(customer.phone!); return r?.status === 'ended' ? r : undefined; }, 'the call ended over AMI');
    expect(ended.id).toBe(row!.id);
    expect(stack.sim.liveCalls.some((c) => c.linkedid === ended.linkedid)).toBe(false);
    await page.waitForSelector('[data-testid=softphone-in-call]', { state: 'detached' });

    // The wrap-up names the customer, not the operator's extension (the outbound call's caller).
    await page.waitForSelector('[data-testid=wrapup-form]');
    const party = await page.textContent('[data-testid=wrapup-party]');
    expect(party).toContain(customer.phone!);
    // Not the extension as a number of its own; a random customer number may end in the same digits (+1415362 1001).
    expect(party).not.toMatch(new RegExp(`(^|\\D)${EXT}(\\D|$)`));
    await page.selectOption('[data-testid=wrapup-offer-result]', 'callback');
    await wrapUp('callback_requested');
  });

  it('hangs up a click-to-dial call from the softphone', async () => {
    await waitForAgentState(page, 'ready');
    await page.fill('[data-testid=softphone-dial-number]', '2125550199');
    await page.click('[data-testid=softphone-dial]');
    await page.waitForSelector('[data-testid=softphone-in-call]');
    const row = await eventually(async () => { const r = await callTo('+12125550199'); return r?.answered_at ? r : undefined; }, 'click-to-dial call answered');
    await waitForAgentState(page, 'on_call');
    expect(await page.textContent('[data-testid=softphone-in-call]')).toContain('+12125550199');
    await page.click('[data-testid=softphone-hangup]');
    await eventually(async () => (await callTo('+12125550199'))?.status === 'ended', 'the click-to-dial call ended');
    expect(stack.sim.liveCalls.some((c) => c.linkedid === row.linkedid)).toBe(false);
    await page.waitForSelector('[data-testid=wrapup-form]');
    expect(await page.textContent('[data-testid=wrapup-party]')).toContain('+12125550199');
    await wrapUp('info_given');
    await waitForAgentState(page, 'ready');
  });
});
