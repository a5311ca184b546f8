import { Type, type Static } from '@sinclair/typebox';
import type { OfferReportView } from './offers.schemas';

// Query strings. groupBy/by/kind/period are plain strings checked by the service so that a wrong value gets a
// message naming the allowed values.
const Format = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' }));
const Day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const Tz = Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone; default config.defaultTimezone' }));

export const OperationalQuery = Type.Object({
  from: Day('first local day, inclusive'),
  to: Day('last local day, inclusive'),
  groupBy: Type.Optional(Type.String({ description: 'queue | agent | hour | day | disposition (default queue)' })),
  queue: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  direction: Type.Optional(Type.Union([Type.Literal('inbound'), Type.Literal('outbound'), Type.Literal('internal')])),
  tz: Tz,
  format: Format,
});
export type OperationalQuery = Static<typeof OperationalQuery>;

export const LeadSourcesQuery = Type.Object({
  from: Type.Optional(Day('acquired from (local day)')), to: Type.Optional(Day('acquired to (local day, inclusive)')), tz: Tz, format: Format,
});
export const SegmentsQuery = Type.Object({
  by: Type.Optional(Type.String({ description: 'tag | region | lead_source | saved (default tag)' })), format: Format,
});
export const CampaignsQuery = Type.Object({
  campaignId: Type.Optional(Type.Integer({ minimum: 1 })),
  table: Type.Optional(Type.Union([Type.Literal('campaigns'), Type.Literal('refusal_reasons')], { description: 'which table a CSV export holds' })),
  format: Format,
});
export const CasesQuery = Type.Object({
  from: Day('opened from (local day)'), to: Day('opened to (local day, inclusive)'), tz: Tz,
  period: Type.Optional(Type.String({ description: 'day | week | month (default month)' })),
  kind: Type.Optional(Type.Union([Type.Literal('complaint'), Type.Literal('service_request'), Type.Literal('information_request')])),
  format: Format,
});
export const DueContactsQuery = Type.Object({
  kind: Type.Optional(Type.String({ description: 'birthday | lapsed (default birthday)' })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: 'birthdays in the next N days, today included (default 7)' })),
  lapsedDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'last purchase older than X days (default 180)' })),
  minSpend: Type.Optional(Type.Number({ minimum: 0, description: 'lifetime spend above Y (default 0)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  tz: Tz,
  format: Format,
});

// Replies. Each analytical report is JSON unless format=csv asks for one of its tables as text/csv.
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
/** Money is a decimal string with two places (numeric stays exact, docs/HELPERS-BRIEF.md). */
const Money = Type.String({ pattern: '^-?\\d+\\.\\d{2}$' });
const Seconds = (description: string) => Type.Number({ description });

/** Call metrics of one operational row and of the totals; definitions in docs/REPORTS.md. */
export const CallMetricsView = Type.Object({
  calls: Type.Integer(),
  offered: Type.Integer(),
  answered: Type.Integer(),
  abandoned: Type.Integer(),
  shortAbandoned: Type.Integer(),
  unansweredOther: Type.Integer(),
  abandonRate: NullableNumber,
  abandonRateExShort: NullableNumber,
  avgTimeToAbandon: NullableNumber,
  abandonHistogram: Type.Object({
    lt5: Type.Integer(), '5to15': Type.Integer(), '15to30': Type.Integer(), '30to60': Type.Integer(), '60to120': Type.Integer(), ge120: Type.Integer(),
  }),
  answeredWithinSl: Type.Integer(),
  abandonedAfterSl: Type.Integer(),
  serviceLevel: NullableNumber,
  serviceLevelStrict: NullableNumber,
  asa: NullableNumber,
  handled: Type.Integer(),
  aht: NullableNumber,
  avgTalk: NullableNumber,
  avgHold: NullableNumber,
  wrapups: Type.Integer(),
  avgWrapup: NullableNumber,
  repeatBase: Type.Integer(),
  repeatCalls24h: Type.Integer(),
  repeatCalls7d: Type.Integer(),
  repeatRate24h: NullableNumber,
  repeatRate7d: NullableNumber,
  fcrEligible: Type.Integer(),
  fcr: Type.Integer(),
  fcrRate: NullableNumber,
});
export type CallMetricsView = Static<typeof CallMetricsView>;

/** Agent-state time of a row grouped by agent, hour or day, and of the totals. */
export const StateMetricsView = Type.Object({
  occupancy: NullableNumber,
  handleStateSeconds: Seconds('on a call or in wrap-up'),
  availableSeconds: Seconds('ready or ringing'),
  pauseSeconds: Seconds('paused'),
  pauseByReason: Type.Record(Type.String(), Type.Number()),
});
export type StateMetricsView = Static<typeof StateMetricsView>;

export const OperationalRowView = Type.Composite([
  Type.Object({
    key: Type.String(), label: NullableString,
    category: Type.Optional(NullableString),
  }),
  CallMetricsView,
  Type.Partial(StateMetricsView),
]);
export type OperationalRowView = Static<typeof OperationalRowView>;

/** GET /api/reports/operational */
export const OperationalReportView = Type.Object({
  groupBy: Type.Union([Type.Literal('queue'), Type.Literal('agent'), Type.Literal('hour'), Type.Literal('day'), Type.Literal('disposition')]),
  from: Type.String(), to: Type.String(), tz: Type.String(), queue: NullableString, direction: NullableString,
  rows: Type.Array(OperationalRowView),
  totals: Type.Composite([CallMetricsView, StateMetricsView]),
});
export type OperationalReportView = Static<typeof OperationalReportView>;

/** GET /api/reports/analytical/lead-sources: ranked by ROI, then revenue. */
export const LeadSourcesReportView = Type.Object({
  from: NullableString, to: NullableString, tz: NullableString,
  rows: Type.Array(Type.Object({
    rank: Type.Integer(), leadSourceId: NullableInt, code: Type.String(), name: Type.String(), channel: NullableString,
    customers: Type.Integer(), cost: Money, revenue: Money, revenuePerCustomer: Type.Union([Money, Type.Null()]),
    costPerCustomer: Type.Union([Money, Type.Null()]), roi: NullableNumber,
  })),
});
export type LeadSourcesReportView = Static<typeof LeadSourcesReportView>;

/** GET /api/reports/analytical/segments */
export const SegmentsReportView = Type.Object({
  by: Type.String(),
  rows: Type.Array(Type.Object({
    key: Type.String(), label: Type.String(), customers: Type.Integer(), buyers: Type.Integer(),
    totalSpend: Money, avgSpend: Type.Union([Money, Type.Null()]),
  })),
});
export type SegmentsReportView = Static<typeof SegmentsReportView>;

/** GET /api/reports/analytical/campaigns */
export const CampaignsReportView = Type.Object({
  rows: Type.Array(Type.Object({
    campaignId: Type.Integer(), name: Type.String(), status: Type.String(), offerProductId: Type.Integer(),
    attempts: Type.Integer(), attempted: Type.Integer(), reached: Type.Integer(), accepted: Type.Integer(), refused: Type.Integer(), callbacks: Type.Integer(),
    conversionRate: NullableNumber, acceptedPerAttempted: NullableNumber, reachRate: NullableNumber,
    purchases: Type.Integer(), revenue: Money,
  })),
  refusalReasons: Type.Array(Type.Object({ rank: Type.Integer(), code: NullableString, reason: Type.String(), count: Type.Integer(), share: NullableNumber })),
});
export type CampaignsReportView = Static<typeof CampaignsReportView>;

/** GET /api/reports/analytical/cases */
export const CasesReportView = Type.Object({
  from: Type.String(), to: Type.String(), tz: Type.String(), period: Type.String(),
  rows: Type.Array(Type.Object({
    period: Type.String(), kind: Type.String(), opened: Type.Integer(), resolved: Type.Integer(), open: Type.Integer(),
    medianResolutionSeconds: NullableNumber, p90ResolutionSeconds: NullableNumber,
  })),
});
export type CasesReportView = Static<typeof CasesReportView>;

const dueContactFields = {
  customerId: Type.Integer(), fullName: Type.String(), phone: NullableString, region: NullableString, birthday: NullableString,
  doNotCall: Type.Boolean(), totalSpend: Money, lastPurchaseAt: NullableString, daysSincePurchase: NullableInt,
};
/** GET /api/reports/analytical/due-contacts?kind=birthday|lapsed: customers to contact, by birthday or lapsed purchase. */
export const DueContactsReportView = Type.Union([
  Type.Object({
    kind: Type.Literal('birthday'), tz: Type.String(), today: Type.String(), days: Type.Integer(), total: Type.Integer(),
    rows: Type.Array(Type.Object({ ...dueContactFields, nextBirthday: Type.String(), daysUntil: Type.Integer() })),
  }),
  Type.Object({
    kind: Type.Literal('lapsed'), tz: Type.String(), lapsedDays: Type.Integer(), minSpend: Type.Number(), total: Type.Integer(),
    rows: Type.Array(Type.Object(dueContactFields)),
  }),
]);
export type DueContactsReportView = Static<typeof DueContactsReportView>;

// Predictive campaign reports (issue #24): one campaign, local days from..to in tz.
export const CampaignDialsQuery = Type.Object({
  campaignId: Type.Integer({ minimum: 1 }),
  from: Day('answered from (local day)'), to: Day('answered to (local day, inclusive)'), tz: Tz, format: Format,
});

const dialCounts = { dials: Type.Integer(), liveAnswers: Type.Integer(), connected: Type.Integer(), abandoned: Type.Integer(), abandonRate: NullableNumber };
/** GET /api/reports/analytical/campaign-abandons: the 24 local hours of day (docs/REPORTS.md). */
export const CampaignAbandonsReportView = Type.Object({
  campaignId: Type.Integer(), name: Type.String(), from: Type.String(), to: Type.String(), tz: Type.String(),
  abandonCap: Type.Number({ description: 'fraction, e.g. 0.03' }),
  rows: Type.Array(Type.Object({ hourOfDay: Type.String({ description: 'HH:00 local' }), ...dialCounts, overCap: Type.Boolean() })),
  totals: Type.Object(dialCounts),
});
export type CampaignAbandonsReportView = Static<typeof CampaignAbandonsReportView>;

const amdCounts = { connected: Type.Integer(), abandoned: Type.Integer(), machineDropped: Type.Integer(), machineMessage: Type.Integer(), hungUp: Type.Integer(), undecided: Type.Integer() };
/** GET /api/reports/analytical/campaign-amd: answered predictive dials by AMD result and outcome. */
export const CampaignAmdReportView = Type.Object({
  campaignId: Type.Integer(), name: Type.String(), amdAction: Type.String(), from: Type.String(), to: Type.String(), tz: Type.String(),
  rows: Type.Array(Type.Object({
    amdResult: Type.Union([Type.Literal('human'), Type.Literal('notsure'), Type.Literal('machine'), Type.Literal('hangup'), Type.Literal('none')]),
    answers: Type.Integer(), share: NullableNumber, ...amdCounts,
  })),
  totals: Type.Object({ answers: Type.Integer(), ...amdCounts }),
});
export type CampaignAmdReportView = Static<typeof CampaignAmdReportView>;

/** Each GET /api/reports/analytical/:name's JSON reply, by name. */
export interface AnalyticalReportViews {
  'lead-sources': LeadSourcesReportView;
  segments: SegmentsReportView;
  campaigns: CampaignsReportView;
  cases: CasesReportView;
  'due-contacts': DueContactsReportView;
  offers: OfferReportView;
  'campaign-abandons': CampaignAbandonsReportView;
  'campaign-amd': CampaignAmdReportView;
}
export type AnalyticalReportName = keyof AnalyticalReportViews;
