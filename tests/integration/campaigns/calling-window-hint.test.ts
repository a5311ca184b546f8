import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { seedCampaign, seedCustomer } from '../../factories/campaign.factory';

// Issue #22.8: a Running campaign outside its calling window showed pending numbers while operators saw "No
// customers to preview", with no hint why. The preview reply and the campaign's progress now say that every customer
// due is outside their window, and when the next window opens (the customer's time zone, holidays skipped).
let ctx: TestContext;
let now = new Date('2025-01-06T12:00:00Z'); // a Monday: 07:00 in New York, 21:00 in Tokyo
let manager: TestUser;
let sut: TestUser;
let other: TestUser;

beforeAll(async () => {
  ctx = await createTestContext({ deps: { clock: () => now } });
  manager = await createUser(ctx.services, ctx.app, { role: 'campaign_manager' });
  sut = await createUser(ctx.services, ctx.app, { role: 'operator' });
  other = await createUser(ctx.services, ctx.app, { role: 'operator' });
});
afterAll(async () => { await ctx.close(); });

const previewNext = async (user: TestUser) => {
  const res = await ctx.app.inject({ method: 'GET', url: '/api/campaigns/preview/next', headers: authHeader(user) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { card: { customer: { id: number } } | null; idle?: { reason: string; nextWindowAt: string | null } | null };
};
const windowOf = async (id: number) => {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/campaigns/${id}/progress`, headers: authHeader(manager) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().callingWindow as { outside: boolean; nextWindowAt: string | null };
};

describe('a running campaign outside its calling window', () => {
  it('tells the operator and the campaign page why no one is offered, and when the next window opens', async () => {
    const ny = await seedCustomer(ctx.services, { timezone: 'America/New_York', tags: ['window-hint'] });
    await seedCustomer(ctx.services, { timezone: 'Asia/Tokyo', tags: ['window-hint'] });
    const { campaign } = await seedCampaign(ctx.services, { all: [{ type: 'tags', match: 'any', tags: ['window-hint'] }] },
      { start: true, agentIds: [sut.id], callingWindows: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '20:00' }] });

    // New York opens first: 09:00 there is 14:00 UTC today (Tokyo's next is Tuesday 09:00, 00:00 UTC).
    expect(await previewNext(sut)).toEqual({ card: null, idle: { reason: 'outside-calling-window', nextWindowAt: '2025-01-06T14:00:00.000Z' } });
    expect(await windowOf(campaign.id)).toEqual({ outside: true, nextWindowAt: '2025-01-06T14:00:00.000Z' });
    // Not this operator's campaign: nothing is due for them, so no hint.
    expect(await previewNext(other)).toEqual({ card: null, idle: null });

    // A holiday today: New York's next window is tomorrow 09:00 (14:00 UTC), after Tokyo's (00:00 UTC).
    await sql`INSERT INTO settings (key, value) VALUES ('holidays', '["2025-01-06"]'::jsonb)`.execute(ctx.services.db);
    expect((await previewNext(sut)).idle?.nextWindowAt).toBe('2025-01-07T00:00:00.000Z');
    await ctx.services.db.deleteFrom('settings').where('key', '=', 'holidays').execute();

    // 09:30 in New York: the window is open, the operator gets the card and the hint is gone.
    now = new Date('2025-01-06T14:30:00Z');
    expect(await windowOf(campaign.id)).toEqual({ outside: false, nextWindowAt: null });
    const open = await previewNext(sut);
    expect(open.card?.customer.id).toBe(ny.id);
    expect(open.idle).toBeNull();

    // Paused: nothing is offered and the window is not the reason.
    now = new Date('2025-01-06T12:00:00Z');
    await ctx.services.campaigns.pause(campaign.id, null);
    expect(await windowOf(campaign.id)).toEqual({ outside: false, nextWindowAt: null });
  });
});
