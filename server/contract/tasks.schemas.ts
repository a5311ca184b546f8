import { Type, type Static } from '@sinclair/typebox';

// Follow-ups and callbacks as an operator's lists show them (issue #20.7).
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
export const TASK_KINDS = ['callback', 'follow_up'] as const;
const TaskKind = Type.Union(TASK_KINDS.map((k) => Type.Literal(k)));
export type TaskKind = (typeof TASK_KINDS)[number];

export const DueQuery = Type.Object({ horizonMinutes: Type.Integer({ minimum: 0, maximum: 7 * 24 * 60, default: 60 }) });
export const MineQuery = Type.Object({
  when: Type.Union([Type.Literal('all'), Type.Literal('overdue'), Type.Literal('upcoming')], { default: 'all' }),
  kind: Type.Optional(TaskKind),
}, { additionalProperties: false });
export const TaskIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const taskFields = {
  id: Type.Integer(),
  kind: TaskKind,
  dueAt: Type.String({ format: 'date-time' }),
  note: Type.String(),
  customerId: NullableInt,
  customerName: NullableString,
  campaignId: NullableInt,
  /** The task's own number, else (open tasks) the customer's primary or first phone. */
  phone: NullableString,
  overdue: Type.Boolean(),
};

/** GET /api/tasks/due: the caller's tasks due within the horizon. */
export const DueTaskView = Type.Object(taskFields);
export type DueTaskView = Static<typeof DueTaskView>;

/** GET /api/tasks/mine and /api/tasks/by-customer/:id */
export const OpenTaskView = Type.Object({ ...taskFields, assignee: NullableString });
export type OpenTaskView = Static<typeof OpenTaskView>;
