import type { TaskKind } from '@contract/tasks.schemas';
import type { PacingView } from '@contract/campaigns.schemas';
import type { SpyMode, SpySessionView } from '@contract/supervision.schemas';
// The typed map of domain events, named resource.past_tense. Producers: domain services (after persisting).
// Consumers: realtime fanout, screen pop, reports rollups, campaigns. Payloads are plain JSON (they may cross
// Redis pub/sub between nodes), with ISO timestamps.

// The call and agent shapes are part of the wire contract (the console receives them as they are).
import type { AgentState, CallDirection, CallSummary } from '@contract/wire-events';

export type { AgentState, CallDirection, CallOutcome, CallStatus, CallSummary } from '@contract/wire-events';

export interface DomainEvents {
  /**
   * The PBX reported a new channel for a call this node has not written yet, published before the call's row is
   * inserted (no call id yet): the screen pop starts the caller lookup here, so it runs alongside the insert.
   * Local to the consuming node; nothing else should act on it (the call may turn out to be a replay).
   */
  'call.arriving': { pbxId: string; linkedid: string; direction: CallDirection; callerNumber: string | null };
  'call.started': { call: CallSummary };
  'call.queued': { call: CallSummary; queue: string };
  /** An agent's phone rings for this call (queue AgentCalled or direct dial). */
  'call.offered': { call: CallSummary; userId: number | null; extension: string; queue: string | null; offerKey?: string };
  /**
   * The same offer, published the moment the PBX reports the ringing agent and the call's row exists, before the
   * offer (and earlier events of the call) are written: only the screen pop listens, so the pop does not wait on
   * bookkeeping commits. `call.offered` follows with the same offerKey once the writes are done.
   */
  'call.offer_early': { call: CallSummary; userId: number; extension: string; queue: string | null; offerKey: string };
  /** Ringing stopped at an agent without answer (ring-no-answer, caller gone, busy). */
  'call.offer_withdrawn': { call: CallSummary; userId: number | null; extension: string; reason: string };
  /**
   * An outbound call's dialled number became known after the call started (an Originate made by another tool
   * names it only when the carrier leg is dialled, #27.2): the screen pop looks the callee up again and the agents
   * on the call get a pop with the callee's story (the console replaces the pop of the same call).
   */
  'call.callee_known': { call: CallSummary; userIds: number[] };
  'call.answered': { call: CallSummary; userId: number | null; extension: string | null };
  'call.held': { call: CallSummary };
  'call.unheld': { call: CallSummary };
  /** `fromUserId` handed the call on (they wrap up now); `toUserId` is the agent it went to, when an agent. */
  'call.transferred': { call: CallSummary; kind: 'blind' | 'attended'; target: string | null; fromUserId: number | null; toUserId: number | null };
  'call.ended': { call: CallSummary };
  'call.recording_started': { call: CallSummary; path: string };
  'agent.state_changed': { userId: number; extension: string | null; state: AgentState; reason: string | null; since: string; callId: number | null };
  'queue.stats_updated': { queue: string };
  'pbx.connection_changed': { pbxId: string; connected: boolean };
  /** An administrator deactivated the user (issue #21): the agent is signed off; their queue memberships leave the PBX. */
  'user.deactivated': { userId: number };
  /** An Originate never produced a call (busy, no answer, failure before any channel was up). */
  'call.originate_failed': { pbxId: string; crmCallId: string; campaignAttemptId: number | null; reason: 'busy' | 'no_answer' | 'failed' | 'congestion'; at: string };
  /** The PBX's view of a queue member (paused flag, reason): the agents service reconciles with it. */
  'pbx.member_status': { pbxId: string; queue: string; extension: string; paused: boolean; pausedReason: string | null; inCall: boolean; userId: number | null;
    /** The PBX applied a pause change (not merely reported the member's status). */
    pauseChanged: boolean };
  'wrapup.submitted': { wrapupId: number; userId: number; callId: number | null; customerId: number | null; dispositionCode: string };
  'task.due': { taskId: number; userId: number; customerId: number | null; kind: TaskKind; dueAt: string; note: string };
  'campaign.progress_updated': { campaignId: number };
  /** A managed list (dispositions, pause/refusal reasons, products) changed: consoles reload their labels. */
  'lists.changed': { list: string };
  /** A queue or its membership changed through the admin API (issue #21): open Admin → Queues screens reload. */
  'queues.changed': { queueId: number };
  /** A predictive dial's customer channel reached a stage of [campaign-predictive] (AMD result, live, abandoned...). */
  'campaign.dial_stage': { pbxId: string; crmCallId: string; campaignAttemptId: number | null; channel: string;
    stage: 'live' | 'machine' | 'abandoned' | 'connecting' | 'gone'; amdStatus: 'MACHINE' | 'HUMAN' | 'NOTSURE' | 'HANGUP' | null; amdCause: string | null; at: string };
  /** The predictive pacer's latest figures for a campaign (live campaign view). */
  'campaign.pacing_updated': { campaignId: number; view: PacingView };
  /** A supervisor's phone joined (active) or left a ChanSpy session Warmline started (server/pbx spy.started/spy.ended). */
  'pbx.spy_changed': { pbxId: string; active: boolean; extension: string | null; channel: string; uniqueid: string; targetChannel: string | null; mode: SpyMode | null; at: string };
  /** A supervisor's listen/whisper/barge session began (`session`) or ended (null): their console shows it. */
  'supervision.session_changed': { userId: number; session: SpySessionView | null; endedChannel: string | null };
  'supervision.alert_raised': { queue: string; kind: 'wait_time' | 'queue_length'; value: number; threshold: number };
}

export type DomainEventName = keyof DomainEvents;
