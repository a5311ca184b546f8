/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/user.factory';
import { createCustomer } from '../factories/customer.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually, waitForAgentState } from './support/console-page';

// Issue #20.7: a callback set for tomorrow appeared nowhere until due. "My callbacks" lists the agent's upcoming and
// overdue callbacks with filters, the customer page lists the customer's open tasks, and either dials in one click.
const EXT = '1001';

describe('shift: my callbacks', () => {
  let stack: ConsoleStack;
  let operator: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({
      sim: { agents: [EXT, '1002'], queues: { support: [EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000, customerAnswerMs: 200, talkMs: 600_000 } },
      env: { WRAPUP_SECONDS: '600' },
    });
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT });
    other = await createUser(stack.services, stack.app, { role: 'operator', extension: '1002' });
    await stack.waitConnected();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('lists upcoming and overdue callbacks, filters them, and dials one from My callbacks and from the customer page', async () => {
    const db = stack.db.db;
    const tom = await createCustomer(stack.services, { fullName: 'Tom Tomorrow', phones: [{ number: '+12125550144', kind: 'mobile' }] });
    const yve = await createCustomer(stack.services, { fullName: 'Yve Yesterday', phones: [{ number: '+12125550145', kind: 'mobile' }] });
    const day = 86_400_000;
    const [upcoming] = await db.insertInto('tasks').values([
      { customer_id: tom.id, assignee_id: operator.id, kind: 'callback', due_at: new Date(Date.now() + day), note: 'Call back about the upgrade', created_by: operator.id },
      { customer_id: yve.id, assignee_id: operator.id, kind: 'callback', due_at: new Date(Date.now() - day), note: 'Promised yesterday', created_by: operator.id },
      { customer_id: tom.id, assignee_id: other.id, kind: 'callback', due_at: new Date(Date.now() + day), note: 'Not mine', created_by: other.id },
    ]).returning('id').execute();

    const page = await stack.login(operator);
    const items = page.locator('[data-testid=my-callbacks] [data-testid=task-item]');
    // Mutation caught: the old console showed only overdue reminders; tomorrow's callback appeared nowhere.
    await eventually(async () => (await items.count()) === 2, 'two callbacks of mine');
    expect(await items.nth(0).textContent()).toContain('Yve Yesterday');
    expect(await items.nth(1).textContent()).toContain('Tom Tomorrow');
    expect(await page.locator('[data-testid=my-callbacks]').textContent()).not.toContain('Not mine');
    await page.selectOption('[data-testid=callbacks-when]', 'upcoming');
    await eventually(async () => (await items.count()) === 1 && (await items.nth(0).textContent())?.includes('Tom Tomorrow'), 'upcoming only');
    await page.selectOption('[data-testid=callbacks-when]', 'overdue');
    await eventually(async () => (await items.count()) === 1 && (await items.nth(0).textContent())?.includes('Yve Yesterday'), 'overdue only');
    await page.selectOption('[data-testid=callbacks-when]', 'all');
    await eventually(async () => (await items.count()) === 2, 'all again');
    await page.screenshot({ path: 'docs/img/console-my-callbacks.png' });

    // One click: the call to tomorrow's customer, on the softphone.
    await items.filter({ hasText: 'Tom Tomorrow' }).locator('[data-testid=task-call]').click();
    await page.waitForSelector('[data-testid=softphone-in-call]');
    const call = await eventually(() => db.selectFrom('calls').selectAll().where('called_number', '=', '+12125550144').executeTakeFirst(), 'the callback call');
    await waitForAgentState(page, 'on_call');
    await page.click('[data-testid=softphone-hangup]');
    await eventually(async () => (await db.selectFrom('calls').select('status').where('id', '=', call.id).executeTakeFirst())?.status === 'ended', 'call ended');
    await page.waitForSelector('[data-testid=wrapup-form]');
    await page.selectOption('[data-testid=wrapup-disposition]', 'info_given');
    await page.click('[data-testid=wrapup-submit]');
    await waitForAgentState(page, 'ready');

    // The customer page: the customer's open tasks (both agents'), each callable.
    await page.goto(`${stack.url}/customers/${tom.id}`);
    const tasks = page.locator('[data-testid=customer-tasks] [data-testid=task-item]');
    await eventually(async () => (await tasks.count()) === 2, "the customer's two open tasks");
    expect(await page.textContent('[data-testid=customer-tasks]')).toContain('Call back about the upgrade');
    await tasks.filter({ hasText: 'Call back about the upgrade' }).locator('[data-testid=task-call]').waitFor();
    expect(upcoming!.id).toBeGreaterThan(0);
  });
});
