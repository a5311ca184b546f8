import { NotFoundError, ValidationError } from '../http/app-error';
import { AGENTS } from '../auth/roles';
import type { AuditRepository } from '../audit/audit.repository';
import type { EventBus } from '../events/event-bus';
import type { SegmentsService } from '../segments/segments.service';
import type { Campaign, CampaignsRepository, CampaignWrite } from './campaigns.repository';
import type { AttemptsRepository } from './attempts.repository';
import type { AttemptClaimsRepository } from './attempt-claims.repository';
import type { CallingWindow, CampaignBody, CampaignPatch, CampaignStatus, OutcomeResult } from '@contract/campaigns.schemas';
import { DEFAULT_RETRY_MINUTES, decideAfterOutcome } from './retry-policy';
import { resolveRefusal } from './refusal-reasons.repository';
import { AttemptStateError, CampaignNameTakenError, CampaignStateError, NotYourAttemptError, OutcomeInvalidError } from './campaigns.errors';

export type Clock = () => Date;
const DEFAULT_WINDOWS = [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '20:00' }];
// Issue #20.10: a paused or running campaign stays editable (windows, retries, script, offer, agents); only its
// segment is frozen once the attempts are built.
const EDITABLE: CampaignStatus[] = ['draft', 'paused', 'running'];

export interface RecordOutcomeInput {
  attemptId: number; userId: number; result: OutcomeResult; refusalReason?: string | null; refusalCode?: string | null; callbackAt?: Date | null;
  /** Managers may record for any operator's attempt; operators only for their own dial. */
  asManager?: boolean;
}

