import { sql } from 'kysely';
import type { Database } from '../db/database';
import type { SegmentRule } from '@contract/segment-rules';
import type { OfferReason } from '@contract/offers.schemas';
import { jsonb } from '../segments/segments.repository';
import { compileSegment } from '../segments/segment-sql';
import type { LogisticModel } from './logistic-model';
import { OFFER_REFUSAL_COOLDOWN_DAYS } from './offer-features.sql';
import { rankedOffersJson } from './pop-offers.sql';
import type { PopOffer } from '@contract/offers.schemas';

export interface StoredModel { id: number; offerId: number; version: number; model: LogisticModel; trainedOn: number; accepted: number; auc: number | null; fittedAt: Date }
export interface ScoreInsert { customerId: number; offerId: number; rank: number; probability: number; expectedValue: string; modelId: number | null; reasons: OfferReason[] }

// Fitted models (versioned) and each customer's precomputed ranking, which the screen pop reads in its own query.
export class OfferScoresRepository {
  constructor(private readonly db: Database) {}

  async saveModel(input: { offerId: number; model: LogisticModel; trainedOn: number; accepted: number; auc: number | null }): Promise<StoredModel> {
    const r = await this.db.insertInto('offer_models').values({
      offer_id: input.offerId,
      version: sql<number>`(SELECT coalesce(max(version), 0) + 1 FROM offer_models WHERE offer_id = ${input.offerId})`,
      model: jsonb(input.model), trained_on: input.trainedOn, accepted: input.accepted, auc: input.auc,
    }).returningAll().executeTakeFirstOrThrow();
    return { id: r.id, offerId: r.offer_id, version: r.version, model: r.model as unknown as LogisticModel, trainedOn: r.trained_on, accepted: r.accepted, auc: r.auc, fittedAt: r.fitted_at };
  }

  /** The newest model of every offer. */
  async latestModels(): Promise<Map<number, StoredModel>> {
    const rows = await this.db.selectFrom('offer_models').selectAll().distinctOn('offer_id').orderBy('offer_id').orderBy('version', 'desc').execute();
    return new Map(rows.map((r) => [r.offer_id, {
      id: r.id, offerId: r.offer_id, version: r.version, model: r.model as unknown as LogisticModel, trainedOn: r.trained_on, accepted: r.accepted, auc: r.auc, fittedAt: r.fitted_at,
    }]));
  }

  async customerIdsAfter(afterId: number, limit: number): Promise<number[]> {
    const rows = await this.db.selectFrom('customers').select('id').where('id', '>', afterId).where('deleted_at', 'is', null).orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  }

  /** Which of these customers the offer's rule admits. */
  async eligible(rule: SegmentRule, ids: number[], now: Date): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.selectFrom('customers as c').select('c.id')
      .where('c.id', '=', sql<number>`ANY(${ids}::bigint[])`).where((eb) => compileSegment(eb, rule, now)).execute();
    return new Set(rows.map((r) => r.id));
  }

  /** Customer id -> offers refused within the cool-down, and products owned (an owned product is never offered). */
  async blocked(ids: number[]): Promise<{ refused: Set<string>; owns: Set<string> }> {
    const refused = new Set<string>();
    const owns = new Set<string>();
    if (ids.length === 0) return { refused, owns };
    const r = await this.db.selectFrom('offer_outcomes').select(['customer_id', 'offer_id']).distinct()
      .where('customer_id', '=', sql<number>`ANY(${ids}::bigint[])`).where('result', '=', 'refused')
      .where('occurred_at', '>', sql<Date>`now() - make_interval(days => ${OFFER_REFUSAL_COOLDOWN_DAYS})`).execute();
    for (const x of r) refused.add(`${x.customer_id}:${x.offer_id}`);
    const p = await this.db.selectFrom('purchases').select(['customer_id', 'product_id']).distinct()
      .where('customer_id', '=', sql<number>`ANY(${ids}::bigint[])`).where('status', '=', 'active').execute();
    for (const x of p) owns.add(`${x.customer_id}:${x.product_id}`);
    return { refused, owns };
  }

  /** Replaces the rankings of these customers (those with no eligible offer end up with none). */
  async replaceScores(ids: number[], rows: ScoreInsert[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('customer_offer_scores').where('customer_id', '=', sql<number>`ANY(${ids}::bigint[])`).execute();
      if (rows.length === 0) return;
      await trx.insertInto('customer_offer_scores').values(rows.map((s) => ({
        customer_id: s.customerId, offer_id: s.offerId, rank: s.rank, probability: s.probability, expected_value: s.expectedValue,
        model_id: s.modelId, reasons: jsonb(s.reasons),
      }))).execute();
    });
  }

  async scoresOf(customerId: number): Promise<Array<{ offerId: number; rank: number; probability: number; expectedValue: string; reasons: OfferReason[] }>> {
    const rows = await this.db.selectFrom('customer_offer_scores').select(['offer_id', 'rank', 'probability', 'expected_value', 'reasons'])
      .where('customer_id', '=', customerId).orderBy('rank').execute();
    return rows.map((r) => ({ offerId: r.offer_id, rank: r.rank, probability: r.probability, expectedValue: r.expected_value, reasons: r.reasons as unknown as OfferReason[] }));
  }

  async productNames(): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('products').select(['sku', 'name']).execute();
    return new Map(rows.map((r) => [r.sku, r.name]));
  }

  /** The customer's ranked offers, checked again as the pop checks them. */
  async ranked(customerId: number): Promise<PopOffer[]> {
    const r = await sql<{ offers: PopOffer[] }>`SELECT ${rankedOffersJson(sql`${customerId}::bigint`)} AS offers`.execute(this.db);
    return r.rows[0]?.offers ?? [];
  }
}
