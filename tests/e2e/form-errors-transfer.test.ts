/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/user.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { waitForAgentState } from './support/console-page';
import formErrors from '../../console/src/i18n/features/form-errors';

// Issue #22.4 in the transfer form: a refused transfer set the softphone's error to the server's English message
// ('"abc" is not a phone number we can dial (NOT_A_NUMBER)'). Now the issue is under the number, in the operator's
// language (Indonesian here: "only digits and separators"), the form stays open and the call stays with the operator.
const EXT = '1001';
const id = formErrors.id.formErr;

describe('transfer: the server\'s issue under the target, in the user language', () => {
  let stack: ConsoleStack;
  let operator: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({ sim: { agents: [EXT], queues: { support: [EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } }, env: { WRAPUP_SECONDS: '600' } });
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT });
    await stack.waitConnected();
  });
  afterAll(async () => { await stack?.close(); });

  it('shows an undialable number under the number field', async () => {
    const res = await stack.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: { authorization: `Bearer ${operator.token}` }, payload: { locale: 'id' } });
    expect(res.statusCode).toBe(200);
    const page = await stack.login(operator);
    await page.waitForFunction(() => document.documentElement.lang === 'id');
    await page.click('[data-testid=agent-ready]');
    await waitForAgentState(page, 'ready');
    stack.sim.placeInboundCall({ from: '2125550199', queue: 'support' });
    await page.waitForSelector('[data-testid=softphone-incoming]');
    await page.click('[data-testid=softphone-answer]');
    await waitForAgentState(page, 'on_call');

    await page.click('[data-testid=softphone-transfer]');
    await page.selectOption('[data-testid=transfer-kind]', 'number');
    expect(await page.getAttribute('[data-testid=transfer-number]', 'maxlength')).toBe('32');
    await page.fill('[data-testid=transfer-number]', 'abc');
    await page.click('[data-testid=transfer-go]');
    const fieldError = page.locator('[data-testid=transfer-form] [data-testid=field-error][data-field=number]');
    await fieldError.waitFor();
    // Mutation caught: the softphone line with the server's English sentence, and no field error.
    expect(await fieldError.textContent()).toBe(id.reason.invalidCharacters);
    expect((await page.textContent('[data-testid=transfer-error]'))?.trim()).toBe(id.summary);
    expect(await page.locator('[data-testid=transfer-form]').count()).toBe(1);
    await waitForAgentState(page, 'on_call');
  });
});
