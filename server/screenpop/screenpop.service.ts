import type { CallSummary } from '../events/domain-events';
import type { Logger } from '../logger';
import type { ScreenPopPayload } from '@contract/wire-events';
import { toE164 } from '../phone/phone-number';
import { TtlCache } from './screenpop.cache';
import { CallerLookAhead } from './caller-look-ahead';
import { POP_LIMITS, type CustomerStoryRow, type PopCallRow, type ScreenPopRepository } from './screenpop.repository';
import type { LocaleDefaults } from '../settings/locale-defaults';

/** The campaign card of a call that belongs to a campaign attempt (the campaigns service's popCard). */
export type CampaignCard = (campaignAttemptId: number) => Promise<ScreenPopPayload['campaign']>;

/** Runs a write once the call's pending writes are done (the calls service's `after`). */
export type LinkOrder = (pbxId: string, linkedid: string, write: () => Promise<unknown>) => Promise<void>;

/** What the screen pop works with, built before it (services.ts). */
export interface ScreenPopCollaborators {
  /** Lookups started before the call's row exists; the pop takes them over. Default: one of its own. */
  lookAhead?: CallerLookAhead;
  /**
   * Where the call-to-customer link is written: after the call's own pending writes (the calls service's per-call
   * queue), because a pop may go out before the call's row is inserted (provisional ids) and the link must not
   * update a row that does not exist yet. Without it the link is written on the next turn.
   */
  linkAfter?: LinkOrder;
  campaignCard?: CampaignCard;
}

interface PopCall {
  callId: number;
  pbxId: string | null;
  linkedid: string;
  /** The customer's side of the call: the caller of an inbound call, the dialled number of an outbound one. */
  customerNumberRaw: string | null;
  queue: string | null;
  direction: 'inbound' | 'outbound' | 'internal';
  offeredAt: string | null;
  customerId: number | null;
  campaignAttemptId: number | null;
}

interface Prefetched { call: PopCall; e164: string | null; story: Promise<CustomerStoryRow | null> }

const DAY_MS = 86_400_000;
const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

function fromSummary(c: CallSummary): PopCall {
  return {
    callId: c.callId, pbxId: c.pbxId, linkedid: c.linkedid, customerNumberRaw: c.direction === 'outbound' ? c.calledNumber : c.callerNumber,
    queue: c.queue, direction: c.direction,
    offeredAt: c.offeredAt, customerId: c.customerId, campaignAttemptId: c.campaignAttemptId,
  };
}

function fromRow(r: PopCallRow): PopCall {
  return {
    callId: r.id, pbxId: null, linkedid: r.linkedid, customerNumberRaw: r.direction === 'outbound' ? r.calledNumber : r.callerNumber,
    queue: r.queue, direction: r.direction,
    offeredAt: iso(r.offeredAt), customerId: r.customerId, campaignAttemptId: r.campaignAttemptId,
  };
}

export interface ScreenPopOptions { locale: LocaleDefaults; ttlMs?: number; maxEntries?: number; now?: () => number }

// Looks the caller up as soon as the call exists (call.started / call.queued) so that the pop at ring time
// (call.offered) is assembled from memory. A prefetch is a promise: an offer that races the lookup awaits it
// instead of querying twice.
export class ScreenPopService {
  private readonly cache: TtlCache<number, Prefetched>;
  // Lookups started when the PBX reports a new call, before its row (and id) exists; taken over by the call's
  // prefetch once the row is written.
  private readonly ahead: CallerLookAhead;
  private readonly now: () => number;
  private readonly campaignCard: CampaignCard | undefined;
  private readonly linkAfter: LinkOrder | undefined;

  constructor(
    private readonly repo: ScreenPopRepository,
    private readonly log: Logger,
    private readonly options: ScreenPopOptions,
    collaborators: ScreenPopCollaborators = {},
  ) {
    this.now = options.now ?? Date.now;
    this.cache = new TtlCache(options.maxEntries ?? 5000, options.ttlMs ?? 120_000, this.now);
    this.ahead = collaborators.lookAhead ?? new CallerLookAhead(repo, options.locale, { maxEntries: options.maxEntries, now: this.now });
    this.campaignCard = collaborators.campaignCard;
    this.linkAfter = collaborators.linkAfter;
  }

  /**
   * Starts the caller lookup for a call the PBX just reported, before its row exists, so that the query runs
   * alongside the call's insert instead of after it. Only inbound calls with a usable number.
   */
  lookAhead(pbxId: string, linkedid: string, direction: string, callerNumber: string | null): void {
    this.ahead.start(pbxId, linkedid, direction, callerNumber);
  }

  /** The look-ahead lookup of that call while it is known, settling (never rejecting) when it has finished. */
  lookAheadOf(pbxId: string, linkedid: string): Promise<void> | undefined {
    return this.ahead.of(pbxId, linkedid);
  }

  /** Settles when the look-ahead lookup of that call (if any) has finished; for tests and diagnostics. */
  async lookAheadSettled(pbxId: string, linkedid: string): Promise<boolean> {
    const pending = this.lookAheadOf(pbxId, linkedid);
    if (!pending) return false;
    await pending;
    return true;
  }

  /** Starts (or reuses) the lookup for a call. With a summary from a bus event no call row is read. */
  async prefetch(callId: number, summary?: CallSummary): Promise<void> {
    const entry = this.cache.get(callId) ?? await this.start(callId, summary);
    if (entry) await entry.story;
  }

