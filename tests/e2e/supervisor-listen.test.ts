/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/user.factory';
import { createCustomer } from '../factories/customer.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually } from './support/console-page';

// Issue #20.9: "in the demo the supervisor's phone never rings for Listen". The supervisor's phone here is the
// demo line (loopback softphone on the simulator's phones): the simulator picks up the spy leg as a phone answering
// the PBX's auto-answer call would. The supervisor clicks Listen on the wallboard; their softphone panel shows the
// session with the agent and the customer, the wallboard marks the call, a reload brings the session back from the
// server (which reads the PBX), and Stop ends the spy leg on the PBX.
const OPERATOR_EXT = '1001';
const SUPERVISOR_EXT = '1003';
const CALLER = '2125550166';

describe('supervisor listen: the session in the softphone, across a reload, and Stop', () => {
  let stack: ConsoleStack;
  let operator: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({
      sim: { agents: [OPERATOR_EXT, '1002', SUPERVISOR_EXT], queues: { support: [OPERATOR_EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } },
    });
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: OPERATOR_EXT });
    supervisor = await createUser(stack.services, stack.app, { role: 'supervisor', extension: SUPERVISOR_EXT });
    await createCustomer(stack.services, { fullName: 'Grace Hopper', phones: [{ number: `+1${CALLER}`, kind: 'mobile' }] });
    await stack.waitConnected();
    await stack.services.agents.setState(operator.id, 'ready', null);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const spyLegs = () => stack.sim.liveCalls.filter((c) => c.kind === 'spy' && c.caller.endpoint === SUPERVISOR_EXT);

  it('shows "Listening to <agent>" while the ChanSpy leg is up, marks the call, restores it after a reload, and Stop ends it on the PBX', async () => {
    const { sim, db: { db } } = stack;
    const page = await stack.login(supervisor);
    await page.click('[data-testid=nav-wallboard]');
    await page.waitForURL(/\/wallboard$/);
    await page.waitForSelector('[data-testid=softphone-registration]:has-text("Registered")');

    // An agent is on a call (their desk phone answers on the simulated PBX).
    const call = sim.placeInboundCall({ from: CALLER, queue: 'support' });
    await eventually(() => sim.liveCalls.find((c) => c.linkedid === call.linkedid)?.ringing.length, 'the operator ringing');
    expect(sim.answer(OPERATOR_EXT)).toBe(true);
    const row = page.locator(`[data-testid=live-call][data-status=answered]:has([data-testid=live-call-number]:text-is("+1${CALLER}"))`);
    await row.waitFor({ timeout: 15_000 });
    const { display_name: operatorName } = await db.selectFrom('users').select('display_name').where('id', '=', operator.id).executeTakeFirstOrThrow();
    await eventually(async () => (await row.locator('[data-testid=live-call-agent]').textContent()) === operatorName, 'the agent on the wallboard row');
    const agentChannel = sim.liveCalls.find((c) => c.linkedid === call.linkedid)?.agent?.name;
    expect(agentChannel).toMatch(new RegExp(`^PJSIP/${OPERATOR_EXT}-`));
    expect(await page.locator('[data-testid=softphone-spy]').count()).toBe(0);

    // Listen.
    await row.locator('[data-testid=spy-listen]').click();
    const panel = page.locator('[data-testid=softphone-spy]');
    await panel.waitFor({ timeout: 15_000 });
    expect(await panel.getAttribute('data-mode')).toBe('listen');
    expect(await page.textContent('[data-testid=softphone-spy-line]')).toBe(`Listening to ${operatorName} (customer Grace Hopper)`);
    expect(await page.textContent('[data-testid=softphone-spy-mode]')).toContain('Listen');
    // The PBX runs the supervisor's phone in ChanSpy on the agent's channel, quietly (q) until the call ends (E).
    const legs = spyLegs();
    expect(legs).toHaveLength(1);
    expect(legs[0]!.caller.application).toBe('ChanSpy');
    expect(legs[0]!.caller.appData).toBe(`${agentChannel},qE`);
    // The wallboard marks the call listened to and offers no second session meanwhile.
    await row.locator('[data-testid=live-call-spied]').waitFor();
    expect(await row.getAttribute('data-spied')).toBe('listen');
    expect(await page.locator('[data-testid=spy-listen]').count()).toBe(0);
    // No wrap-up and no call of the supervisor's own: the spy leg is no call.
    expect(await page.locator('[data-testid=wrapup-form]').count()).toBe(0);
    expect(await page.locator('[data-testid=softphone-in-call]').count()).toBe(0);
    await page.screenshot({ path: 'docs/img/supervisor-listening.png' });

    // A reload in the middle: the server reads the session back from the PBX.
    await page.reload();
    await page.waitForSelector('[data-testid=realtime-status].rt-online');
    await panel.waitFor({ timeout: 15_000 });
    expect(await page.textContent('[data-testid=softphone-spy-line]')).toBe(`Listening to ${operatorName} (customer Grace Hopper)`);
    await row.locator('[data-testid=live-call-spied]').waitFor({ timeout: 15_000 });
    expect(spyLegs()).toHaveLength(1);

    // Stop: the demo line holds no leg, so the server hangs the spying channel up on the PBX.
    await page.click('[data-testid=softphone-spy-stop]');
    await panel.waitFor({ state: 'detached', timeout: 15_000 });
    await eventually(() => spyLegs().length === 0, 'the spy leg gone from the PBX');
    await page.waitForSelector('[data-testid=softphone] .idle');
    await row.locator('[data-testid=spy-listen]').waitFor();
    expect(await row.getAttribute('data-spied')).toBeNull();
    // The customer and the agent are still talking; the stop is audited.
    expect(sim.liveCalls.find((c) => c.linkedid === call.linkedid)?.agent?.name).toBe(agentChannel);
    const stops = await db.selectFrom('audit_log').select(['user_id', 'action']).where('action', '=', 'supervision.stop').execute();
    expect(stops).toEqual([{ user_id: supervisor.id, action: 'supervision.stop' }]);

    // Whisper next, by clicks too: Stop-then-choose is how the mode changes.
    await row.locator('[data-testid=spy-whisper]').click();
    await eventually(async () => (await panel.getAttribute('data-mode').catch(() => null)) === 'whisper', 'the whisper session');
    expect(await page.textContent('[data-testid=softphone-spy-line]')).toBe(`Whispering to ${operatorName} (customer Grace Hopper)`);
    expect(spyLegs()[0]!.caller.appData).toBe(`${agentChannel},qwE`);
    // The caller hangs up: ChanSpy leaves with the spied call, and the panel goes back to idle by itself.
    expect(sim.hangup({ linkedid: call.linkedid, by: 'caller' })).toBe(true);
    await panel.waitFor({ state: 'detached', timeout: 15_000 });
    await eventually(() => spyLegs().length === 0, 'the spy leg gone with the call');
  });
});
