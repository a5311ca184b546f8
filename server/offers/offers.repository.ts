import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database';
import type { DB } from '../db/types';
import type { SegmentRule } from '@contract/segment-rules';
import type { OfferResult } from '@contract/offers.schemas';
import { jsonb } from '../segments/segments.repository';
import type { FeatureMap } from './logistic-model';
import { customerFeaturesSql } from './offer-features.sql';

export interface OfferRow {
  id: number; productId: number; productName: string; name: string; eligibility: SegmentRule; price: string; margin: string;
  script: string; active: boolean; updatedAt: Date;
}

export interface OutcomeInsert {
  offerId: number; customerId: number; result: OfferResult; refusalCode: string | null; note: string | null;
  direction: 'inbound' | 'outbound'; callId: number | null; wrapupId: number | null; userId: number | null;
  predicted: number | null; modelId: number | null; features: FeatureMap; occurredAt?: Date;
}

export type Trx = Transaction<DB>;

// The catalogue and the outcomes table (the model's training data).
export class OffersRepository {
  constructor(private readonly db: Database) {}

  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  private base(db: Database | Trx = this.db) {
    return db.selectFrom('offers as o').innerJoin('products as p', 'p.id', 'o.product_id').select([
      'o.id', 'o.product_id as productId', 'p.name as productName', 'o.name', 'o.eligibility', 'o.price', 'o.margin', 'o.script',
      'o.active', 'o.updated_at as updatedAt',
    ]);
  }

  async list(onlyActive = false): Promise<OfferRow[]> {
    let q = this.base().orderBy('o.name');
    if (onlyActive) q = q.where('o.active', '=', true);
    return (await q.execute()) as OfferRow[];
  }

  async find(id: number, db: Database | Trx = this.db): Promise<OfferRow | undefined> {
    return (await this.base(db).where('o.id', '=', id).executeTakeFirst()) as OfferRow | undefined;
  }

  async findByName(name: string): Promise<{ id: number } | undefined> {
    return this.db.selectFrom('offers').select('id').where('name', '=', name).executeTakeFirst();
  }

  async productExists(id: number): Promise<boolean> {
    return !!(await this.db.selectFrom('products').select('id').where('id', '=', id).executeTakeFirst());
  }

