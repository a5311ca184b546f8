/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/user.factory';
import { createCustomer } from '../factories/customer.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually, waitForAgentState } from './support/console-page';

// Issue #20.4, what exists today, checked on the simulator: hold/resume, mute, and a blind transfer to another
// agent's extension from the softphone, after which the call is the second agent's on the PBX. Not asserted, because
// it does not work yet (docs/CONSOLE.md): the first agent stays on_call on the server after a blind transfer, and
// the pop does not follow the call to the second agent.
const EXT = '1001';
const EXT2 = '1002';

describe('shift: call control that exists (hold, mute, blind transfer)', () => {
  let stack: ConsoleStack;
  let first: TestUser;
  let second: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({
      sim: { agents: [EXT, EXT2], queues: { support: [EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } },
      env: { WRAPUP_SECONDS: '600' },
    });
    first = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT });
    second = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT2 });
    await createCustomer(stack.services, { fullName: 'Tara Transfer', phones: [{ number: '+12125550122', kind: 'mobile' }] });
    await stack.waitConnected();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('holds, mutes and blind-transfers a call to another agent from the softphone', async () => {
    const { sim, db: { db } } = stack;
    const page = await stack.login(first);
    // The second agent is in no queue: a blind transfer dials the extension itself.
    const page2 = await stack.login(second);
    await page.click('[data-testid=agent-ready]');
    await waitForAgentState(page, 'ready');
    await eventually(() => sim.model.membersOf(EXT).every(({ member }) => !member.paused), 'member unpaused');

    const call = sim.placeInboundCall({ from: '2125550122', queue: 'support' });
    await page.waitForSelector('[data-testid=softphone-incoming]');
    await page.click('[data-testid=softphone-answer]');
    await waitForAgentState(page, 'on_call');

    await page.click('[data-testid=softphone-hold]');
    await eventually(async () => (await db.selectFrom('calls').select('hold_started_at').where('linkedid', '=', call.linkedid).executeTakeFirst())?.hold_started_at, 'held on the PBX');
    await page.click('[data-testid=softphone-hold]');
    await eventually(async () => (await db.selectFrom('calls').select('hold_started_at').where('linkedid', '=', call.linkedid).executeTakeFirst())?.hold_started_at === null, 'resumed');
    await page.click('[data-testid=softphone-mute]');
    expect(await page.getAttribute('[data-testid=softphone-mute]', 'aria-pressed')).toBe('true');
    await page.click('[data-testid=softphone-mute]');

    await page.click('[data-testid=softphone-transfer]');
    await page.fill('[data-testid=softphone-transfer-target]', EXT2);
    await page.click('[data-testid=softphone-transfer-go]');
    await eventually(() => sim.liveCalls.find((c) => c.linkedid === call.linkedid)?.agent?.endpoint === EXT2
      || sim.liveCalls.some((c) => c.linkedid === call.linkedid && c.ringing.some((r) => r.endpoint === EXT2)), 'the call reaches the second agent on the PBX');
    await eventually(async () => (await db.selectFrom('calls').select('transferred').where('linkedid', '=', call.linkedid).executeTakeFirst())?.transferred, 'the call marked transferred');
    await page2.close();
  });
});
