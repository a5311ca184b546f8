import type { AuditRepository } from '../audit/audit.repository';
import { NotFoundError } from '../http/app-error';
import type { SegmentRule } from '@contract/segment-rules';
import type { OfferBody, OfferOutcomeInput, OfferPatch, OfferView, PopOffer } from '@contract/offers.schemas';
import type { OffersRepository, OfferRow, Trx } from './offers.repository';
import type { OfferScoresRepository, StoredModel } from './offer-scores.repository';
import { OfferNameTakenError, OfferOutcomeInvalidError } from './offers.errors';

/** Checks a segment rule tree (the segments service's validate): the offer's eligibility speaks the same language. */
export type RuleCheck = (rules: unknown) => SegmentRule;

export interface WrapupOffers {
  wrapupId: number; userId: number; customerId: number | null; callId: number | null; direction: string | null; outcomes: OfferOutcomeInput[];
  /** The purchase this call's campaign sale already recorded (issue #23): an accepted offer of its product is that sale. */
  salePurchaseId?: number | null;
}

function view(o: OfferRow, m: StoredModel | undefined): OfferView {
  return {
    id: o.id, productId: o.productId, productName: o.productName, name: o.name, eligibility: o.eligibility, price: o.price, margin: o.margin,
    script: o.script, active: o.active, updatedAt: o.updatedAt.toISOString(),
    model: m ? { version: m.version, fittedAt: m.fittedAt.toISOString(), trainedOn: m.trainedOn, accepted: m.accepted, auc: m.auc } : null,
  };
}

// The offer catalogue (managed by the campaign manager) and the outcomes the operators record in the wrap-up.
export class OffersService {
  constructor(
    private readonly repo: OffersRepository,
    private readonly scores: OfferScoresRepository,
    private readonly checkRule: RuleCheck,
    private readonly audit: AuditRepository,
  ) {}

  async list(): Promise<OfferView[]> {
    const [offers, models] = await Promise.all([this.repo.list(), this.scores.latestModels()]);
    return offers.map((o) => view(o, models.get(o.id)));
  }

  async get(id: number): Promise<OfferView> {
    const o = await this.repo.find(id);
    if (!o) throw new NotFoundError('offer', id);
    return view(o, (await this.scores.latestModels()).get(id));
  }

  async create(body: OfferBody, userId: number): Promise<OfferView> {
    const eligibility = this.checkRule(body.eligibility);
    if (!(await this.repo.productExists(body.productId))) throw new NotFoundError('product', body.productId);
    if (await this.repo.findByName(body.name)) throw new OfferNameTakenError(body.name);
    const id = await this.repo.create({ ...body, eligibility, script: body.script ?? '', active: body.active ?? true, createdBy: userId });
    await this.audit.record({ userId, action: 'offer.created', target: `offer:${id}` });
    return this.get(id);
  }

  async update(id: number, patch: OfferPatch, userId: number): Promise<OfferView> {
    const eligibility = patch.eligibility === undefined ? undefined : this.checkRule(patch.eligibility);
    if (patch.productId !== undefined && !(await this.repo.productExists(patch.productId))) throw new NotFoundError('product', patch.productId);
    if (patch.name !== undefined) {
      const other = await this.repo.findByName(patch.name);
      if (other && other.id !== id) throw new OfferNameTakenError(patch.name);
    }
    if (!(await this.repo.update(id, { ...patch, eligibility }))) throw new NotFoundError('offer', id);
    await this.audit.record({ userId, action: 'offer.updated', target: `offer:${id}` });
    return this.get(id);
  }

  rankedFor(customerId: number): Promise<PopOffer[]> {
    return this.scores.ranked(customerId);
  }

  /** Refuses what the wrap-up could not record, before the wrap-up is written. */
  async check(outcomes: OfferOutcomeInput[] | undefined, customerId: number | null): Promise<void> {
    if (!outcomes || outcomes.length === 0) return;
    if (customerId === null) throw new OfferOutcomeInvalidError('Link the call to a customer before recording offers', { field: 'offers' });
    const seen = new Set<number>();
    for (const o of outcomes) {
      if (seen.has(o.offerId)) throw new OfferOutcomeInvalidError(`Offer ${o.offerId} is recorded twice`, { offerId: o.offerId });
      seen.add(o.offerId);
      if (!(await this.repo.find(o.offerId))) throw new NotFoundError('offer', o.offerId);
      if (o.result === 'refused' && !o.refusalCode) throw new OfferOutcomeInvalidError('Say why the offer was refused', { field: 'offers.refusalCode', offerId: o.offerId });
      if (o.result !== 'refused' && o.refusalCode) throw new OfferOutcomeInvalidError('A refusal reason goes only with a refusal', { offerId: o.offerId });
      if (o.refusalCode && !(await this.repo.transaction((trx) => this.repo.refusalCodeExists(trx, o.refusalCode!)))) {
        throw new OfferOutcomeInvalidError(`Unknown refusal reason "${o.refusalCode}"`, { field: 'offers.refusalCode', refusalCode: o.refusalCode });
      }
    }
  }

  /**
   * Records each offer's outcome with the customer's features as they are now (the next fit learns from exactly
   * what the model saw); an accepted offer becomes a purchase. Idempotent per wrap-up and offer.
   */
  /**
   * The purchase an accepted offer becomes: the campaign sale of the same call when it sold the same product (one
   * customer saying yes once is one purchase, whichever two forms recorded it), else a new one.
   */
  private async purchaseFor(trx: Trx, salePurchaseId: number | null, purchase: { customerId: number; productId: number; amount: string; at: Date }): Promise<number> {
    if (salePurchaseId !== null && (await this.repo.purchaseProduct(trx, salePurchaseId)) === purchase.productId) return salePurchaseId;
    return this.repo.createPurchase(trx, purchase);
  }

  async recordFromWrapup(input: WrapupOffers): Promise<void> {
    if (input.outcomes.length === 0 || input.customerId === null) return;
    const customerId = input.customerId;
    const features = (await this.repo.features([customerId])).get(customerId)?.features ?? {};
    const current = new Map((await this.scores.scoresOf(customerId)).map((s) => [s.offerId, s]));
    const models = await this.scores.latestModels();
    await this.repo.transaction(async (trx) => {
      for (const o of input.outcomes) {
        if (await this.repo.outcomeExists(trx, input.wrapupId, o.offerId)) continue;
        const offer = await this.repo.find(o.offerId, trx);
        if (!offer) continue;
        const at = new Date();
        const purchaseId = o.result === 'accepted' ? await this.purchaseFor(trx, input.salePurchaseId ?? null, { customerId, productId: offer.productId, amount: offer.price, at }) : null;
        await this.repo.insertOutcome(trx, {
          offerId: o.offerId, customerId, result: o.result, refusalCode: o.result === 'refused' ? o.refusalCode ?? null : null,
          note: o.note?.trim() || null, direction: input.direction === 'outbound' ? 'outbound' : 'inbound', callId: input.callId,
          wrapupId: input.wrapupId, userId: input.userId, predicted: o.predicted ?? current.get(o.offerId)?.probability ?? null,
          modelId: models.get(o.offerId)?.id ?? null, features, occurredAt: at,
        }, purchaseId);
        if (o.result === 'accepted' || o.result === 'refused') await this.repo.dropScore(trx, customerId, o.offerId);
      }
    });
  }
}
