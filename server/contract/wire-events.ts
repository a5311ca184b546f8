import type { PopOffer } from './offers.schemas';
import type { PacingView } from './campaigns.schemas';
import type { SocketCommandName, SocketCommandPayload } from './socket-commands.schemas';
// The Socket.IO contract: what the server pushes and the console receives (type-only on both sides). The call
// and agent shapes are also what the server's domain events carry (server/events/domain-events.ts re-exports them).

export type AgentState = 'offline' | 'ready' | 'paused' | 'ringing' | 'on_call' | 'wrapup';
export type CallDirection = 'inbound' | 'outbound' | 'internal';
export type CallStatus = 'ringing' | 'queued' | 'offered' | 'answered' | 'ended';
/** 'unknown': the call ended while the server did not listen to the PBX and was not seen answered or abandoned. */
export type CallOutcome = 'answered' | 'abandoned' | 'no_answer' | 'busy' | 'failed' | 'congestion' | 'unknown';

export interface CallSummary {
  callId: number;
  pbxId: string;
  linkedid: string;
  direction: CallDirection;
  status: CallStatus;
  outcome: CallOutcome | null;
  callerNumber: string | null;
  callerName: string | null;
  calledNumber: string | null;
  queue: string | null;
  agentUserId: number | null;
  customerId: number | null;
  campaignAttemptId: number | null;
  startedAt: string;
  queuedAt: string | null;
  offeredAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  onHold: boolean;
  recordingPath: string | null;
}

export interface ScreenPopCustomer {
  id: number;
  fullName: string;
  company: string | null;
  email: string | null;
  region: string | null;
  tags: string[];
  leadSource: string | null;
  birthday: string | null;
  customerSince: string;
  totalSpend: string;
  doNotCall: boolean;
}

export interface ScreenPopPayload {
  callId: number;
  linkedid: string;
  /** The customer's number (E.164): the caller of an inbound call, the dialled number of an outbound one. */
  callerNumber: string | null;
  /** That number as the PBX delivered it. */
  callerNumberRaw: string | null;
  queue: string | null;
  direction: 'inbound' | 'outbound' | 'internal';
  offeredAt: string;
  /** 'matched' one customer, 'ambiguous' several share the number, 'unknown' none. */
  match: 'matched' | 'ambiguous' | 'unknown';
  customer: ScreenPopCustomer | null;
  candidates: Array<{ id: number; fullName: string; company: string | null }>;
  openCases: Array<{ id: number; kind: string; status: string; subject: string; agreed: string; openedAt: string; ageDays: number; ownerName: string | null; lastUpdate: string | null; lastUpdateAt?: string | null }>;
  recentInteractions: Array<{ id: number; channel: string; direction: string; occurredAt: string; subject: string; summary: string; outcome: string | null; mood: string | null; handledBy: string | null }>;
  products: Array<{ productId: number; name: string; kind: string; since: string; amount: string; status: string }>;
  totalSpend: string;
  lastMood: string | null;
  pendingTasks: Array<{ id: number; kind: string; dueAt: string; note: string; assignee: string | null }>;
  campaign: { campaignId: number; name: string; offer: string; script: string } | null;
  /** Up to three offers ranked by expected value, with why (issue #23); empty when none may be offered. */
  offers: PopOffer[];
}

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
  'wallboard:alert': (alert: { queue: string; kind: string; value: number; threshold: number; at: string }) => void;
  'task:due': (task: { taskId: number; customerId: number | null; kind: string; dueAt: string; note: string }) => void;
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
