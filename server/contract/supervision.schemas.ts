import { Type, type Static } from '@sinclair/typebox';
import { AGENT_STATES, CallSummaryView } from './calls.schemas';

// What the wallboard starts from (GET /api/supervision/snapshot and the `supervision:snapshot` socket command);
// the `queue:stats`, `agent:state` and `call:updated` pushes then keep it current.
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const QueueStatsView = Type.Object({
  queue: Type.String(),
  displayName: Type.String(),
  waiting: Type.Integer(),
  longestWaitSeconds: Type.Integer(),
  offered: Type.Integer(),
  answered: Type.Integer(),
  abandoned: Type.Integer(),
  /** Answered within the threshold / (answered + abandoned after the threshold), in percent; null with no calls. */
  serviceLevel: NullableNumber,
  serviceLevelSeconds: Type.Integer(),
  avgAnswerSeconds: NullableNumber,
  avgHandleSeconds: NullableNumber,
  alerts: Type.Array(Type.Object({
    kind: Type.Union([Type.Literal('wait_time'), Type.Literal('queue_length')]), value: Type.Number(), threshold: Type.Number(),
  })),
});
export type QueueStatsView = Static<typeof QueueStatsView>;

export const SupervisedAgentView = Type.Object({
  userId: Type.Integer(),
  displayName: Type.String(),
  extension: Type.Union([Type.String(), Type.Null()]),
  role: Type.String(),
  state: Type.Union(AGENT_STATES.map((s) => Type.Literal(s))),
  reason: Type.Union([Type.String(), Type.Null()]),
  since: Type.Union([Type.String(), Type.Null()]),
  callId: NullableInt,
  callsHandled: Type.Integer(),
});

export const SupervisionSnapshotView = Type.Object({
  at: Type.String({ format: 'date-time' }),
  queues: Type.Array(QueueStatsView),
  agents: Type.Array(SupervisedAgentView),
  calls: Type.Array(CallSummaryView),
});
export type SupervisionSnapshotView = Static<typeof SupervisionSnapshotView>;

/** POST /api/supervision/spy (and the supervision:spy socket command): the agent channel listened to. */
export const SpyReply = Type.Object({ channel: Type.String() });
export type SpyReply = Static<typeof SpyReply>;

export const SPY_MODES = ['listen', 'whisper', 'barge'] as const;
export type SpyMode = (typeof SPY_MODES)[number];

/**
 * A supervisor's listen/whisper/barge session while their phone is on the spy leg (issue #20.9): who and which call
 * they listen to. Derived from the PBX's channels (a reloaded console gets it back from GET /api/supervision/session)
 * and pushed as `supervision:session` when it starts or ends.
 */
export const SpySessionView = Type.Object({
  callId: Type.Integer(),
  mode: Type.Union(SPY_MODES.map((m) => Type.Literal(m))),
  agentUserId: NullableInt,
  agentName: Type.Union([Type.String(), Type.Null()]),
  /** The customer's number on the call (the caller of an inbound call, the callee of an outbound one). */
  customerNumber: Type.Union([Type.String(), Type.Null()]),
  customerName: Type.Union([Type.String(), Type.Null()]),
  /** The supervisor's spying channel on the PBX (what Stop hangs up). */
  channel: Type.String(),
  startedAt: Type.String(),
});
export type SpySessionView = Static<typeof SpySessionView>;

export const SpySessionReply = Type.Object({ session: Type.Union([SpySessionView, Type.Null()]) });
export type SpySessionReply = Static<typeof SpySessionReply>;

/** POST /api/supervision/stop: how many spy legs of the supervisor were hung up. */
export const SpyStopReply = Type.Object({ stopped: Type.Integer() });
export type SpyStopReply = Static<typeof SpyStopReply>;
