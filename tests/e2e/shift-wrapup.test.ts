/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories/user.factory';
import { createCustomer } from '../factories/customer.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually, waitForAgentState } from './support/console-page';

// Issue #20.5: a ring that never connected needs no wrap-up (it is a missed offer); the wrap-up drawer never covers
// a live call's pop or softphone; its footer counts wrap-ups to do, not "calls waiting".
const EXT = '1001';

describe('shift: wrap-ups only for connected calls, and never over a live call', () => {
  let stack: ConsoleStack;
  let operator: TestUser;
  let page: Page;

  beforeAll(async () => {
    stack = await startConsoleStack({
      sim: { agents: [EXT, '1002'], queues: { support: [EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } },
      // The wrap-up time runs out quickly, so the next call rings while a wrap-up is still open in the drawer.
      env: { WRAPUP_SECONDS: '1', MISSED_OFFERS_BEFORE_PAUSE: '0' },
    });
    stack.sim.pauseMember(`PJSIP/${EXT}`, true, 'login', null);
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT });
    await createCustomer(stack.services, { fullName: 'Carl Caller', phones: [{ number: '+12125550177', kind: 'mobile' }] });
    await stack.waitConnected();
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** The element is what the user sees at its own centre: nothing (the drawer) lies over it. */
  const uncovered = (selector: string) => page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return !!top && (el === top || el.contains(top));
  });
  const drawerCount = async () => (await page.locator('[data-testid=wrapup-form]').count()) + (await page.locator('[data-testid=wrapup-folded]').count());

  it('asks no wrap-up for a declined ring', async () => {
    page = await stack.login(operator);
    await page.click('[data-testid=agent-ready]');
    await waitForAgentState(page, 'ready');
    await eventually(() => stack.sim.model.membersOf(EXT).every(({ member }) => !member.paused), 'member unpaused');

    const call = stack.sim.placeInboundCall({ from: '2125550166', queue: 'support' });
    await page.waitForSelector('[data-testid=softphone-incoming]');
    await page.click('[data-testid=softphone-decline]');
    await page.waitForSelector('[data-testid=softphone-incoming]', { state: 'detached' });
    stack.sim.hangup({ linkedid: call.linkedid, by: 'caller' });
    await eventually(async () => (await stack.db.db.selectFrom('calls').select('status').where('linkedid', '=', call.linkedid).executeTakeFirst())?.status === 'ended', 'the declined call ended');
    await waitForAgentState(page, 'ready');
    // Mutation caught: the softphone's 'ended' handler opening a wrap-up for every call it saw (the old behaviour).
    expect(await drawerCount()).toBe(0);
    const missed = await stack.db.db.selectFrom('missed_offers').select(['reason']).where('user_id', '=', operator.id).execute();
    expect(missed).toHaveLength(1);
  });

  it('folds the drawer while the next call rings and is talked, then asks both wrap-ups', async () => {
    // A connected call: its wrap-up opens, and its time runs out (WRAPUP_SECONDS=1) while the drawer is still open.
    const first = stack.sim.placeInboundCall({ from: '2125550177', queue: 'support' });
    await page.waitForSelector('[data-testid=softphone-incoming]');
    await page.click('[data-testid=softphone-answer]');
    await waitForAgentState(page, 'on_call');
    stack.sim.hangup({ linkedid: first.linkedid, by: 'caller' });
    await page.waitForSelector('[data-testid=wrapup-form]');
    await waitForAgentState(page, 'ready');
    await eventually(() => stack.sim.model.membersOf(EXT).every(({ member }) => !member.paused), 'member unpaused after the wrap-up time');

    // The next call rings while that wrap-up is pending. Mutation caught: without the fold the drawer stays over the
    // pop and the softphone.
    const second = stack.sim.placeInboundCall({ from: '2125550177', queue: 'support' });
    await page.waitForSelector('[data-testid=softphone-incoming]');
    await page.waitForSelector('[data-testid=wrapup-folded]');
    expect(await page.locator('[data-testid=wrapup-form]').count()).toBe(0);
    await page.waitForSelector('[data-testid=pop-customer-name]:has-text("Carl Caller")');
    expect(await uncovered('[data-testid=softphone-answer]')).toBe(true);
    expect(await uncovered('[data-testid=pop-customer-name]')).toBe(true);
    await page.screenshot({ path: 'docs/img/console-wrapup-folded.png' });
    await page.click('[data-testid=softphone-answer]');
    await waitForAgentState(page, 'on_call');
    expect(await uncovered('[data-testid=softphone-hangup]')).toBe(true);

    // Call over: the drawer unfolds with both wrap-ups, the footer counting wrap-ups (not "calls waiting").
    stack.sim.hangup({ linkedid: second.linkedid, by: 'caller' });
    await page.waitForSelector('[data-testid=wrapup-form]');
    await page.waitForSelector('.wrapup-foot :text("1 more wrap-up to do")');
    for (let i = 0; i < 2; i++) {
      await page.selectOption('[data-testid=wrapup-disposition]', 'resolved');
      await page.click('[data-testid=wrapup-submit]');
      if (i === 0) await page.waitForSelector('.wrapup-foot :text("1 more wrap-up to do")', { state: 'detached' });
    }
    await page.waitForSelector('[data-testid=wrapup-form]', { state: 'detached' });
    const calls = await stack.db.db.selectFrom('calls').select('id').where('linkedid', 'in', [first.linkedid, second.linkedid]).execute();
    const wrapups = await stack.db.db.selectFrom('wrapups').select('call_id').where('call_id', 'in', calls.map((c) => c.id)).execute();
    expect(wrapups).toHaveLength(2);
  });
});
