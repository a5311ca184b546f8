import { Type, type Static } from '@sinclair/typebox';
import { AGENT_STATES, CallSummaryView } from './calls.schemas';
import type { ScreenPopPayload } from './screen-pop';

export const AgentStateView = Type.Object({
  userId: Type.Integer(),
  state: Type.Union(AGENT_STATES.map((s) => Type.Literal(s))),
  reason: Type.Union([Type.String(), Type.Null()]),
  since: Type.String(),
  callId: Type.Union([Type.Integer(), Type.Null()]),
  wrapupDeadline: Type.Union([Type.String(), Type.Null()]),
});
export type AgentStateView = Static<typeof AgentStateView>;

export const SetStateBody = Type.Object({
  state: Type.Union([Type.Literal('ready'), Type.Literal('paused')]),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 48 })),
}, { additionalProperties: false });
export type SetStateBody = Static<typeof SetStateBody>;

/**
 * The call the agent is on or ringing with, and its pop. The pop is the `screen-pop` push (wire-events.ts), built
 * and typed by the screen pop service; it passes through unchanged.
 */
export const CurrentCallView = Type.Object({
  call: Type.Union([CallSummaryView, Type.Null()]),
  pop: Type.Unsafe<ScreenPopPayload | null>(Type.Unknown({ description: 'the screen-pop push of this call, or null' })),
  consulting: Type.Boolean({ description: 'An attended transfer\'s consultation is in progress on this call' }),
});
export type CurrentCallView = Static<typeof CurrentCallView>;

export const PauseReasonView = Type.Object({ code: Type.String(), label: Type.String() });
export type PauseReasonView = Static<typeof PauseReasonView>;

export const TransferBody = Type.Object({
  mode: Type.Union([Type.Literal('blind'), Type.Literal('attended')]),
  target: Type.Union([
    Type.Object({ kind: Type.Literal('agent'), userId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('queue'), queue: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('number'), number: Type.String({ minLength: 2, maxLength: 32 }) }, { additionalProperties: false }),
  ]),
}, { additionalProperties: false });
export type TransferBody = Static<typeof TransferBody>;

export const DtmfBody = Type.Object({ digits: Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9*#A-Da-d]+$' }) }, { additionalProperties: false });

export const TransferTargetsView = Type.Object({
  agents: Type.Array(Type.Object({ userId: Type.Integer(), displayName: Type.String(), extension: Type.String(), state: Type.String() })),
  queues: Type.Array(Type.String()),
});
export type TransferTargetsView = Static<typeof TransferTargetsView>;

/**
 * Calls waiting now (queued, or ringing an agent) in each queue the agent is a member of: the console header's
 * "calls waiting". Pending wrap-ups are not calls waiting (issue #20.5).
 */
export const QueuesWaitingView = Type.Object({
  total: Type.Integer({ minimum: 0 }),
  queues: Type.Array(Type.Object({ queue: Type.String(), waiting: Type.Integer({ minimum: 0 }) })),
});
export type QueuesWaitingView = Static<typeof QueuesWaitingView>;

/** The agent's own call acted on (hang up, transfer, complete or cancel a transfer, DTMF). */
export const CallIdReply = Type.Object({ callId: Type.Integer() });
export type CallIdReply = Static<typeof CallIdReply>;
