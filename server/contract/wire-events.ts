import type { ScreenPopPayload } from './screen-pop';
import type { PacingView } from './campaigns.schemas';
import type { SpySessionView } from './supervision.schemas';
import type { AGENT_STATES, CALL_DIRECTIONS, CALL_OUTCOMES, CALL_STATUSES, CallSummaryView } from './calls.schemas';
import type { TaskKind } from './tasks.schemas';
import type { SocketCommandName, SocketCommandPayload } from './socket-commands.schemas';
// The Socket.IO contract: what the server pushes and the console receives (type-only on both sides). The call
// and agent shapes are also what the server's domain events carry (server/events/domain-events.ts re-exports them).

export type AgentState = (typeof AGENT_STATES)[number];
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
export type CallStatus = (typeof CALL_STATUSES)[number];
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
/** The call's shape is its REST schema's (calls.schemas.ts), so a reply and a push cannot differ. */
export type CallSummary = CallSummaryView;
export type { ScreenPopCustomer, ScreenPopPayload } from './screen-pop';

export interface AgentStatusView {
  userId: number;
  displayName: string;
  extension: string | null;
  state: AgentState;
  reason: string | null;
  since: string;
  callId: number | null;
}

export interface ServerToClientEvents {
  'screen-pop': (payload: ScreenPopPayload) => void;
  'call:updated': (call: CallSummary & { seq: number }) => void;
  'agent:state': (status: AgentStatusView & { seq: number }) => void;
  'queue:stats': (stats: { queue: string; seq: number; [k: string]: unknown }) => void;
  /** Calls waiting now in one queue (queued or ringing an agent): the operators' header count (issue #20). */
  'queue:waiting': (change: { queue: string; waiting: number; seq: number }) => void;
  /**
   * The supervisor's own listen/whisper/barge session began (`session`) or ended (null; `endedChannel` names the spying
   * channel that left, so a late end does not clear a newer session). GET /api/supervision/session gives it on load.
   */
  'supervision:session': (change: { session: SpySessionView | null; endedChannel: string | null; seq: number }) => void;
  'wallboard:alert': (alert: { queue: string; kind: string; value: number; threshold: number; at: string }) => void;
  'task:due': (task: { taskId: number; customerId: number | null; kind: TaskKind; dueAt: string; note: string }) => void;
  'campaign:progress': (progress: { campaignId: number; seq: number; [k: string]: unknown }) => void;
  /** A predictive campaign's live figures, pushed by its pacer every pacing step (about once a second). */
  'campaign:pacing': (pacing: PacingView & { seq: number }) => void;
  'session:expired': () => void;
  /** A managed list changed (issue #21): reload GET /api/lists. */
  'lists:changed': (change: { list: string }) => void;
  /** A queue or its membership changed (issue #21; admins only): reload GET /api/queues. */
  'queues:changed': (change: { queueId: number | null }) => void;
}

export type Ack<T> = (reply: { ok: true; data: T } | { ok: false; error: { code: string; message: string } }) => void;

/** The commands a console sends, each payload typed from its schema in socket-commands.schemas.ts. */
export type ClientToServerEvents = {
  [K in SocketCommandName]: (payload: SocketCommandPayload<K>, ack?: Ack<unknown>) => void;
};