  /** Keeps queue / offer time / customer link current for a call already being looked up. */
  noteCall(summary: CallSummary): void {
    const entry = this.cache.get(summary.callId);
    if (!entry) return;
    const before = entry.call.customerId;
    entry.call = { ...fromSummary(summary), customerId: summary.customerId ?? before };
    if (summary.customerId !== null && summary.customerId !== before) this.forget(summary.callId);
  }

  forget(callId: number): void {
    this.cache.delete(callId);
  }

  get cachedCalls(): number {
    return this.cache.size;
  }

  async build(callId: number, _userId: number): Promise<ScreenPopPayload | null> {
    const entry = this.cache.get(callId) ?? await this.start(callId);
    if (!entry) return null;
    const [story, campaign] = await Promise.all([entry.story, this.campaign(entry.call.campaignAttemptId)]);
    if (!story) return null;
    return this.toPayload(entry.call, entry.e164, story, campaign);
  }

  private start(callId: number, summary?: CallSummary): Promise<Prefetched | null> | Prefetched {
    if (summary) return this.begin(fromSummary(summary));
    return this.repo.findCall(callId).then((row) => (row ? this.begin(fromRow(row)) : null));
  }

  private begin(call: PopCall): Prefetched {
    const existing = this.cache.get(call.callId);
    if (existing) return existing;
    const e164 = toE164(call.customerNumberRaw, this.options.locale.region());
    const by = call.customerId !== null ? { customerId: call.customerId } : e164 ? { e164 } : null;
    const ahead = call.pbxId !== null ? this.ahead.take(call.pbxId, call.linkedid) : undefined;
    const story = ahead && by && 'e164' in by && by.e164 === ahead.e164 ? ahead.story
      : by ? this.repo.customerStory(by) : Promise.resolve(emptyStory());
    const entry: Prefetched = { call, e164, story: story.then(
      (s) => {
        if (s.customer && call.customerId === null) this.link(call, s.customer.id);
        return s;
      },
      (err: unknown) => {
        this.log.error({ err, callId: call.callId }, 'screen pop lookup failed');
        this.cache.delete(call.callId);
        return null;
      },
    ) };
    this.cache.set(call.callId, entry);
    return entry;
  }

  // Written after the call's pending writes when the calls service orders it (linkAfter); otherwise deferred to
  // the next turn so that the pop waiting on this lookup is sent before the UPDATE is issued.
  private link(call: PopCall, customerId: number): void {
    if (this.linkAfter && call.pbxId !== null) {
      const { callId } = call;
      void this.linkAfter(call.pbxId, call.linkedid, () => this.repo.linkCallToCustomer(callId, customerId));
      return;
    }
    setImmediate(() => this.linkNow(call.callId, customerId));
  }

  private linkNow(callId: number, customerId: number): void {
    this.repo.linkCallToCustomer(callId, customerId)
      .catch((err: unknown) => this.log.warn({ err, callId, customerId }, 'could not link call to customer'));
  }

  private async campaign(attemptId: number | null): Promise<ScreenPopPayload['campaign']> {
    if (attemptId === null || !this.campaignCard) return null;
    try {
      return await this.campaignCard(attemptId);
    } catch (err) {
      this.log.warn({ err, attemptId }, 'campaign details for screen pop failed');
      return null;
    }
  }

  private toPayload(call: PopCall, e164: string | null, s: CustomerStoryRow, campaign: ScreenPopPayload['campaign']): ScreenPopPayload {
    const now = this.now();
    const match = s.customer ? 'matched' : s.candidates.length > 1 ? 'ambiguous' : 'unknown';
    const customer = s.customer ? { ...s.customer, customerSince: iso(s.customer.customerSince)!, tags: s.customer.tags ?? [] } : null;
    const recentInteractions = s.recentInteractions.map((i) => ({ ...i, occurredAt: iso(i.occurredAt)! }));
    return {
      callId: call.callId,
      linkedid: call.linkedid,
      callerNumber: e164,
      callerNumberRaw: call.customerNumberRaw,
      queue: call.queue,
      direction: call.direction,
      offeredAt: call.offeredAt ?? new Date(now).toISOString(),
      match,
      customer,
      candidates: match === 'ambiguous' ? s.candidates.slice(0, POP_LIMITS.candidates) : [],
      openCases: s.openCases.map((c) => ({
        id: c.id, kind: c.kind, status: c.status, subject: c.subject, agreed: c.agreed, openedAt: iso(c.openedAt)!,
        ageDays: Math.max(0, Math.floor((now - Date.parse(c.openedAt)) / DAY_MS)),
        ownerName: c.ownerName,
        lastUpdate: c.lastUpdateNote || (c.lastStatusTo ? `status: ${c.lastStatusTo}` : null),
        lastUpdateAt: iso(c.lastUpdateAt),
      })),
      recentInteractions,
      products: s.products.map((p) => ({ ...p, since: iso(p.since)! })),
      totalSpend: customer?.totalSpend ?? '0.00',
      // The most recent contact whose mood was recorded: a missing mood on the very last note says nothing.
      lastMood: recentInteractions.find((i) => i.mood !== null)?.mood ?? null,
      pendingTasks: s.pendingTasks.map((t) => ({ ...t, dueAt: iso(t.dueAt)! })),
      offers: s.offers ?? [],
      campaign,
    };
  }
}

function emptyStory(): CustomerStoryRow {
  return { candidates: [], customer: null, openCases: [], recentInteractions: [], products: [], pendingTasks: [], offers: [] };
}
