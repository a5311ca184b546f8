import { Type, type Static } from '@sinclair/typebox';

// A call as the console sees it (REST replies, `call:updated` pushes) and as the server's domain events carry it.
const Lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

export const CALL_DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
export const CALL_STATUSES = ['ringing', 'queued', 'offered', 'answered', 'ended'] as const;
/** 'unknown': the call ended while the server did not listen to the PBX and was not seen answered or abandoned. */
export const CALL_OUTCOMES = ['answered', 'abandoned', 'no_answer', 'busy', 'failed', 'congestion', 'unknown'] as const;
export const AGENT_STATES = ['offline', 'ready', 'paused', 'ringing', 'on_call', 'wrapup'] as const;

export const CallSummaryView = Type.Object({
  callId: Type.Integer(),
  pbxId: Type.String(),
  linkedid: Type.String(),
  direction: Lit(CALL_DIRECTIONS),
  status: Lit(CALL_STATUSES),
  outcome: Type.Union([Lit(CALL_OUTCOMES), Type.Null()]),
  callerNumber: NullableString,
  callerName: NullableString,
  calledNumber: NullableString,
  queue: NullableString,
  agentUserId: NullableInt,
  customerId: NullableInt,
  campaignAttemptId: NullableInt,
  startedAt: Type.String(),
  queuedAt: NullableString,
  offeredAt: NullableString,
  answeredAt: NullableString,
  endedAt: NullableString,
  onHold: Type.Boolean(),
  recordingPath: NullableString,
});
export type CallSummaryView = Static<typeof CallSummaryView>;

/** GET /api/calls/:id: the call with its times, how it ended and who hung up. */
export const CallDetailView = Type.Composite([CallSummaryView, Type.Object({
  talkSeconds: NullableInt,
  waitSeconds: NullableInt,
  holdSeconds: Type.Integer(),
  /** Asterisk's Q.850 cause code. */
  hangupCause: NullableInt,
  hungUpBy: NullableString,
  transferred: Type.Boolean(),
})]);
export type CallDetailView = Static<typeof CallDetailView>;

/** POST /api/calls/originate (click-to-dial). */
export const OriginateBody = Type.Object({
  number: Type.String({ minLength: 2, maxLength: 40 }),
  customerId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  taskId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
}, { additionalProperties: false });
export type OriginateBody = Static<typeof OriginateBody>;
export const OriginateReply = Type.Object({ crmCallId: Type.String() });
export type OriginateReply = Static<typeof OriginateReply>;

/** POST /api/calls/:id/customer: the caller is this one of several candidates. */
export const LinkCustomerBody = Type.Object({ customerId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type LinkCustomerBody = Static<typeof LinkCustomerBody>;
