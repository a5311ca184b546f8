import type { Logger } from '../logger';
import { JOBS, type JobQueue } from '../jobs/job-queue';
import { fitLogistic, predict, type TrainingRow } from './logistic-model';
import { auc } from './offer-metrics';
import { rankOffers, type RankableOffer } from './offer-ranking';
import type { OffersRepository } from './offers.repository';
import type { OfferScoresRepository, ScoreInsert } from './offer-scores.repository';

export interface RefitSummary {
  models: Array<{ offerId: number; version: number; trainedOn: number; accepted: number; auc: number | null }>;
  customersScored: number;
}

export interface OfferModelOptions {
  /** How often each node enqueues a refit (0: only on demand). One job per period runs, whichever node adds it. */
  refitEveryMs: number;
  lambda?: number;
  batchSize?: number;
  clock?: () => Date;
}

/** A fit needs both answers in some number; below this the offer keeps its previous model (or none: rule-only). */
export const MIN_LABELLED = 30;
const MIN_EACH_CLASS = 5;

// Refits one model per offer from the outcomes table (a background job), stores it as a new version, then scores
// every customer: eligibility by the offer's segment rule, the hard exclusions (do-not-call, an open complaint,
// a refusal of the same offer within the cool-down, a product already owned), top three by expected value. The
// screen pop reads those rows in its existing query, so ranking adds no round trip to the pop.
export class OfferModelService {
  private timer: NodeJS.Timeout | undefined;
  private readonly clock: () => Date;

  constructor(
    private readonly offers: OffersRepository,
    private readonly scores: OfferScoresRepository,
    private readonly jobs: JobQueue,
    private readonly log: Logger,
    private readonly options: OfferModelOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  start(): () => void {
    this.jobs.process(JOBS.offersRefit, async () => { await this.refit(); }, 1);
    if (this.options.refitEveryMs > 0) {
      this.timer = setInterval(() => void this.requestRefit(), this.options.refitEveryMs);
      this.timer.unref();
    }
    return () => {
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
    };
  }

  /** Queues a refit; requests within the same minute collapse into one job. */
  async requestRefit(): Promise<void> {
    const bucket = Math.floor(this.clock().getTime() / 60_000);
    await this.jobs.add(JOBS.offersRefit, {}, { jobId: `offers-refit-${bucket}`, attempts: 2, backoffMs: 5000 })
      .catch((err: unknown) => this.log.error({ err }, 'offer refit enqueue failed'));
  }

  /**
   * Fits every active offer, then rescores all customers. Refits on this node run one after another (the background
   * job and a direct call): two at once both took the next model version of an offer and the second failed on the
   * unique version (seen in offers.test.ts under load).
   */
  refit(): Promise<RefitSummary> {
    const run = this.refitting.then(() => this.refitNow(), () => this.refitNow());
    this.refitting = run.catch(() => undefined);
    return run;
  }

  private refitting: Promise<unknown> = Promise.resolve();

  private async refitNow(): Promise<RefitSummary> {
    const models: RefitSummary['models'] = [];
    for (const offer of await this.offers.list(true)) {
      const rows: TrainingRow[] = (await this.offers.labelled(offer.id)).map((r) => ({ x: r.features, y: r.accepted ? 1 : 0 }));
      const accepted = rows.filter((r) => r.y === 1).length;
      if (rows.length < MIN_LABELLED || accepted < MIN_EACH_CLASS || rows.length - accepted < MIN_EACH_CLASS) {
        this.log.info({ offerId: offer.id, labelled: rows.length, accepted }, 'offer model not refitted: too few answers');
        continue;
      }
      const model = fitLogistic(rows, { lambda: this.options.lambda ?? 1 });
      const stored = await this.scores.saveModel({
        offerId: offer.id, model, trainedOn: rows.length, accepted, auc: auc(rows.map((r) => predict(model, r.x)), rows.map((r) => r.y)),
      });
      models.push({ offerId: offer.id, version: stored.version, trainedOn: stored.trainedOn, accepted, auc: stored.auc });
    }
    const customersScored = await this.rescoreAll();
    this.log.info({ models: models.length, customersScored }, 'offer models refitted');
    return { models, customersScored };
  }

  async rescoreAll(): Promise<number> {
    let after = 0;
    let scored = 0;
    for (;;) {
      const ids = await this.scores.customerIdsAfter(after, this.options.batchSize ?? 2000);
      if (ids.length === 0) return scored;
      await this.rescore(ids);
      scored += ids.length;
      after = ids[ids.length - 1]!;
    }
  }

  /** Recomputes the ranking of these customers with the newest models. */
  async rescore(ids: number[]): Promise<void> {
    const now = this.clock();
    const [offers, models, features, blocked, productNames] = await Promise.all([
      this.offers.list(true), this.scores.latestModels(), this.offers.features(ids), this.scores.blocked(ids), this.scores.productNames(),
    ]);
    const eligible = new Map<number, Set<number>>();
    for (const o of offers) eligible.set(o.id, await this.scores.eligible(o.eligibility, ids, now));
    const rows: ScoreInsert[] = [];
    for (const id of ids) {
      const f = features.get(id);
      if (!f || f.doNotCall || f.openComplaint) continue;
      const candidates: RankableOffer[] = offers
        .filter((o) => eligible.get(o.id)!.has(id) && !blocked.refused.has(`${id}:${o.id}`) && !blocked.owns.has(`${id}:${o.productId}`))
        .map((o) => {
          const m = models.get(o.id);
          return { id: o.id, margin: Number(o.margin), model: m?.model ?? null, modelId: m?.id ?? null };
        });
      for (const r of rankOffers(candidates, f.features, productNames)) {
        rows.push({ customerId: id, offerId: r.offerId, rank: r.rank, probability: r.probability, expectedValue: r.expectedValue.toFixed(2), modelId: r.modelId, reasons: r.reasons });
      }
    }
    await this.scores.replaceScores(ids, rows);
  }
}
