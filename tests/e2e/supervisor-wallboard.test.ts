/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories/user.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually } from './support/console-page';
import type { ActionFrame } from '../../server/pbx/simulator/sim-wire';
import type { SimSession } from '../../server/pbx/simulator/sim-server';

// Issue "Supervision": a supervisor sees a simulated call appear and end on the wallboard and starts a listen.
// The operator side is driven on the simulated PBX directly (a desk phone answering); the supervisor uses Chromium.
const OPERATOR_EXT = '1001';
const SUPERVISOR_EXT = '1003';
const CALLER = '2125550188';

type QueueRow = Record<string, string>;

describe('supervisor wallboard: a live call, a listen, and the end of the call', () => {
  let stack: ConsoleStack;
  let page: Page;
  let operator: TestUser;
  let supervisor: TestUser;
  const actions: ActionFrame[] = [];

  beforeAll(async () => {
    stack = await startConsoleStack({
      sim: { agents: [OPERATOR_EXT, '1002', SUPERVISOR_EXT], queues: { support: [OPERATOR_EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } },
    });
    // Test-only tap on the simulator's AMI action handler: every action the server sends over TCP, as parsed.
    const server = stack.sim.server as unknown as { onAction: (s: SimSession, a: ActionFrame) => void };
    const handle = server.onAction;
    server.onAction = (s, a) => { actions.push(a); handle(s, a); };
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: OPERATOR_EXT });
    supervisor = await createUser(stack.services, stack.app, { role: 'supervisor', extension: SUPERVISOR_EXT });
    await stack.waitConnected();
    await stack.services.agents.setState(operator.id, 'ready', null);
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function supportQueue(): Promise<QueueRow | undefined> {
    return page.evaluate(() => {
      const table = document.querySelector('[data-testid=wallboard-queues] table');
      if (!table) return undefined;
      // Cells by field (data-column): the headers are translated labels since #22.1.
      const tr = table.querySelector('tbody tr[data-row-key=support]');
      return tr ? Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [(td as HTMLElement).dataset.column ?? '', td.textContent?.trim() ?? ''])) : undefined;
    });
  }

  it('shows the call live with caller, agent and duration, listens over ChanSpy with an audit row, and drops the call when it ends', async () => {
    const { sim, db: { db } } = stack;
    page = await stack.login(supervisor);
    await page.click('[data-testid=nav-wallboard]');
    await page.waitForURL(/\/wallboard$/);
    await eventually(async () => (await supportQueue())?.waiting === '0', 'the support queue on the wallboard');
    expect(await page.locator('[data-testid=live-call]').count()).toBe(0);
    const before = (await supportQueue())!;

    const call = sim.placeInboundCall({ from: CALLER, queue: 'support' });
    const row = page.locator('[data-testid=live-call]', { has: page.locator('[data-testid=live-call-number]', { hasText: `+1${CALLER}` }) });
    await row.waitFor({ timeout: 15_000 });
    // Ringing the operator, not yet answered: waiting in the queue figures.
    await eventually(async () => (await supportQueue())?.waiting === '1', 'waiting = 1 on the wallboard');
    expect(Number((await supportQueue())!.offered)).toBe(Number(before.offered) + 1);
    expect(Number((await supportQueue())!.answered)).toBe(Number(before.answered));
    await page.screenshot({ path: '/tmp/e2e-wallboard-1-waiting.png', fullPage: true });

    expect(sim.answer(OPERATOR_EXT)).toBe(true);
    await page.waitForSelector(`[data-testid=live-call][data-status=answered]:has([data-testid=live-call-number]:text-is("+1${CALLER}"))`, { timeout: 15_000 });
    await eventually(async () => {
      const q = await supportQueue();
      return q?.waiting === '0' && Number(q.answered) === Number(before.answered) + 1;
    }, 'waiting -> answered on the wallboard');
    const { display_name: operatorName } = await db.selectFrom('users').select('display_name').where('id', '=', operator.id).executeTakeFirstOrThrow();
    expect(await row.locator('[data-testid=live-call-agent]').textContent()).toBe(operatorName);
    // The duration counts from the answer and ticks in the browser.
    const firstDuration = (await row.locator('[data-testid=live-call-duration]').textContent())!;
    expect(firstDuration).toMatch(/^\d+:\d{2}$/);
    await page.waitForFunction(({ selector, first }) => {
      const el = document.querySelector(selector);
      return el !== null && el.textContent !== first;
    }, { selector: '[data-testid=live-call] [data-testid=live-call-duration]', first: firstDuration }, { timeout: 10_000 });
    await page.screenshot({ path: '/tmp/e2e-wallboard-2-answered.png', fullPage: true });

    // Listen: the server originates a quiet ChanSpy on the operator's channel to the supervisor's extension.
    const agentChannel = sim.liveCalls.find((c) => c.linkedid === call.linkedid)?.agent?.name;
    expect(agentChannel).toMatch(new RegExp(`^PJSIP/${OPERATOR_EXT}-`));
    await row.locator('[data-testid=spy-listen]').click();
    await page.waitForSelector('[data-testid=wallboard-feedback]:has-text("Sent")', { timeout: 15_000 });
    const originate = await eventually(() => actions.find((a) => a.name === 'originate' && a.headers.get('application') === 'ChanSpy'), 'ChanSpy Originate');
    expect(originate.headers.get('channel')).toBe(`PJSIP/${SUPERVISOR_EXT}`);
    expect(originate.headers.get('data')).toBe(`${agentChannel},qE`);
    const callRow = await db.selectFrom('calls').select(['id']).where('linkedid', '=', call.linkedid).executeTakeFirstOrThrow();
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'supervision.listen').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user_id: supervisor.id, target: `call:${callRow.id}` });
    expect(audit[0]!.details).toMatchObject({ channel: agentChannel });
    // The supervisor's phone is now on the spy leg in the simulator.
    await eventually(() => sim.liveCalls.some((c) => c.kind === 'spy' && c.caller.endpoint === SUPERVISOR_EXT), 'spy leg on the PBX');

    // The caller hangs up: the call leaves the live list, and the spy leg goes with it.
    expect(sim.hangup({ linkedid: call.linkedid, by: 'caller' })).toBe(true);
    await row.waitFor({ state: 'detached', timeout: 15_000 });
    await eventually(async () => (await db.selectFrom('calls').select('status').where('id', '=', callRow.id).executeTakeFirst())?.status === 'ended', 'call ended in the DB');
    await eventually(() => !sim.liveCalls.some((c) => c.kind === 'spy'), 'spy leg gone');
    await eventually(async () => (await supportQueue())?.waiting === '0', 'queue figures settle');
    expect(await page.locator('[data-testid=live-call]').count()).toBe(0);
    await page.screenshot({ path: '/tmp/e2e-wallboard-3-ended.png', fullPage: true });
  });
});