export class CampaignService {
  static readonly RESERVE_MS = 5 * 60_000;

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly attempts: AttemptsRepository,
    private readonly claims: AttemptClaimsRepository,
    private readonly segments: SegmentsService,
    private readonly audit: AuditRepository,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly defaultWindows: () => CallingWindow[] = () => DEFAULT_WINDOWS,
  ) {}

  list(): Promise<Campaign[]> {
    return this.campaigns.list();
  }

  async get(id: number): Promise<Campaign> {
    const c = await this.campaigns.find(id);
    if (!c) throw new NotFoundError('campaign', id);
    return c;
  }

  private async toWrite(body: CampaignPatch, current?: Campaign): Promise<Partial<CampaignWrite>> {
    const w: Partial<CampaignWrite> = {};
    if (body.name !== undefined) w.name = body.name;
    if (body.description !== undefined) w.description = body.description;
    if (body.segmentId !== undefined) w.segmentId = (await this.segments.get(body.segmentId)).id;
    if (body.offer) {
      const price = await this.campaigns.productPrice(body.offer.productId);
      if (price === undefined) throw new NotFoundError('product', body.offer.productId);
      w.offerProductId = body.offer.productId;
      w.offerPrice = body.offer.price !== undefined ? body.offer.price.toFixed(2) : price;
      if (body.offer.currency !== undefined) w.offerCurrency = body.offer.currency;
      if (body.offer.terms !== undefined) w.offerTerms = body.offer.terms;
    }
    if (body.script !== undefined) w.script = body.script;
    if (body.mode !== undefined) w.mode = body.mode;
    if (body.priority !== undefined) w.priority = body.priority;
    if (body.maxAttempts !== undefined) w.maxAttempts = body.maxAttempts;
    if (body.retryMinutes !== undefined) w.retryMinutes = { ...(current?.retryMinutes ?? DEFAULT_RETRY_MINUTES), ...body.retryMinutes };
    if (body.callingWindows !== undefined) {
      body.callingWindows.forEach((win, i) => {
        if (win.start === win.end) throw new ValidationError('A calling window cannot start and end at the same time', { window: win, field: `callingWindows.${i}`, reason: 'same-times' });
      });
      w.callingWindows = body.callingWindows;
    }
    if (body.pbxId !== undefined) w.pbxId = body.pbxId;
    if (body.callerId !== undefined) w.callerId = body.callerId;
    if (body.abandonCapPct !== undefined) w.abandonCapPct = Math.round(body.abandonCapPct * 100) / 100;
    if (body.abandonPeriodHours !== undefined) w.abandonPeriodHours = body.abandonPeriodHours;
    if (body.amdAction !== undefined) w.amdAction = body.amdAction;
    return w;
  }

  async create(body: CampaignBody, userId: number | null): Promise<Campaign> {
    if (await this.campaigns.nameTaken(body.name)) throw new CampaignNameTakenError(body.name);
    const w = await this.toWrite(body);
    const id = await this.campaigns.create({
      description: '', offerCurrency: 'USD', offerTerms: '', script: '', mode: 'preview', priority: 0, maxAttempts: 3,
      retryMinutes: DEFAULT_RETRY_MINUTES, callingWindows: this.defaultWindows(), pbxId: null, callerId: null, ...w,
    } as CampaignWrite, userId, [...new Set(body.agentIds ?? [])]);
    await this.audit.record({ userId, action: 'campaign.created', target: `campaign:${id}` });
    return this.get(id);
  }

  async update(id: number, body: CampaignPatch, userId: number | null): Promise<Campaign> {
    const current = await this.get(id);
    if (!EDITABLE.includes(current.status)) throw new CampaignStateError(id, current.status, 'edit');
    // The same segment sent back by a form is no change (the console's form always sends it).
    if (body.segmentId !== undefined && body.segmentId !== current.segmentId && current.attemptsBuiltAt) {
      throw new CampaignStateError(id, current.status, 'change the segment after start');
    }
    if (body.name !== undefined && (await this.campaigns.nameTaken(body.name, id))) throw new CampaignNameTakenError(body.name);
    await this.campaigns.update(id, await this.toWrite(body, current), body.agentIds ? [...new Set(body.agentIds)] : undefined);
    await this.audit.record({ userId, action: 'campaign.updated', target: `campaign:${id}` });
    this.changed(id);
    return this.get(id);
  }

  async delete(id: number, userId: number | null): Promise<void> {
    const current = await this.get(id);
    if (!(await this.campaigns.delete(id))) throw new CampaignStateError(id, current.status, 'delete (only drafts)');
    await this.audit.record({ userId, action: 'campaign.deleted', target: `campaign:${id}` });
  }

  /** draft|paused -> running. The first start snapshots the segment into attempts (idempotent). */
  async start(id: number, userId: number | null): Promise<Campaign> {
    const current = await this.get(id);
    if (current.status === 'running') return current;
    if (!(await this.campaigns.transition(id, ['draft', 'paused'], 'running', this.clock()))) throw new CampaignStateError(id, current.status, 'start');
    if (!current.attemptsBuiltAt) {
      const segment = await this.segments.get(current.segmentId);
      const built = await this.campaigns.buildAttempts(id, segment.rules, this.clock());
      await this.audit.record({ userId, action: 'campaign.attempts_built', target: `campaign:${id}`, details: { attempts: built } });
    }
    await this.audit.record({ userId, action: 'campaign.started', target: `campaign:${id}` });
    this.changed(id);
    return this.get(id);
  }

  async pause(id: number, userId: number | null): Promise<Campaign> {
    return this.move(id, ['running'], 'paused', 'pause', userId);
  }

  async stop(id: number, userId: number | null): Promise<Campaign> {
    return this.move(id, ['draft', 'running', 'paused'], 'stopped', 'stop', userId);
  }

  private async move(id: number, from: CampaignStatus[], to: CampaignStatus, action: string, userId: number | null): Promise<Campaign> {
    const current = await this.get(id);
    if (current.status === to) return current;
    if (!(await this.campaigns.transition(id, from, to, this.clock()))) throw new CampaignStateError(id, current.status, action);
    await this.audit.record({ userId, action: `campaign.${action === 'pause' ? 'paused' : 'stopped'}`, target: `campaign:${id}` });
    this.changed(id);
    return this.get(id);
  }

  async progress(id: number) {
    const c = await this.get(id);
    const [p, [outlook]] = await Promise.all([this.attempts.progress(id), this.attempts.windowOutlook({ campaignId: id }, this.clock())]);
    const sum = (pred: (x: { status: string; outcome: string | null }) => boolean) => p.counts.filter(pred).reduce((s, x) => s + x.n, 0);
    const byOutcome: Record<string, number> = {};
    for (const x of p.counts) if (x.outcome) byOutcome[x.outcome] = (byOutcome[x.outcome] ?? 0) + x.n;
    const accepted = sum((x) => x.status === 'done' && x.outcome === 'accepted');
    const refused = sum((x) => x.status === 'done' && x.outcome === 'refused');
    return {
      campaignId: id, status: c.status,
      total: sum(() => true),
      pending: sum((x) => x.status === 'queued' || x.status === 'reserved'),
      dialing: sum((x) => x.status === 'dialing' || x.status === 'connected'),
      completed: sum((x) => x.status === 'done' || x.status === 'cancelled'),
      byOutcome, accepted, refused, refusalReasons: p.reasons, revenue: p.revenue,
      conversionRate: accepted + refused === 0 ? 0 : Math.round((accepted / (accepted + refused)) * 10_000) / 10_000,
      callingWindow: CampaignService.windowState(outlook ? [outlook] : []),
    };
  }

  /**
   * Issue #22.8: a running campaign with customers due and none inside their calling window offers no one; say
   * so, and when the next window opens (null when none opens in the next week, e.g. holidays).
   */
  private static windowState(outlook: Awaited<ReturnType<AttemptsRepository['windowOutlook']>>) {
    const due = outlook.reduce((s, o) => s + o.due, 0);
    if (due === 0 || outlook.some((o) => o.inWindow > 0)) return { outside: false, nextWindowAt: null };
    const next = outlook.map((o) => o.nextWindowAt).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0];
    return { outside: true, nextWindowAt: next ? new Date(next).toISOString() : null };
  }

  /** Why the operator got no preview card: outside the calling window of every customer due, or null (none due). */
  async previewIdle(userId: number, campaignId?: number) {
    const state = CampaignService.windowState(await this.attempts.windowOutlook({ userId, campaignId }, this.clock()));
    return state.outside ? { reason: 'outside-calling-window' as const, nextWindowAt: state.nextWindowAt } : null;
  }

  /** The operator's preview card: their reserved attempt, or the next one reserved for them now. */
  async previewNext(userId: number, campaignId?: number) {
    const id = await this.claims.reserveNextFor(userId, this.clock(), CampaignService.RESERVE_MS, campaignId);
    if (id === null) return null;
    const r = await this.attempts.card(id);
    if (!r) return null;
    this.changed(r.campaign_id);
    return CampaignService.toCard(r);
  }

  /** The card of an attempt the operator holds or dialled (the console shows it during and after a campaign call). */
  async attemptCard(attemptId: number, userId: number, asManager: boolean) {
    const r = await this.attempts.card(attemptId);
    if (!r) throw new NotFoundError('attempt', attemptId);
    if (!asManager && r.last_user_id !== userId && r.reserved_by !== userId) throw new NotYourAttemptError(attemptId);
    return CampaignService.toCard(r);
  }

  private static toCard(r: NonNullable<Awaited<ReturnType<AttemptsRepository['card']>>>) {
    return {
      attemptId: r.id, phone: r.phone_e164, dialCount: r.dial_count, maxAttempts: r.max_attempts, callbackAt: r.callback_at,
      campaign: { id: r.campaign_id, name: r.campaign_name, script: r.script,
        offer: { productId: r.offer_product_id, productName: r.product_name, price: r.offer_price, currency: r.offer_currency, terms: r.offer_terms } },
      customer: { id: r.customer_id, fullName: r.full_name, company: r.company, region: r.region, timezone: r.timezone,
        totalSpend: r.total_spend, lastContactAt: r.last_contact_at, tags: r.tags },
    };
  }

  /** Preview: the operator skips their card without dialling; it is requeued for anyone (itself included, later). */
  async skipPreview(attemptId: number, userId: number): Promise<{ attemptId: number; campaignId: number }> {
    const campaignId = await this.claims.releaseReservation(attemptId, userId, this.clock());
    if (campaignId === null) throw new AttemptStateError(attemptId, 'not reserved', 'no preview card of yours to skip');
    this.changed(campaignId);
    return { attemptId, campaignId };
  }

  agentDirectory() {
    return this.campaigns.agentDirectory(AGENTS);
  }

  /** The campaign part of an outbound call's screen pop: what to offer and the operator's script. */
  async popCard(attemptId: number): Promise<{ campaignId: number; name: string; offer: string; script: string } | null> {
    const c = await this.attempts.card(attemptId);
    if (!c) return null;
    const offer = `${c.product_name} — ${c.offer_price} ${c.offer_currency}${c.offer_terms ? ` (${c.offer_terms})` : ''}`;
    return { campaignId: c.campaign_id, name: c.campaign_name, offer, script: c.script };
  }

  /**
   * The operator's result for an answered dial (wrap-up). Accepted creates the purchase in the same transaction;
   * callback requeues the attempt for the same operator and gives them a callback task. Repeating the same
   * result is a no-op (a resubmitted wrap-up form).
   */
  async recordOutcome(input: RecordOutcomeInput) {
    const now = this.clock();
    const reason = input.refusalReason?.trim() || null;
    if (input.result === 'refused' && !reason && !input.refusalCode) throw new OutcomeInvalidError('A refusal needs a reason');
    if (input.result === 'callback' && input.callbackAt && input.callbackAt.getTime() <= now.getTime()) throw new OutcomeInvalidError('callbackAt must be in the future');
    const res = await this.attempts.transaction(async (trx) => {
      const a = await this.attempts.lock(trx, input.attemptId);
      if (!a) throw new NotFoundError('attempt', input.attemptId);
      if (!input.asManager && a.last_user_id !== input.userId) throw new NotYourAttemptError(a.id);
      if (a.status === 'done' && a.outcome === input.result) return { campaignId: a.campaign_id, status: 'done' as const, purchaseId: a.purchase_id, taskId: null };
      if (a.status !== 'dialing' && a.status !== 'connected') throw new AttemptStateError(a.id, a.status, 'no dial awaiting an outcome');
      const refusal = input.result === 'refused' ? await resolveRefusal(trx, input.refusalCode, reason) : { code: null, note: null };
      await this.attempts.endDial(trx, a, input.result, now);
      const purchaseId = input.result === 'accepted' ? await this.attempts.createPurchase(trx, a, now) : null;
      const status = await this.attempts.applyDecision(trx, a, input.result, decideAfterOutcome, now,
        { callbackAt: input.callbackAt ?? null, userId: input.userId, refusalReason: refusal.note, refusalCode: refusal.code, purchaseId });
      let taskId: number | null = null;
      if (input.result === 'callback' && status === 'queued') {
        const after = await trx.selectFrom('campaign_attempts').select('next_attempt_at').where('id', '=', a.id).executeTakeFirstOrThrow();
        taskId = await this.attempts.createCallbackTask(trx, a, input.userId, after.next_attempt_at, now);
      }
      return { campaignId: a.campaign_id, status, purchaseId, taskId };
    });
    await this.audit.record({ userId: input.userId, action: 'campaign.outcome_recorded', target: `attempt:${input.attemptId}`, details: { result: input.result } });
    this.changed(res.campaignId);
    const attempt = await this.attempts.find(input.attemptId);
    return { attemptId: input.attemptId, campaignId: res.campaignId, status: attempt!.status, outcome: attempt!.outcome, purchaseId: attempt!.purchase_id, taskId: res.taskId };
  }

  async listAttempts(campaignId: number, filter: { status?: string; limit: number; offset: number }) {
    await this.get(campaignId);
    return this.attempts.list(campaignId, filter);
  }

  changed(campaignId: number): void {
    this.bus.publish('campaign.progress_updated', { campaignId });
  }
}
