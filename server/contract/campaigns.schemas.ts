import { Type, type Static } from '@sinclair/typebox';

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const Hhmm = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });
export const CallingWindow = Type.Object({
  days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, description: 'ISO weekdays, 1 = Monday' }),
  start: Hhmm,
  end: Hhmm,
}, { additionalProperties: false });
export type CallingWindow = Static<typeof CallingWindow>;

const Minutes = Type.Integer({ minimum: 0, maximum: 60 * 24 * 30 });
export const RetryMinutes = Type.Object({
  no_answer: Minutes, busy: Minutes, failed: Minutes, callback: Minutes,
}, { additionalProperties: false });
export type RetryMinutes = Static<typeof RetryMinutes>;

export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'stopped', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export type DialMode = 'preview' | 'progressive' | 'predictive';
const DialModeSchema = Type.Union([Type.Literal('preview'), Type.Literal('progressive'), Type.Literal('predictive')]);
export const AMD_ACTIONS = ['off', 'hangup', 'message'] as const;
export type AmdAction = (typeof AMD_ACTIONS)[number];
const AmdActionSchema = Type.Union(AMD_ACTIONS.map((a) => Type.Literal(a)), { description: 'predictive: what an answering machine (AMD MACHINE) gets: off = no detection, hangup, or a recorded message' });

export const CampaignBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  segmentId: Type.Integer({ minimum: 1 }),
  offer: Type.Object({
    productId: Type.Integer({ minimum: 1 }),
    price: Type.Optional(Type.Number({ minimum: 0, maximum: 1e10, description: 'defaults to the product price' })),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    terms: Type.Optional(Type.String({ maxLength: 4000 })),
  }, { additionalProperties: false }),
  script: Type.Optional(Type.String({ maxLength: 20000 })),
  mode: Type.Optional(DialModeSchema),
  abandonCapPct: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10, description: 'predictive: most abandoned calls, % of live answers over the period (default 3)' })),
  abandonPeriodHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720, description: 'predictive: rolling period of the abandon cap (default 24)' })),
  amdAction: Type.Optional(AmdActionSchema),
  priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000 })),
  maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  retryMinutes: Type.Optional(Type.Partial(RetryMinutes, { additionalProperties: false })),
  callingWindows: Type.Optional(Type.Array(CallingWindow, { minItems: 1, maxItems: 14 })),
  pbxId: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
  // Sent to Asterisk as an Originate header: a CR/LF would end the header (AMI refuses it, so every dial failed
  // while the API answered 200); no control characters at all (issue #19 point 11).
  callerId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 80, pattern: '^[^\\u0000-\\u001f\\u007f]+$', description: 'e.g. "Acme" <+14155550100>; no control characters' }), Type.Null()])),
  agentIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 })),
}, { additionalProperties: false });
export type CampaignBody = Static<typeof CampaignBody>;

export const CampaignPatch = Type.Partial(CampaignBody, { additionalProperties: false });
export type CampaignPatch = Static<typeof CampaignPatch>;

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const CampaignView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  segmentId: Type.Integer(),
  offer: Type.Object({ productId: Type.Integer(), productName: Type.String(), price: Type.String(), currency: Type.String(), terms: Type.String() }),
  script: Type.String(),
  mode: DialModeSchema,
  abandonCapPct: Type.Number(),
  abandonPeriodHours: Type.Integer(),
  amdAction: AmdActionSchema,
  status: Type.Union(CAMPAIGN_STATUSES.map((s) => Type.Literal(s))),
  priority: Type.Integer(),
  maxAttempts: Type.Integer(),
  retryMinutes: RetryMinutes,
  callingWindows: Type.Array(CallingWindow),
  pbxId: Nullable(Type.String()),
  callerId: Nullable(Type.String()),
  agentIds: Type.Array(Type.Integer()),
  startedAt: Nullable(DateTime),
  endedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type CampaignView = Static<typeof CampaignView>;

/** Why a running campaign offers no one now (issue #22.8); nextWindowAt null: none opens in the next week. */
export const CallingWindowState = Type.Object({
  outside: Type.Boolean({ description: 'customers are due and every one of them is outside its calling window now' }),
  nextWindowAt: Nullable(DateTime),
});

export const ProgressView = Type.Object({
  campaignId: Type.Integer(),
  status: Type.String(),
  total: Type.Integer(),
  pending: Type.Integer({ description: 'queued or reserved for a preview' }),
  dialing: Type.Integer({ description: 'dialling or connected, awaiting the outcome' }),
  completed: Type.Integer({ description: 'done or cancelled' }),
  byOutcome: Type.Record(Type.String(), Type.Integer()),
  accepted: Type.Integer(),
  refused: Type.Integer(),
  refusalReasons: Type.Array(Type.Object({ code: Nullable(Type.String({ description: 'refusal_reasons code; null: refused without a reason' })), reason: Type.String({ description: 'the reason\'s label' }), count: Type.Integer() })),
  revenue: Type.String({ description: 'sum of campaign purchases, numeric as string' }),
  conversionRate: Type.Number({ description: 'accepted / (accepted + refused)' }),
  callingWindow: CallingWindowState,
});
export type ProgressView = Static<typeof ProgressView>;

export const OUTCOME_RESULTS = ['accepted', 'refused', 'callback', 'no_answer', 'busy', 'failed'] as const;
export type OutcomeResult = (typeof OUTCOME_RESULTS)[number];

