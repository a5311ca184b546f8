import { Type, type Static } from '@sinclair/typebox';
import { SegmentRule } from './segment-rules';

// Next best offer (issue #23): the catalogue, the outcomes recorded from the wrap-up, the ranked offers in the pop
// and the per-offer report. Reasons are structured (a kind and its values) and worded by the console (rule 16).

export const OFFER_RESULTS = ['offered', 'accepted', 'refused', 'not_offered'] as const;
export type OfferResult = (typeof OFFER_RESULTS)[number];

/** One line of "why this offer": the console words it in the user's language. */
export const OfferReason = Type.Union([
  Type.Object({ kind: Type.Literal('owns'), product: Type.String() }),
  Type.Object({ kind: Type.Literal('spend_above'), amount: Type.Number() }),
  Type.Object({ kind: Type.Literal('tenure_above'), years: Type.Number() }),
  Type.Object({ kind: Type.Literal('segment'), tag: Type.String() }),
  Type.Object({ kind: Type.Literal('lead_source'), code: Type.String() }),
  Type.Object({ kind: Type.Literal('region'), region: Type.String() }),
  Type.Object({ kind: Type.Literal('mood'), mood: Type.String() }),
  Type.Object({ kind: Type.Literal('similar_accepted'), percent: Type.Integer(), customers: Type.Integer() }),
]);
export type OfferReason = Static<typeof OfferReason>;

/** An offer ranked for the customer in the pop. */
export const PopOffer = Type.Object({
  rank: Type.Integer({ minimum: 1, maximum: 3 }),
  offerId: Type.Integer(),
  name: Type.String(),
  productId: Type.Integer(),
  productName: Type.String(),
  price: Type.String({ description: 'numeric as string (money)' }),
  script: Type.String(),
  probability: Type.Number({ description: 'P(accept | customer), 0..1' }),
  expectedValue: Type.String({ description: 'probability x margin, money' }),
  reasons: Type.Array(OfferReason),
});
export type PopOffer = Static<typeof PopOffer>;

export const OfferView = Type.Object({
  id: Type.Integer(),
  productId: Type.Integer(),
  productName: Type.String(),
  name: Type.String(),
  eligibility: Type.Unknown({ description: 'a segment rule tree (see SegmentBody.rules)' }),
  price: Type.String(),
  margin: Type.String(),
  script: Type.String(),
  active: Type.Boolean(),
  model: Type.Union([Type.Object({
    version: Type.Integer(), fittedAt: Type.String({ format: 'date-time' }), trainedOn: Type.Integer(), accepted: Type.Integer(),
    auc: Type.Union([Type.Number(), Type.Null()]),
  }), Type.Null()]),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type OfferView = Static<typeof OfferView>;

const Money = Type.Number({ minimum: 0, maximum: 1e9 });
export const OfferBody = Type.Object({
  productId: Type.Integer({ minimum: 1 }),
  name: Type.String({ minLength: 1, maxLength: 120 }),
  eligibility: SegmentRule,
  price: Money,
  margin: Money,
  script: Type.Optional(Type.String({ maxLength: 5000 })),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type OfferBody = Static<typeof OfferBody>;
export const OfferPatch = Type.Partial(OfferBody, { additionalProperties: false });
export type OfferPatch = Static<typeof OfferPatch>;

/** What the operator did with an offer the pop showed, sent with the wrap-up. */
export const OfferOutcomeInput = Type.Object({
  offerId: Type.Integer({ minimum: 1 }),
  result: Type.Union(OFFER_RESULTS.map((r) => Type.Literal(r))),
  refusalCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'a code from GET /api/refusal-reasons' })),
  note: Type.Optional(Type.String({ maxLength: 500 })),
  predicted: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'the probability the pop showed' })),
}, { additionalProperties: false });
export type OfferOutcomeInput = Static<typeof OfferOutcomeInput>;

export const RefitReply = Type.Object({
  models: Type.Array(Type.Object({ offerId: Type.Integer(), version: Type.Integer(), trainedOn: Type.Integer(), accepted: Type.Integer(), auc: Type.Union([Type.Number(), Type.Null()]) })),
  customersScored: Type.Integer(),
});
export type RefitReply = Static<typeof RefitReply>;

export const CalibrationBinView = Type.Object({ decile: Type.Integer(), n: Type.Integer(), predicted: Type.Number(), actual: Type.Number() });

export const OfferReportRow = Type.Object({
  offerId: Type.Integer(),
  name: Type.String(),
  shown: Type.Integer({ description: 'outcomes recorded, including not offered' }),
  offered: Type.Integer({ description: 'offered, accepted or refused' }),
  accepted: Type.Integer(),
  refused: Type.Integer(),
  conversion: Type.Union([Type.Number(), Type.Null()]),
  revenue: Type.String(),
  margin: Type.String(),
  calibration: Type.Array(CalibrationBinView),
  calibrationError: Type.Union([Type.Number(), Type.Null()]),
  ruleOnlyConversion: Type.Union([Type.Number(), Type.Null()]),
  modelConversion: Type.Union([Type.Number(), Type.Null()]),
  uplift: Type.Union([Type.Number(), Type.Null()], { description: 'model-ranked conversion / rule-only conversion - 1' }),
  refusals: Type.Array(Type.Object({ code: Type.String(), count: Type.Integer() })),
});
export type OfferReportRow = Static<typeof OfferReportRow>;

/** GET /api/reports/analytical/offers */
export const OfferReportView = Type.Object({ rows: Type.Array(OfferReportRow) });
export type OfferReportView = Static<typeof OfferReportView>;

/** POST /api/offers/refit: the refit job was queued. */
export const RefitQueuedReply = Type.Object({ queued: Type.Boolean() });
export type RefitQueuedReply = Static<typeof RefitQueuedReply>;

export const OfferReportQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  table: Type.Optional(Type.Union([Type.Literal('offers'), Type.Literal('calibration')], { description: 'which table the CSV holds' })),
});
