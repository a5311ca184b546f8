import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { attemptsOf, campaignCall, seedCampaign, seedCustomer, seedProduct } from '../../factories/campaign.factory';
import { seedReferenceData } from '../../../server/db/seed-reference';
import type { OfferView } from '@contract/offers.schemas';

// Issue #23: on a campaign call the operator may record the sale twice, once as the campaign's result and once as
// the pop's ranked offer of the same product. The customer said yes once: one purchase, which both records point
// to. An accepted offer of another product is a second sale and a second purchase.
let ctx: TestContext;
let manager: TestUser, operator: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  await seedReferenceData(ctx.db.db);
  manager = await createUser(ctx.services, ctx.app, { role: 'campaign_manager' });
  operator = await createUser(ctx.services, ctx.app, { role: 'operator' });
});
afterAll(async () => { await ctx?.close(); });

async function createOffer(productId: number, name: string): Promise<OfferView> {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/offers', headers: authHeader(manager),
    payload: { productId, name, price: 49.9, margin: 10, eligibility: { all: [{ type: 'do_not_call', value: false }] } } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as OfferView;
}

/** A campaign whose one attempt is connected to the operator, and the answered call that wraps it up. */
async function connectedCampaignCall() {
  const customer = await seedCustomer(ctx.services, { fullName: `Sale customer ${Math.random()}` });
  const productId = await seedProduct(ctx.services, '49.90');
  const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: ['ZZ-NONE'] }, { productId });
  const attempt = await ctx.db.db.insertInto('campaign_attempts').values({ campaign_id: campaign.id, customer_id: customer.id, phone_e164: customer.phone!,
    status: 'connected', dial_count: 1, last_user_id: operator.id }).returning('id').executeTakeFirstOrThrow();
  const call = await campaignCall(ctx.services, attempt.id, 'answered', operator.id);
  await ctx.db.db.updateTable('calls').set({ customer_id: customer.id }).where('id', '=', call.callId).execute();
  return { customerId: customer.id, productId, attemptId: attempt.id, callId: call.callId, campaignId: campaign.id };
}

describe('a campaign sale accepted again as a ranked offer', () => {
  it('makes one purchase that the attempt and the offer outcome share, also when the wrap-up is sent twice', async () => {
    const c = await connectedCampaignCall();
    const offer = await createOffer(c.productId, `Same product ${c.productId}`);
    const body = [{ offerId: offer.id, result: 'accepted' }];
    const payload = (key: string) => ({ callId: c.callId, customerId: c.customerId, dispositionCode: 'resolved', notes: '', clientKey: key,
      offer: { productId: c.productId, result: 'accepted' }, offers: body });
    const first = await ctx.app.inject({ method: 'POST', url: '/api/wrapups', headers: authHeader(operator), payload: payload('campaign-sale-0001') });
    expect(first.statusCode, first.body).toBe(200);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/wrapups', headers: authHeader(operator), payload: payload('campaign-sale-0001') })).json().duplicate).toBe(true);

    const purchases = await ctx.db.db.selectFrom('purchases').select(['id', 'product_id', 'source']).where('customer_id', '=', c.customerId).execute();
    expect(purchases).toHaveLength(1);
    expect(purchases[0]).toMatchObject({ product_id: c.productId, source: 'campaign' });
    const [attempt] = (await attemptsOf(ctx.services, c.campaignId)).filter((a) => a.id === c.attemptId);
    expect(attempt!.purchase_id).toBe(purchases[0]!.id);
    const outcome = await ctx.db.db.selectFrom('offer_outcomes').select(['result', 'purchase_id']).where('customer_id', '=', c.customerId).executeTakeFirstOrThrow();
    expect(outcome).toEqual({ result: 'accepted', purchase_id: purchases[0]!.id });
  });

  it('makes a second purchase for an accepted offer of another product', async () => {
    const c = await connectedCampaignCall();
    const other = await seedProduct(ctx.services, '15.00');
    const offer = await createOffer(other, `Other product ${other}`);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/wrapups', headers: authHeader(operator), payload: {
      callId: c.callId, customerId: c.customerId, dispositionCode: 'resolved', notes: '', clientKey: 'campaign-sale-0002',
      offer: { productId: c.productId, result: 'accepted' }, offers: [{ offerId: offer.id, result: 'accepted' }] } });
    expect(res.statusCode, res.body).toBe(200);
    const purchases = await ctx.db.db.selectFrom('purchases').select(['product_id', 'source']).where('customer_id', '=', c.customerId).orderBy('id').execute();
    expect(purchases).toEqual([{ product_id: c.productId, source: 'campaign' }, { product_id: other, source: 'offer' }]);
  });
});