export const OutcomeBody = Type.Object({
  result: Type.Union(OUTCOME_RESULTS.map((r) => Type.Literal(r))),
  refusalCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'a code from GET /api/refusal-reasons' })),
  refusalReason: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'optional note; alone (older clients) it is mapped to a code' })),
  callbackAt: Type.Optional(DateTime),
}, { additionalProperties: false });

export const AttemptView = Type.Object({
  id: Type.Integer(),
  campaignId: Type.Integer(),
  customerId: Type.Integer(),
  status: Type.String(),
  outcome: Nullable(Type.String()),
  refusalCode: Nullable(Type.String()),
  refusalReason: Nullable(Type.String({ description: 'the refusal\'s free-text note' })),
  dialCount: Type.Integer(),
  nextAttemptAt: DateTime,
  purchaseId: Type.Union([Type.Integer(), Type.Null()]),
});

export const PreviewCard = Type.Object({
  attemptId: Type.Integer(),
  phone: Type.String(),
  dialCount: Type.Integer(),
  maxAttempts: Type.Integer(),
  callbackAt: Nullable(DateTime),
  campaign: Type.Object({ id: Type.Integer(), name: Type.String(), script: Type.String(),
    offer: Type.Object({ productId: Type.Integer(), productName: Type.String(), price: Type.String(), currency: Type.String(), terms: Type.String() }) }),
  customer: Type.Object({ id: Type.Integer(), fullName: Type.String(), company: Nullable(Type.String()), region: Nullable(Type.String()),
    timezone: Type.String(), totalSpend: Type.String(), lastContactAt: Nullable(DateTime), tags: Type.Array(Type.String()) }),
});
export type PreviewCard = Static<typeof PreviewCard>;
/** GET /api/campaigns/agents: who a campaign manager may assign. */
export const CampaignAgentView = Type.Object({ userId: Type.Integer(), displayName: Type.String(), extension: Type.String(), role: Type.String() });
export type CampaignAgentView = Static<typeof CampaignAgentView>;
/** Why a running campaign offers no one now (issue #22.8). */
export const PreviewIdle = Type.Object({
  reason: Type.Literal('outside-calling-window'),
  nextWindowAt: Nullable(Type.String({ format: 'date-time', description: 'when the next calling window opens; null: none in the next week' })),
});
export type PreviewIdle = Static<typeof PreviewIdle>;
export const PreviewNextReply = Type.Object({
  card: Type.Union([PreviewCard, Type.Null()]),
  idle: Type.Optional(Type.Union([PreviewIdle, Type.Null()], { description: "why there is no card (null: nothing due for this operator)" })),
});
export type PreviewNextReply = Static<typeof PreviewNextReply>;
export const PreviewNextQuery = Type.Object({ campaignId: Type.Optional(Type.Integer({ minimum: 1 })) });
export const DialReply = Type.Object({ attemptId: Type.Integer(), crmCallId: Type.String(), n: Type.Integer() });
export type DialReply = Static<typeof DialReply>;
/** POST /api/campaigns/attempts/:id/skip */
export const SkipReply = Type.Object({ attemptId: Type.Integer(), campaignId: Type.Integer() });
export type SkipReply = Static<typeof SkipReply>;

/** Live figures of a running predictive campaign (GET /api/campaigns/:id/pacing, socket campaign:pacing). */
export const PacingView = Type.Object({
  campaignId: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  dialLevel: Type.Number({ description: 'lines (ringing + talking) per logged-in agent' }),
  dialsNow: Type.Integer({ description: 'customers the last pacing step called' }),
  ringing: Type.Integer(),
  agentsWaiting: Type.Integer(),
  agentsBusy: Type.Integer(),
  answered: Type.Integer({ description: 'live answers over the abandon period' }),
  abandoned: Type.Integer(),
  connected: Type.Integer(),
  abandonRate: Type.Number({ description: 'abandoned / answered over the period (0..1)' }),
  abandonCap: Type.Number({ description: '0..1' }),
  periodHours: Type.Integer(),
  recentAbandonRate: Type.Number({ description: 'over the last 30 minutes' }),
  answerRate: Type.Number(),
  target: Type.Number({ description: 'abandon ratio the pacer aims at after back-off' }),
  reason: Type.Union(['no-agents', 'paced', 'cap-guard', 'line-limit', 'over-cap'].map((r) => Type.Literal(r))),
});
export type PacingView = Static<typeof PacingView>;

/** POST /api/campaigns/attempts/:id/outcome */
export const OutcomeReply = Type.Object({
  attemptId: Type.Integer(), campaignId: Type.Integer(), status: Type.String(), outcome: Type.Union([Type.String(), Type.Null()]),
  purchaseId: Type.Union([Type.Integer(), Type.Null()]), taskId: Type.Union([Type.Integer(), Type.Null()]),
});
export type OutcomeReply = Static<typeof OutcomeReply>;
/** A do-not-call entry (GET /api/dnc-numbers). */
export const DncView = Type.Object({ e164: Type.String(), reason: Type.String(), addedBy: Type.Union([Type.Integer(), Type.Null()]), addedAt: Type.String({ format: 'date-time' }) });
export type DncView = Static<typeof DncView>;
/** POST /api/dnc-numbers: the number as stored (E.164). */
export const DncAddReply = Type.Object({ e164: Type.String() });
export type DncAddReply = Static<typeof DncAddReply>;
