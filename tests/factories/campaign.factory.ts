import { callIdAt } from '../../server/calls/calls.repository';
import type { AppServices } from '../../server/services';
import type { CallOutcome, CallSummary } from '../../server/events/domain-events';
import type { CustomerOriginateRequest, OriginateRequest, PbxPort } from '../../server/pbx/pbx-port';
import type { SegmentRule } from '@contract/segment-rules';
import type { CampaignBody } from '@contract/campaigns.schemas';

let seq = 0;
const next = () => ++seq;

export function phoneFor(n: number): string {
  return `+1415${String(3_000_000 + ((process.pid % 900) * 1000 + n) % 6_000_000).padStart(7, '0')}`;
}

export interface CustomerSeed {
  fullName?: string; region?: string | null; timezone?: string; tags?: string[]; doNotCall?: boolean; consent?: boolean;
  leadSourceId?: number | null; birthday?: string | null; lastContactAt?: Date | null; phone?: string | null;
}

/** A customer row with one primary phone, inserted directly (the customers service is someone else's subject). */
export async function seedCustomer(services: AppServices, s: CustomerSeed = {}): Promise<{ id: number; phone: string | null }> {
  const n = next();
  const row = await services.db.insertInto('customers').values({
    full_name: s.fullName ?? `Campaign customer ${n}`, region: s.region ?? null, timezone: s.timezone ?? 'UTC', tags: s.tags ?? [],
    do_not_call: s.doNotCall ?? false, consent_outbound: s.consent ?? true, lead_source_id: s.leadSourceId ?? null,
    birthday: s.birthday ?? null, last_contact_at: s.lastContactAt ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  const phone = s.phone === undefined ? phoneFor(n) : s.phone;
  if (phone) await services.db.insertInto('customer_phones').values({ customer_id: row.id, e164: phone, is_primary: true }).execute();
  return { id: row.id, phone };
}

export async function seedProduct(services: AppServices, price = '10.00', kind: 'product' | 'service' = 'service'): Promise<number> {
  const n = next();
  const r = await services.db.insertInto('products').values({ sku: `CMP-${process.pid}-${n}`, name: `Offer ${n}`, kind, price }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function seedPurchase(services: AppServices, customerId: number, productId: number, amount: string, opts: { at?: Date; status?: 'active' | 'cancelled' } = {}): Promise<void> {
  await services.db.insertInto('purchases').values({ customer_id: customerId, product_id: productId, amount, purchased_at: opts.at ?? new Date(), status: opts.status ?? 'active' }).execute();
}

export async function setAgentReady(services: AppServices, userId: number, state: 'ready' | 'wrapup' | 'on_call' = 'ready'): Promise<void> {
  await services.db.updateTable('agent_state_log').set({ ended_at: new Date() }).where('user_id', '=', userId).where('ended_at', 'is', null).execute();
  await services.db.insertInto('agent_state_log').values({ user_id: userId, state, started_at: new Date() }).execute();
}

/** A segment and a campaign over it; the campaign is left in draft unless start is true. */
export async function seedCampaign(services: AppServices, rules: SegmentRule, overrides: Partial<CampaignBody> & { productId?: number; start?: boolean } = {}) {
  const n = next();
  const segment = await services.segments.create({ name: `Segment ${process.pid}-${n}`, rules }, null);
  const productId = overrides.productId ?? (await seedProduct(services, '49.90'));
  const { productId: _p, start, ...body } = overrides;
  const campaign = await services.campaigns.create({
    name: `Campaign ${process.pid}-${n}`, segmentId: segment.id, offer: { productId, price: 49.9, terms: '12 months' }, script: 'Hello {name}',
    callingWindows: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }], ...body,
  }, null);
  if (start) await services.campaigns.start(campaign.id, null);
  return { segment, campaign };
}

/** Records every originate; can be told to fail. Stands for the PBX only where a test does not need the simulator. */
export class FakePbxPort implements PbxPort {
  readonly originated: OriginateRequest[] = [];
  failNext = 0;
  delayMs = 0;
  constructor(readonly pbxId = 'main') {}
  isConnected() { return true; }
  async originate(req: OriginateRequest): Promise<void> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('simulated originate failure');
    }
    this.originated.push(req);
  }
  readonly customerDials: CustomerOriginateRequest[] = [];
  async originateCustomer(req: CustomerOriginateRequest): Promise<void> {
    this.customerDials.push(req);
  }
  async hangup() {}
  async queuePause() {}
  async checkPhone() {}
  async spy() {}
  async spySessions() { return []; }
  async stopSpy() {}
  async redirect() {}
  async blindTransfer() {}
  async attendedTransfer() {}
  async cancelAttendedTransfer() {}
  async playDtmf() {}
  async refreshSipAccounts() {}
  async liveChannels() { return []; }
  async queueMembers() { return []; }
  async queueAdd() { return 'added' as const; }
  async queueRemove() { return 'removed' as const; }
  async queuePenalty() {}
}

/** The calls row the lead's call service would persist for a campaign dial, and its summary for call.* events. */
export async function campaignCall(services: AppServices, attemptId: number, outcome: CallOutcome | null, agentUserId: number | null = null): Promise<CallSummary> {
  const now = new Date();
  const linkedid = `cmp-${process.pid}-${next()}`;
  const row = await services.db.insertInto('calls').values({
    id: callIdAt(now), pbx_id: 'main', linkedid, direction: 'outbound', status: outcome ? 'ended' : 'ringing', outcome, started_at: now,
    ended_at: outcome ? now : null, campaign_attempt_id: attemptId, agent_user_id: agentUserId,
  }).returning('id').executeTakeFirstOrThrow();
  return {
    callId: row.id, pbxId: 'main', linkedid, direction: 'outbound', status: outcome ? 'ended' : 'ringing', outcome, callerNumber: null, callerName: null,
    calledNumber: null, queue: null, agentUserId, customerId: null, campaignAttemptId: attemptId, startedAt: now.toISOString(), queuedAt: null,
    offeredAt: null, answeredAt: outcome === 'answered' ? now.toISOString() : null, endedAt: outcome ? now.toISOString() : null, onHold: false, recordingPath: null,
  };
}

export async function attemptsOf(services: AppServices, campaignId: number) {
  return services.db.selectFrom('campaign_attempts').selectAll().where('campaign_id', '=', campaignId).orderBy('id').execute();
}
