/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories/user.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually, waitForAgentState } from './support/console-page';

// Issue #20: the header's "calls waiting" counts the callers queued in the operator's own queues, not the wrap-ups
// they owe (the issue saw "3 more calls waiting" counting wrap-ups) and not other queues' callers.
const EXT = '1001';

describe('shift: calls waiting in the header', () => {
  let stack: ConsoleStack;
  let operator: TestUser;
  let page: Page;

  beforeAll(async () => {
    stack = await startConsoleStack({
      sim: { agents: [EXT, '1002'], queues: { support: [EXT], sales: ['1002'] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } },
      env: { WRAPUP_SECONDS: '600' },
    });
    stack.sim.pauseMember(`PJSIP/${EXT}`, true, 'login', null);
    stack.sim.pauseMember('PJSIP/1002', true, 'login', null);
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT });
    await stack.db.db.insertInto('queue_members').values({ queue_id: (await stack.db.db.selectFrom('queues').select('id').where('name', '=', 'support').executeTakeFirstOrThrow()).id, user_id: operator.id }).execute();
    await stack.waitConnected();
    page = await stack.login(operator);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const shown = async () => {
    const el = page.locator('[data-testid=calls-waiting]');
    return { count: Number(await el.getAttribute('data-count')), text: (await el.textContent())?.trim() ?? '' };
  };
  const waitCount = (n: number) => eventually(async () => ((await shown()).count === n ? true : null), `header shows ${n} waiting`);

  it('counts queued callers of the operator\'s queues, never the pending wrap-up nor another queue', async () => {
    await page.click('[data-testid=agent-ready]');
    await waitForAgentState(page, 'ready');
    await eventually(() => stack.sim.model.membersOf(EXT).every(({ member }) => !member.paused), 'member unpaused');
    const first = stack.sim.placeInboundCall({ from: '2125550161', queue: 'support' });
    await page.waitForSelector('[data-testid=softphone-incoming]');
    await page.click('[data-testid=softphone-answer]');
    await waitForAgentState(page, 'on_call');
    await page.click('[data-testid=softphone-hangup]');
    await page.waitForSelector('[data-testid=wrapup-form]');
    await waitForAgentState(page, 'wrapup');
    await eventually(async () => (await stack.db.db.selectFrom('calls').select('status').where('linkedid', '=', first.linkedid).executeTakeFirst())?.status === 'ended', 'first call ended');
    expect(await shown()).toEqual({ count: 0, text: 'No calls waiting' });

    // The operator is in wrap-up (paused on the PBX): two callers wait in support, one in sales (not theirs).
    const a = stack.sim.placeInboundCall({ from: '2125550162', queue: 'support' });
    stack.sim.placeInboundCall({ from: '2125550163', queue: 'support' });
    stack.sim.placeInboundCall({ from: '2125550164', queue: 'sales' });
    await eventually(async () => Number((await stack.db.db.selectFrom('calls').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'queued').executeTakeFirstOrThrow()).n) === 3, 'three queued');
    // Mutation caught: counting the pending wrap-ups (1) or every queue's callers (3) instead.
    await waitCount(2);
    expect((await shown()).text).toBe('2 calls waiting');
    await page.screenshot({ path: 'docs/img/console-calls-waiting.png' });

    // A caller gives up: the count follows the queue.
    stack.sim.hangup({ linkedid: a.linkedid, by: 'caller' });
    await waitCount(1);
    expect((await shown()).text).toBe('1 call waiting');

    // After a reload the count comes from the server again.
    await page.reload();
    await page.waitForSelector('[data-testid=realtime-status].rt-online');
    await waitCount(1);

    // The wrap-up done, the operator is rung by the caller still waiting and answers: nobody waits any more.
    await page.waitForSelector('[data-testid=wrapup-form]');
    await page.selectOption('[data-testid=wrapup-disposition]', 'resolved');
    await page.click('[data-testid=wrapup-submit]');
    await page.waitForSelector('[data-testid=softphone-incoming]');
    await page.click('[data-testid=softphone-answer]');
    await waitForAgentState(page, 'on_call');
    await waitCount(0);
  });
});
