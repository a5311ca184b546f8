import { Type, type Static } from '@sinclair/typebox';
import { CHANNELS, Enum, Id, IsoTime, MOODS, Nullable } from './customers.schemas';

export const CASE_KINDS = ['complaint', 'service_request', 'information_request'] as const;
export const CASE_STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TASK_KINDS = ['follow_up', 'callback'] as const;

export const CreateInteractionBody = Type.Object({
  channel: Enum(CHANNELS),
  direction: Type.Optional(Enum(['inbound', 'outbound', 'internal'] as const)),
  occurredAt: Type.Optional(IsoTime),
  subject: Type.Optional(Type.String({ maxLength: 300 })),
  summary: Type.Optional(Type.String({ maxLength: 10_000 })),
  outcome: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  mood: Type.Optional(Type.Union([Enum(MOODS), Type.Null()])),
  caseId: Type.Optional(Type.Union([Id, Type.Null()])),
}, { additionalProperties: false });
export type CreateInteractionBody = Static<typeof CreateInteractionBody>;

export const InteractionView = Type.Object({
  id: Type.Integer(), customerId: Type.Integer(), channel: Type.String(), direction: Type.String(), occurredAt: Type.String(),
  subject: Type.String(), summary: Type.String(), outcome: Nullable(Type.String()), mood: Nullable(Type.String()),
  caseId: Type.Union([Type.Integer(), Type.Null()]), callId: Type.Union([Type.Integer(), Type.Null()]), handledBy: Nullable(Type.String()),
});
export type InteractionView = Static<typeof InteractionView>;

export const CreateCaseBody = Type.Object({
  kind: Enum(CASE_KINDS),
  subject: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  agreed: Type.Optional(Type.String({ maxLength: 2000 })),
  priority: Type.Optional(Enum(PRIORITIES)),
  ownerId: Type.Optional(Type.Union([Id, Type.Null()])),
}, { additionalProperties: false });
export type CreateCaseBody = Static<typeof CreateCaseBody>;

export const UpdateCaseBody = Type.Object({
  status: Type.Optional(Enum(CASE_STATUSES)),
  ownerId: Type.Optional(Type.Union([Id, Type.Null()])),
  agreed: Type.Optional(Type.String({ maxLength: 2000 })),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false, minProperties: 1 });
export type UpdateCaseBody = Static<typeof UpdateCaseBody>;

const CaseFields = {
  id: Type.Integer(), customerId: Type.Integer(), kind: Type.String(), status: Type.String(), subject: Type.String(),
  description: Type.String(), agreed: Type.String(), priority: Type.String(), ownerId: Type.Union([Type.Integer(), Type.Null()]),
  ownerName: Nullable(Type.String()), openedAt: Type.String(), resolvedAt: Nullable(Type.String()), updatedAt: Type.String(), ageDays: Type.Integer(),
};
export const CaseView = Type.Object(CaseFields);
export type CaseView = Static<typeof CaseView>;
export const CaseDetailView = Type.Object({
  ...CaseFields,
  updates: Type.Array(Type.Object({
    id: Type.Integer(), at: Type.String(), userId: Type.Union([Type.Integer(), Type.Null()]), userName: Nullable(Type.String()),
    note: Type.String(), statusFrom: Nullable(Type.String()), statusTo: Nullable(Type.String()),
  })),
});

export const CreatePurchaseBody = Type.Object({
  productId: Type.Optional(Id),
  sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  amount: Type.Optional(Type.String({ pattern: '^\\d{1,10}(\\.\\d{1,2})?$' })),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  purchasedAt: Type.Optional(IsoTime),
  status: Type.Optional(Enum(['active', 'cancelled', 'expired'] as const)),
}, { additionalProperties: false });
export type CreatePurchaseBody = Static<typeof CreatePurchaseBody>;

export const PurchaseView = Type.Object({
  id: Type.Integer(), productId: Type.Integer(), sku: Type.String(), name: Type.String(), kind: Type.String(), amount: Type.String(),
  currency: Type.String(), purchasedAt: Type.String(), status: Type.String(),
});
export type PurchaseView = Static<typeof PurchaseView>;

export const CreateTaskBody = Type.Object({
  kind: Enum(TASK_KINDS),
  dueAt: IsoTime,
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  assigneeId: Type.Optional(Type.Union([Id, Type.Null()])),
  phone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  callId: Type.Optional(Id),
}, { additionalProperties: false });
export type CreateTaskBody = Static<typeof CreateTaskBody>;

export const TaskView = Type.Object({
  id: Type.Integer(), customerId: Type.Union([Type.Integer(), Type.Null()]), kind: Type.String(), dueAt: Type.String(), note: Type.String(),
  assigneeId: Type.Union([Type.Integer(), Type.Null()]), assignee: Nullable(Type.String()), phone: Nullable(Type.String()),
  callId: Type.Union([Type.Integer(), Type.Null()]), doneAt: Nullable(Type.String()), createdAt: Type.String(),
});

export const TimelineQuery = Type.Object({
  channel: Type.Optional(Type.Array(Enum(CHANNELS), { maxItems: 6 })),
  from: Type.Optional(IsoTime),
  to: Type.Optional(IsoTime),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
}, { additionalProperties: false });
export type TimelineQuery = Static<typeof TimelineQuery>;

export const TimelineItem = Type.Object({
  type: Enum(['interaction', 'call'] as const),
  id: Type.Integer(), channel: Type.String(), direction: Type.String(), occurredAt: Type.String(), subject: Type.String(), summary: Type.String(),
  outcome: Nullable(Type.String()), mood: Nullable(Type.String()), caseId: Type.Union([Type.Integer(), Type.Null()]), handledBy: Nullable(Type.String()),
  call: Type.Union([Type.Object({
    id: Type.Integer(), recordingUrl: Nullable(Type.String()), talkSeconds: Type.Union([Type.Integer(), Type.Null()]), outcome: Nullable(Type.String()),
    disposition: Type.Union([Type.Object({ code: Type.String(), label: Type.String() }), Type.Null()]),
    transfers: Type.Array(Type.Object({ kind: Type.String(), from: Nullable(Type.String()), to: Nullable(Type.String()), at: Type.String() })),
  }), Type.Null()]),
});
export type TimelineItem = Static<typeof TimelineItem>;
export const TimelineReply = Type.Object({ items: Type.Array(TimelineItem) });
export type TimelineReply = Static<typeof TimelineReply>;
export const CaseParams = Type.Object({ caseId: Id });
