import { Type, type Static } from '@sinclair/typebox';

// Queue administration (issue #21): admin-only routes under /api/queues.

/** app_queue's ring strategies (Asterisk 20); migration 0070 checks the same list. */
export const QUEUE_STRATEGIES = ['ringall', 'leastrecent', 'fewestcalls', 'random', 'rrmemory', 'linear', 'wrandom', 'rrordered'] as const;
export type QueueStrategy = (typeof QUEUE_STRATEGIES)[number];
const Strategy = Type.Union(QUEUE_STRATEGIES.map((s) => Type.Literal(s)));
const Seconds = (max: number) => Type.Integer({ minimum: 1, maximum: max });
export const PENALTY_MAX = 1000;

export const QueueMemberView = Type.Object({
  userId: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  extension: Type.Union([Type.String(), Type.Null()]),
  /** A deactivated user (or one without extension) keeps the row but is not a member on the PBX until restored. */
  active: Type.Boolean(),
  penalty: Type.Integer(),
});
export type QueueMemberView = Static<typeof QueueMemberView>;

export const QueueView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  displayName: Type.String(),
  strategy: Strategy,
  /** Null: the wrap-up setting applies. */
  wrapupSeconds: Type.Union([Type.Integer(), Type.Null()]),
  serviceLevelSeconds: Type.Integer(),
  alertWaitSeconds: Type.Integer(),
  alertQueueLength: Type.Integer(),
  active: Type.Boolean(),
  members: Type.Array(QueueMemberView),
});
export type QueueView = Static<typeof QueueView>;
export const QueueListReply = Type.Object({ queues: Type.Array(QueueView) });
export type QueueListReply = Static<typeof QueueListReply>;

const editable = {
  displayName: Type.String({ minLength: 1, maxLength: 120 }),
  strategy: Strategy,
  // Null first: the validator coerces types, and would read null as 0 for an integer tried first.
  wrapupSeconds: Type.Union([Type.Null(), Type.Integer({ minimum: 0, maximum: 3600 })]),
  serviceLevelSeconds: Seconds(3600),
  alertWaitSeconds: Seconds(86_400),
  alertQueueLength: Seconds(10_000),
};

export const CreateQueueBody = Type.Object({
  /** The name Asterisk and the dialplan know the queue by (`Queue(name)`); it cannot change afterwards. */
  name: Type.String({ pattern: '^[a-z0-9_-]{1,64}$' }),
  displayName: editable.displayName,
  strategy: Type.Optional(editable.strategy),
  wrapupSeconds: Type.Optional(editable.wrapupSeconds),
  serviceLevelSeconds: Type.Optional(editable.serviceLevelSeconds),
  alertWaitSeconds: Type.Optional(editable.alertWaitSeconds),
  alertQueueLength: Type.Optional(editable.alertQueueLength),
}, { additionalProperties: false });
export type CreateQueueBody = Static<typeof CreateQueueBody>;

export const UpdateQueueBody = Type.Object({
  displayName: Type.Optional(editable.displayName),
  strategy: Type.Optional(editable.strategy),
  wrapupSeconds: Type.Optional(editable.wrapupSeconds),
  serviceLevelSeconds: Type.Optional(editable.serviceLevelSeconds),
  alertWaitSeconds: Type.Optional(editable.alertWaitSeconds),
  alertQueueLength: Type.Optional(editable.alertQueueLength),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });
export type UpdateQueueBody = Static<typeof UpdateQueueBody>;

export const QueueIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
export const QueueMemberParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  userId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});
export const QueueMemberBody = Type.Object({
  /** app_queue rings lower penalties first; 0 is the first tier. */
  penalty: Type.Integer({ minimum: 0, maximum: PENALTY_MAX }),
}, { additionalProperties: false });
