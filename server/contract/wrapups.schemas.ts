import { Type, type Static } from '@sinclair/typebox';
import { OfferOutcomeInput } from './offers.schemas';

const Mood = Type.Union([Type.Literal('positive'), Type.Literal('neutral'), Type.Literal('negative')]);

export const WrapupBody = Type.Object({
  callId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  customerId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  dispositionCode: Type.String({ minLength: 1, maxLength: 48 }),
  notes: Type.String({ maxLength: 10_000, default: '' }),
  mood: Type.Optional(Type.Union([Mood, Type.Null()])),
  case: Type.Optional(Type.Object({
    id: Type.Optional(Type.Integer({ minimum: 1 })),
    kind: Type.Optional(Type.Union([Type.Literal('complaint'), Type.Literal('service_request'), Type.Literal('information_request')])),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    status: Type.Optional(Type.Union(['open', 'in_progress', 'waiting', 'resolved', 'closed'].map((s) => Type.Literal(s)))),
    agreed: Type.Optional(Type.String({ maxLength: 5000 })),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
  }, { additionalProperties: false })),
  task: Type.Optional(Type.Object({
    kind: Type.Union([Type.Literal('follow_up'), Type.Literal('callback')]),
    dueAt: Type.String({ format: 'date-time' }),
    note: Type.String({ maxLength: 2000, default: '' }),
  }, { additionalProperties: false })),
  offer: Type.Optional(Type.Object({
    productId: Type.Integer({ minimum: 1 }),
    result: Type.Union([Type.Literal('accepted'), Type.Literal('refused'), Type.Literal('callback')]),
    refusalCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'a code from GET /api/refusal-reasons' })),
    refusalReason: Type.Optional(Type.String({ maxLength: 500, description: 'optional note; alone (older clients) it is mapped to a code' })),
  }, { additionalProperties: false })),
  /** What was done with each offer the pop ranked (issue #23): offered, accepted, refused with a reason, or not offered. */
  offers: Type.Optional(Type.Array(OfferOutcomeInput, { maxItems: 3 })),
  clientKey: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
}, { additionalProperties: false });
export type WrapupBody = Static<typeof WrapupBody>;

export const WrapupReply = Type.Object({
  id: Type.Integer(),
  callId: Type.Union([Type.Integer(), Type.Null()]),
  customerId: Type.Union([Type.Integer(), Type.Null()]),
  caseId: Type.Union([Type.Integer(), Type.Null()]),
  taskId: Type.Union([Type.Integer(), Type.Null()]),
  interactionId: Type.Union([Type.Integer(), Type.Null()]),
  duplicate: Type.Boolean(),
});
export type WrapupReply = Static<typeof WrapupReply>;

/** A call of this agent that ended and still needs its wrap-up (kept on the server: a reload does not lose it). */
export const PendingWrapup = Type.Object({
  callId: Type.Integer(),
  direction: Type.String(),
  /** The customer's number: the caller of an inbound call, the dialled number of an outbound one. */
  number: Type.Union([Type.String(), Type.Null()]),
  customerId: Type.Union([Type.Integer(), Type.Null()]),
  customerName: Type.Union([Type.String(), Type.Null()]),
  campaignAttemptId: Type.Union([Type.Integer(), Type.Null()]),
  endedAt: Type.Union([Type.String(), Type.Null()]),
});
export type PendingWrapup = Static<typeof PendingWrapup>;

export const RefusalReasonView = Type.Object({
  code: Type.String(), label: Type.String(), i18nKey: Type.String({ description: 'console catalog key of the label' }), sortOrder: Type.Integer(),
});
export type RefusalReasonView = Static<typeof RefusalReasonView>;

/** GET /api/dispositions: the active dispositions a wrap-up offers. */
export const DispositionView = Type.Object({ code: Type.String(), label: Type.String(), category: Type.String() });
export type DispositionView = Static<typeof DispositionView>;
