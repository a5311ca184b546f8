/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/user.factory';
import { createCustomer } from '../factories/customer.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually, waitForAgentState } from './support/console-page';

// Issue #20.6: a whole call by keyboard. Hotkeys (Alt+R ready, Enter on the focused Answer, Alt+O hold, Alt+H hang
// up, Ctrl+Enter submit, Alt+C the customer), the focus on Answer when a call rings and on the wrap-up's first field,
// the softphone one Tab away, and the on-screen key list.
const EXT = '1001';

describe('shift: the console by keyboard', () => {
  let stack: ConsoleStack;
  let operator: TestUser;
  let customerId: number;

  beforeAll(async () => {
    stack = await startConsoleStack({
      sim: { agents: [EXT, '1002'], queues: { support: [EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } },
      env: { WRAPUP_SECONDS: '600' },
    });
    stack.sim.pauseMember(`PJSIP/${EXT}`, true, 'login', null);
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT });
    customerId = (await createCustomer(stack.services, { fullName: 'Kim Keys', phones: [{ number: '+12125550133', kind: 'mobile' }] })).id;
    await stack.waitConnected();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const focused = (page: import('playwright-core').Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

  it('takes a call from ring to wrap-up without the mouse', async () => {
    // The phone's SIP credentials are held back, so the softphone is still starting (no control in it yet) when the
    // skip link is used: as just after signing in on a busy machine, where the skip link once led nowhere.
    let releaseSip = () => {};
    const sipHeld = new Promise<void>((resolve) => { releaseSip = resolve; });
    const page = await stack.login(operator, (p) => p.route('**/api/auth/sip', async (route) => { await sipHeld; await route.continue(); }));

    // The first Tab stop skips to the softphone (mutation caught: without it the softphone is after every link).
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('skip-to-softphone');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid=softphone]'))).toBe(true);
    releaseSip();
    await page.waitForSelector('[data-testid=softphone-dial-number]');
    await page.focus('[data-testid=skip-to-softphone]');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => { const el = document.activeElement; return !!el?.closest('[data-testid=softphone]') && ['INPUT', 'BUTTON'].includes(el.tagName); }),
      'with the phone up, the skip link lands on its first control').toBe(true);

    // The key list.
    await page.keyboard.press('Alt+K');
    await page.waitForSelector('[data-testid=hotkeys-help]');
    expect(await page.textContent('[data-testid=hotkey-answer]')).toContain('Alt+A');
    await page.screenshot({ path: 'docs/img/console-hotkeys.png' });
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=hotkeys-help]', { state: 'detached' });

    await page.keyboard.press('Alt+R');
    await waitForAgentState(page, 'ready');
    await eventually(() => stack.sim.model.membersOf(EXT).every(({ member }) => !member.paused), 'member unpaused');

    const call = stack.sim.placeInboundCall({ from: '2125550133', queue: 'support' });
    await page.waitForSelector('[data-testid=softphone-incoming]');
    // Mutation caught: without the focus on ring, the focus stays on the page body.
    await eventually(async () => (await focused(page)) === 'softphone-answer', 'focus on Answer');
    await page.keyboard.press('Enter');
    await waitForAgentState(page, 'on_call');
    await page.waitForSelector('[data-testid=pop-customer-name]:has-text("Kim Keys")');

    await page.keyboard.press('Alt+O');
    await eventually(async () => (await stack.db.db.selectFrom('calls').select('hold_started_at').where('linkedid', '=', call.linkedid).executeTakeFirst())?.hold_started_at, 'on hold');
    await page.keyboard.press('Alt+O');
    await eventually(async () => (await stack.db.db.selectFrom('calls').select('hold_started_at').where('linkedid', '=', call.linkedid).executeTakeFirst())?.hold_started_at === null, 'resumed');

    await page.keyboard.press('Alt+H');
    await page.waitForSelector('[data-testid=wrapup-form]');
    await eventually(async () => (await focused(page)) === 'wrapup-disposition', 'focus on the disposition');
    await page.selectOption('[data-testid=wrapup-disposition]', 'resolved');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Done by keyboard');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid=wrapup-form]', { state: 'detached' });
    await waitForAgentState(page, 'ready');
    const wrapup = await stack.db.db.selectFrom('wrapups').innerJoin('calls', 'calls.id', 'wrapups.call_id').select(['wrapups.notes'])
      .where('calls.linkedid', '=', call.linkedid).executeTakeFirstOrThrow();
    expect(wrapup.notes).toBe('Done by keyboard');

    // The pop's customer, one key away.
    await page.keyboard.press('Alt+C');
    await page.waitForURL(new RegExp(`/customers/${customerId}$`));
  });
});
