/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/user.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually, waitForAgentState } from './support/console-page';

// Issue #20.9, the small defects: an admin without an extension could Go ready and every page load logged a 404 on
// /api/auth/sip; Listen/Whisper/Barge were offered on queued calls; a forced pause silently applied 'admin'.
const EXT = '1001';
const SUPERVISOR_EXT = '1003';

describe('shift: small defects of the console and the wallboard', () => {
  let stack: ConsoleStack;
  let operator: TestUser;
  let supervisor: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({
      sim: { agents: [EXT, '1002', SUPERVISOR_EXT], queues: { support: [EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } },
    });
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT });
    supervisor = await createUser(stack.services, stack.app, { role: 'supervisor', extension: SUPERVISOR_EXT });
    admin = await createUser(stack.services, stack.app, { role: 'admin', extension: null });
    await stack.waitConnected();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('gives an admin without an extension no Go ready and no SIP request; the server refuses ready with 409', async () => {
    // Mutations caught: the picker shown to every user, and startSoftphone asking /api/auth/sip without an extension.
    const page = await stack.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const sipRequests: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/api/auth/sip')) sipRequests.push(r.url()); });
    await page.goto(`${stack.url}/console`);
    await page.fill('[data-testid=login-username]', admin.username);
    await page.fill('[data-testid=login-password]', admin.password);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=realtime-status].rt-online');
    await page.reload();
    await page.waitForSelector('[data-testid=realtime-status].rt-online');
    expect(await page.locator('[data-testid=agent-ready]').count()).toBe(0);
    expect(sipRequests).toEqual([]);
    const refused = await page.evaluate(async () => {
      const res = await fetch('/api/agents/me/state', {
        method: 'POST', headers: { authorization: `Bearer ${sessionStorage.getItem('warmline.token')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ state: 'ready' }),
      });
      return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
    });
    expect(refused).toEqual({ status: 409, code: 'no-extension' });
    await page.close();
  });

  it('offers Listen only on a talking call, and forces a pause with the reason the supervisor chose', async () => {
    const op = await stack.login(operator);
    await op.click('[data-testid=agent-ready]');
    await waitForAgentState(op, 'ready');
    const board = await stack.login(supervisor);
    await board.click('[data-testid=nav-wallboard]');
    await board.waitForURL(/\/wallboard$/);

    // Ringing the operator: on the wallboard, but nothing to listen to yet.
    const call = stack.sim.placeInboundCall({ from: '2125550155', queue: 'support' });
    const row = board.locator('[data-testid=live-call]', { hasText: '+12125550155' });
    await row.waitFor();
    await op.waitForSelector('[data-testid=softphone-incoming]');
    expect(await row.locator('[data-testid=spy-listen]').count()).toBe(0);
    await op.click('[data-testid=softphone-answer]');
    await board.locator('[data-testid=live-call][data-status=answered]', { hasText: '+12125550155' }).waitFor();
    await row.locator('[data-testid=spy-listen]').waitFor();
    await board.screenshot({ path: 'docs/img/wallboard-live-call.png' });
    stack.sim.hangup({ linkedid: call.linkedid, by: 'caller' });
    await op.waitForSelector('[data-testid=wrapup-form]');
    await op.selectOption('[data-testid=wrapup-disposition]', 'resolved');
    await op.click('[data-testid=wrapup-submit]');
    await waitForAgentState(op, 'ready');

    // A forced pause: the supervisor picks the reason; the operator and the wallboard both show it.
    const agentRow = board.locator(`[data-testid=wallboard-agent][data-user-id="${operator.id}"]`);
    expect(await agentRow.locator('[data-testid=force-pause]').isDisabled()).toBe(true);
    await board.selectOption('[data-testid=force-pause-reason]', 'training');
    await agentRow.locator('[data-testid=force-pause]').click();
    await board.locator(`[data-testid=wallboard-agent][data-user-id="${operator.id}"][data-reason=training]`).waitFor();
    await waitForAgentState(op, 'paused');
    expect(await op.textContent('[data-testid=agent-reason]')).toBe('Training');
    await eventually(() => stack.sim.model.membersOf(EXT).every(({ member }) => member.paused), 'member paused on the PBX');

    // A forced pause while the operator's phone rings ends the ring on the PBX; the caller stays queued for the next
    // agent. Mutation caught: without the AMI Hangup of the ringing leg, app_queue went on ringing the paused agent.
    await op.click('[data-testid=agent-ready]');
    await waitForAgentState(op, 'ready');
    await eventually(() => stack.sim.model.membersOf(EXT).every(({ member }) => !member.paused), 'member unpaused');
    const rung = stack.sim.placeInboundCall({ from: '2125550156', queue: 'support' });
    await op.waitForSelector('[data-testid=softphone-incoming]');
    await waitForAgentState(op, 'ringing');
    await board.selectOption('[data-testid=force-pause-reason]', 'training');
    await agentRow.locator('[data-testid=force-pause]').click();
    await waitForAgentState(op, 'paused');
    await op.waitForSelector('[data-testid=softphone-incoming]', { state: 'detached' });
    await eventually(() => {
      const live = stack.sim.liveCalls.find((c) => c.linkedid === rung.linkedid);
      return live && live.ringing.length === 0 && !live.agent;
    }, 'the ring ended, the caller still waiting in the queue');
    stack.sim.hangup({ linkedid: rung.linkedid, by: 'caller' });
  });
});