  async create(input: { productId: number; name: string; eligibility: SegmentRule; price: number; margin: number; script: string; active: boolean; createdBy: number | null }): Promise<number> {
    const r = await this.db.insertInto('offers').values({
      product_id: input.productId, name: input.name, eligibility: jsonb(input.eligibility), price: String(input.price),
      margin: String(input.margin), script: input.script, active: input.active, created_by: input.createdBy,
    }).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  async update(id: number, patch: { productId?: number; name?: string; eligibility?: SegmentRule; price?: number; margin?: number; script?: string; active?: boolean }): Promise<boolean> {
    const r = await this.db.updateTable('offers').set({
      ...(patch.productId !== undefined ? { product_id: patch.productId } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.eligibility !== undefined ? { eligibility: jsonb(patch.eligibility) } : {}),
      ...(patch.price !== undefined ? { price: String(patch.price) } : {}),
      ...(patch.margin !== undefined ? { margin: String(patch.margin) } : {}),
      ...(patch.script !== undefined ? { script: patch.script } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      updated_at: new Date(),
    }).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** The customer's features as they are now (snapshotted into each outcome). */
  async features(customerIds: number[], db: Database | Trx = this.db): Promise<Map<number, { features: FeatureMap; doNotCall: boolean; openComplaint: boolean }>> {
    const out = new Map<number, { features: FeatureMap; doNotCall: boolean; openComplaint: boolean }>();
    if (customerIds.length === 0) return out;
    const rows = await customerFeaturesSql(customerIds).execute(db);
    for (const r of rows.rows) out.set(Number(r.id), { features: r.features, doNotCall: r.do_not_call, openComplaint: r.open_complaint });
    return out;
  }

  /** Inserts the outcome; false when this wrap-up already recorded this offer (a retried submit). */
  async insertOutcome(trx: Trx, o: OutcomeInsert, purchaseId: number | null): Promise<number | null> {
    const r = await trx.insertInto('offer_outcomes').values({
      offer_id: o.offerId, customer_id: o.customerId, result: o.result, refusal_code: o.refusalCode, note: o.note,
      direction: o.direction, call_id: o.callId, wrapup_id: o.wrapupId, user_id: o.userId, purchase_id: purchaseId,
      predicted: o.predicted, model_id: o.modelId, features: jsonb(o.features), ...(o.occurredAt ? { occurred_at: o.occurredAt } : {}),
    }).onConflict((oc) => oc.columns(['wrapup_id', 'offer_id']).where('wrapup_id', 'is not', null).doNothing()).returning('id').executeTakeFirst();
    return r?.id ?? null;
  }

  async outcomeExists(trx: Trx, wrapupId: number, offerId: number): Promise<boolean> {
    return !!(await trx.selectFrom('offer_outcomes').select('id').where('wrapup_id', '=', wrapupId).where('offer_id', '=', offerId).executeTakeFirst());
  }

  async purchaseProduct(trx: Trx, purchaseId: number): Promise<number | null> {
    const r = await trx.selectFrom('purchases').select('product_id').where('id', '=', purchaseId).executeTakeFirst();
    return r?.product_id ?? null;
  }

  async createPurchase(trx: Trx, input: { customerId: number; productId: number; amount: string; at: Date }): Promise<number> {
    const r = await trx.insertInto('purchases').values({
      customer_id: input.customerId, product_id: input.productId, amount: input.amount, purchased_at: input.at, status: 'active', source: 'offer',
    }).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  /** Drops a customer's ranked offer once it is answered: an accepted product is owned, a refusal waits N days. */
  async dropScore(trx: Trx, customerId: number, offerId: number): Promise<void> {
    await trx.deleteFrom('customer_offer_scores').where('customer_id', '=', customerId).where('offer_id', '=', offerId).execute();
  }

  async wrapupContext(trx: Trx, wrapupId: number): Promise<{ customerId: number | null; callId: number | null; direction: string | null; userId: number } | undefined> {
    return trx.selectFrom('wrapups as w').leftJoin('calls as c', 'c.id', 'w.call_id')
      .select(['w.customer_id as customerId', 'w.call_id as callId', 'c.direction', 'w.user_id as userId'])
      .where('w.id', '=', wrapupId).executeTakeFirst();
  }

  async refusalCodeExists(trx: Trx, code: string): Promise<boolean> {
    return !!(await trx.selectFrom('refusal_reasons').select('code').where('code', '=', code).where('retired', '=', false).executeTakeFirst());
  }

  /** Labelled outcomes (accepted / refused) of an offer, for a fit or a report. */
  async labelled(offerId: number, range: { from?: Date; before?: Date } = {}, limit = 200_000): Promise<Array<{ customerId: number; features: FeatureMap; accepted: boolean; predicted: number | null; occurredAt: Date; refusalCode: string | null }>> {
    let q = this.db.selectFrom('offer_outcomes').select(['customer_id', 'features', 'result', 'predicted', 'occurred_at', 'refusal_code'])
      .where('offer_id', '=', offerId).where('result', 'in', ['accepted', 'refused']);
    if (range.from) q = q.where('occurred_at', '>=', range.from);
    if (range.before) q = q.where('occurred_at', '<', range.before);
    const rows = await q.orderBy('occurred_at', 'desc').limit(limit).execute();
    return rows.map((r) => ({ customerId: r.customer_id, features: r.features as FeatureMap, accepted: r.result === 'accepted', predicted: r.predicted, occurredAt: r.occurred_at, refusalCode: r.refusal_code }));
  }

  async counts(range: { from?: Date; before?: Date }): Promise<Array<{ offerId: number; result: string; n: number }>> {
    let q = this.db.selectFrom('offer_outcomes').select(['offer_id as offerId', 'result', sql<string>`count(*)`.as('n')]).groupBy(['offer_id', 'result']);
    if (range.from) q = q.where('occurred_at', '>=', range.from);
    if (range.before) q = q.where('occurred_at', '<', range.before);
    return (await q.execute()).map((r) => ({ offerId: r.offerId, result: r.result, n: Number(r.n) }));
  }
}
