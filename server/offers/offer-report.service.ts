import type { OfferReportRow } from '@contract/offers.schemas';
import { predict } from './logistic-model';
import { calibrationByDecile, calibrationError, round1 } from './offer-metrics';
import type { OffersRepository } from './offers.repository';
import type { OfferScoresRepository } from './offer-scores.repository';

/** The share of the best-scored answers counted as "what the model would have offered". */
export const MODEL_TARGET_SHARE = 0.3;

// Per offer over a period: how often it was shown, offered, accepted and refused, conversion and revenue, the
// model's calibration (predicted vs actual acceptance by decile; the prediction stored when the offer was shown,
// else the current model's on the features then recorded) and its uplift against the rule-only baseline: the
// conversion among the answers the model scores in its top 30% vs the conversion of everyone the rule admitted.
export class OfferReportService {
  constructor(private readonly offers: OffersRepository, private readonly scores: OfferScoresRepository) {}

  async report(range: { from?: Date; to?: Date }): Promise<OfferReportRow[]> {
    const bounds = { from: range.from, before: range.to };
    const [offers, models, counts] = await Promise.all([this.offers.list(), this.scores.latestModels(), this.offers.counts(bounds)]);
    const out: OfferReportRow[] = [];
    for (const o of offers) {
      const n = (result: string) => counts.find((c) => c.offerId === o.id && c.result === result)?.n ?? 0;
      const [offered, accepted, refused, notOffered] = [n('offered'), n('accepted'), n('refused'), n('not_offered')];
      const rows = await this.offers.labelled(o.id, bounds);
      const model = models.get(o.id)?.model;
      const scored = rows.map((r) => ({ p: r.predicted ?? (model ? predict(model, r.features) : null), y: r.accepted ? 1 : 0 }))
        .filter((r): r is { p: number; y: number } => r.p !== null);
      const calibration = calibrationByDecile(scored.map((r) => r.p), scored.map((r) => r.y));
      const top = [...scored].sort((a, b) => b.p - a.p).slice(0, Math.ceil(scored.length * MODEL_TARGET_SHARE));
      const rate = (xs: Array<{ y: number }>) => (xs.length ? xs.reduce((s, x) => s + x.y, 0) / xs.length : null);
      const ruleOnly = rate(rows.map((r) => ({ y: r.accepted ? 1 : 0 })));
      const modelRate = rate(top);
      const refusals = new Map<string, number>();
      for (const r of rows) if (r.refusalCode) refusals.set(r.refusalCode, (refusals.get(r.refusalCode) ?? 0) + 1);
      out.push({
        offerId: o.id, name: o.name,
        shown: offered + accepted + refused + notOffered,
        offered: offered + accepted + refused, accepted, refused,
        conversion: offered + accepted + refused > 0 ? round1((100 * accepted) / (offered + accepted + refused)) : null,
        revenue: (accepted * Number(o.price)).toFixed(2),
        margin: (accepted * Number(o.margin)).toFixed(2),
        calibration, calibrationError: calibrationError(calibration),
        ruleOnlyConversion: ruleOnly === null ? null : round1(100 * ruleOnly),
        modelConversion: modelRate === null ? null : round1(100 * modelRate),
        uplift: ruleOnly && modelRate !== null ? round1(100 * (modelRate / ruleOnly - 1)) : null,
        refusals: [...refusals].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count),
      });
    }
    return out;
  }
}
