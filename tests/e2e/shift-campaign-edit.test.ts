/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/user.factory';
import { seedCampaign, seedCustomer } from '../factories/campaign.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

// Issue #20.10: a paused campaign could not be edited (the form always sends segmentId and the server refused any
// request containing it after the start: 409), and a running one offered no Edit. Now both are editable, except
// the segment, which the form shows frozen.
describe('shift: editing a started campaign', () => {
  let stack: ConsoleStack;
  let manager: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({ sim: { agents: ['1001'], queues: { support: ['1001'] } } });
    manager = await createUser(stack.services, stack.app, { role: 'campaign_manager', extension: null });
    await stack.waitConnected();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('edits the script and attempts of a running campaign, then of the paused one, with the segment frozen', async () => {
    await seedCustomer(stack.services, { fullName: 'Eddie Edit', timezone: 'UTC', tags: ['shift-edit'] });
    const { campaign } = await seedCampaign(stack.services, { all: [{ type: 'tags', match: 'any', tags: ['shift-edit'] }] },
      { name: 'Editable while running', mode: 'preview', agentIds: [], start: true });
    const page = await stack.login(manager);
    await page.click('[data-testid=nav-campaigns]');
    await page.waitForURL(/\/campaigns$/);
    const row = page.locator('tr', { hasText: 'Editable while running' });

    // Running: Edit is offered. Mutation caught: the old service refused anything but agents/priority/script.
    await row.locator('[data-testid=campaign-edit]').click();
    await page.waitForSelector('[data-testid=campaign-form] [data-testid=campaign-segment]:disabled');
    await page.fill('[data-testid=campaign-script]', 'Good morning {name}, a better plan for you');
    await page.fill('[data-testid=campaign-max-attempts]', '5');
    await page.click('[data-testid=campaign-save]');
    await page.waitForSelector('[data-testid=campaign-error]', { state: 'detached' });
    await expectSaved({ script: 'Good morning {name}, a better plan for you', max_attempts: 5 });

    // Paused: the same form. Mutation caught: segmentId in the body was a 409 "cannot change the segment after start".
    await row.locator('[data-testid=campaign-pause]').click();
    await page.locator('tr', { hasText: 'Editable while running' }).locator('[data-testid=campaign-start]:enabled').waitFor();
    await row.locator('[data-testid=campaign-edit]').click();
    await page.waitForSelector('[data-testid=campaign-form] [data-testid=campaign-segment]:disabled');
    await page.fill('[data-testid=campaign-terms]', 'First month free');
    await page.fill('[data-testid=campaign-max-attempts]', '4');
    await page.screenshot({ path: 'docs/img/campaign-edit-paused.png' });
    await page.click('[data-testid=campaign-save]');
    await expectSaved({ max_attempts: 4 });
    expect(await page.locator('[data-testid=campaign-error]').count()).toBe(0);

    // The server still refuses a different segment once started, with a clear 409.
    const other = await stack.services.segments.create({ name: 'Another segment', rules: { all: [{ type: 'tags', match: 'any', tags: ['x'] }] } }, null);
    const res = await stack.app.inject({ method: 'PATCH', url: `/api/campaigns/${campaign.id}`, headers: { authorization: `Bearer ${manager.token}` }, payload: { segmentId: other.id } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('campaign-invalid-state');

    async function expectSaved(values: Record<string, unknown>): Promise<void> {
      for (let i = 0; i < 200; i++) {
        const rowNow = await stack.db.db.selectFrom('campaigns').selectAll().where('id', '=', campaign.id).executeTakeFirstOrThrow();
        if (Object.entries(values).every(([k, v]) => (rowNow as Record<string, unknown>)[k] === v)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`campaign not saved with ${JSON.stringify(values)}`);
    }
  });
});
