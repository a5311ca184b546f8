/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/user.factory';
import { createCustomer } from '../factories/customer.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually, waitForAgentState } from './support/console-page';

// Issue #20.2: a reload in the middle of a call. The server is the truth: the console gets back the call, its pop
// and a Hang up that works through the PBX (the browser's own leg is gone), and the wrap-up the agent owes survives
// a reload because the server keeps it.
const EXT = '1001';
const CALLER = '2125550123';

describe('shift: reload mid-call', () => {
  let stack: ConsoleStack;
  let operator: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({
      sim: { agents: [EXT, '1002'], queues: { support: [EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } },
      env: { WRAPUP_SECONDS: '600' },
    });
    stack.sim.pauseMember(`PJSIP/${EXT}`, true, 'login', null);
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT });
    await createCustomer(stack.services, { fullName: 'Ada Lovelace', phones: [{ number: `+1${CALLER}`, kind: 'mobile' }] });
    await stack.waitConnected();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('restores the call and its pop after a reload, hangs up over AMI, and keeps the pending wrap-up across reloads', async () => {
    const { sim, db: { db } } = stack;
    const page = await stack.login(operator);
    await page.click('[data-testid=agent-ready]');
    await waitForAgentState(page, 'ready');
    await eventually(() => sim.model.membersOf(EXT).every(({ member }) => !member.paused), 'member unpaused');

    const call = sim.placeInboundCall({ from: CALLER, queue: 'support' });
    await page.waitForSelector('[data-testid=softphone-incoming]');
    await page.click('[data-testid=softphone-answer]');
    await page.waitForSelector('[data-testid=softphone-in-call]');
    await waitForAgentState(page, 'on_call');

    // F5. Mutation caught: without GET /api/agents/me/call and the softphone's attach, the header says On call and
    // the softphone shows no call, no Hang up and an empty pop (the finding).
    await page.reload();
    await page.waitForSelector('[data-testid=realtime-status].rt-online');
    await waitForAgentState(page, 'on_call');
    await page.waitForSelector('[data-testid=softphone-in-call]');
    await page.waitForSelector('[data-testid=pop-customer-name]:has-text("Ada Lovelace")');
    expect(await page.textContent('[data-testid=softphone-in-call]')).toContain('Ada Lovelace');
    await page.screenshot({ path: 'docs/img/console-after-reload.png' });

    // Hang up: this browser has no leg of the call, so the server hangs it up over AMI.
    await page.click('[data-testid=softphone-hangup]');
    await eventually(() => !sim.liveCalls.some((c) => c.linkedid === call.linkedid), 'call gone on the PBX');
    const ended = await eventually(() => db.selectFrom('calls').selectAll().where('linkedid', '=', call.linkedid).where('status', '=', 'ended').executeTakeFirst(), 'call ended in the DB');
    expect(ended.agent_user_id).toBe(operator.id);
    await page.waitForSelector('[data-testid=softphone-in-call]', { state: 'detached' });
    await page.waitForSelector('[data-testid=wrapup-form]');
    await waitForAgentState(page, 'wrapup');
    expect(await page.textContent('[data-testid=wrapup-party]')).toContain('+12125550123');

    // Mutation caught: with the wrap-up kept only in the browser, the drawer is gone after this reload and the call
    // ends with no wrap-up row.
    await page.reload();
    await page.waitForSelector('[data-testid=realtime-status].rt-online');
    await page.waitForSelector('[data-testid=wrapup-form]');
    expect(await page.textContent('[data-testid=wrapup-party]')).toContain('Ada Lovelace');
    await page.screenshot({ path: 'docs/img/console-wrapup-after-reload.png' });
    await page.selectOption('[data-testid=wrapup-disposition]', 'resolved');
    await page.fill('[data-testid=wrapup-notes]', 'Restored after a reload');
    await page.click('[data-testid=wrapup-submit]');
    await page.waitForSelector('[data-testid=wrapup-form]', { state: 'detached' });
    await waitForAgentState(page, 'ready');
    const wrapups = await db.selectFrom('wrapups').selectAll().where('call_id', '=', ended.id).execute();
    expect(wrapups).toHaveLength(1);
    expect(wrapups[0]).toMatchObject({ user_id: operator.id, disposition_code: 'resolved', notes: 'Restored after a reload' });

    // Nothing pending any more: a further reload shows no drawer, and Hang up with no call is a clear 409.
    await page.reload();
    await page.waitForSelector('[data-testid=realtime-status].rt-online');
    await waitForAgentState(page, 'ready');
    expect(await page.locator('[data-testid=wrapup-form]').count()).toBe(0);
    const refused = await page.evaluate(async () => {
      const token = sessionStorage.getItem('warmline.token');
      const res = await fetch('/api/agents/me/call/hangup', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.json() as { error: { code: string } } };
    });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'no-current-call' } } });
  });
});
