// The REST contract as the console reads it. Socket payloads and the shared schemas' types come from the wire
// contract (server/contract, through the @contract alias: the one thing the console takes from server/).
import type { OfferOutcomeInput } from '@contract/offers.schemas';
import type { AgentStatusView, CallSummary, ScreenPopPayload, ScreenPopCustomer } from '@contract/wire-events';
import type { SegmentRule } from '@contract/segment-rules';
import type { AmdAction, CallingWindow, CampaignStatus, DialMode, PacingView, RetryMinutes } from '@contract/campaigns.schemas';
export type { PacingView };

export type { AgentStatusView, CallSummary, ScreenPopPayload, ScreenPopCustomer };
export type { OfferBody, OfferOutcomeInput, OfferPatch, OfferReason, OfferView, PopOffer } from '@contract/offers.schemas';
/** What an operator did with an offer the pop ranked, in the order the wrap-up lists them. */
export const NBO_RESULTS = ['not_offered', 'offered', 'accepted', 'refused'] as const;
export type { AgentState } from '@contract/wire-events';

export type { Role } from '@contract/roles';
import type { Role } from '@contract/roles';

// REST replies typed from the server's TypeBox schemas (the contract), not copied by hand.
/** mustChangePassword: an administrator set the password; the console shows only the change-password page until then. */
export type { UserView as User, LoginReply, SipCredentials } from '@contract/auth.schemas';
export type { RecordingLinkReply } from '@contract/auth.schemas';

/** GET /api/agents/me/state */
export interface MyAgentState extends AgentStatusView {
  seq?: number;
  /** ISO time the current wrap-up ends (null when not in wrap-up). */
  wrapupDeadline: string | null;
  /** Call the open wrap-up belongs to, when the server knows it. */
  wrapupCallId?: number | null;
}

/** GET /api/agents/me/call: the call the agent is on or ringing with, from the server (issue #20.2). */
export interface CurrentCall { call: CallSummary | null; pop: ScreenPopPayload | null }

export type { PendingWrapup } from '@contract/wrapups.schemas';

/** GET /api/tasks/mine and /api/tasks/by-customer/:id (issue #20.7). */
export interface OpenTask {
  id: number; kind: 'callback' | 'follow_up'; dueAt: string; note: string; customerId: number | null; customerName: string | null;
  assignee: string | null; campaignId: number | null; phone: string | null; overdue: boolean;
}

export interface PauseReason { code: string; label: string }
export interface RefusalReason { code: string; label: string; i18nKey: string; sortOrder: number }
export interface Disposition { code: string; label: string; requiresCase?: boolean }

/** What a wrap-up may record; older data may also carry 'angry', which is still displayed. */
export type Mood = 'positive' | 'neutral' | 'negative';
export const MOODS: readonly Mood[] = ['positive', 'neutral', 'negative'];
export const DISPLAY_MOODS = ['positive', 'neutral', 'negative', 'angry'] as const;
export const CASE_KINDS = ['complaint', 'service_request', 'information_request'] as const;
export const CASE_STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
export const OFFER_RESULTS = ['accepted', 'refused', 'callback'] as const;
export type Channel = 'call' | 'email' | 'sms' | 'messenger' | 'visit' | 'note';
export const CHANNELS: readonly Channel[] = ['call', 'email', 'sms', 'messenger', 'visit', 'note'];

/** POST /api/wrapups */
export interface WrapupRequest {
  callId: number | null;
  customerId?: number | null;
  dispositionCode: string;
  notes: string;
  mood: Mood | null;
  case?: { id?: number; kind?: (typeof CASE_KINDS)[number]; subject?: string; status?: (typeof CASE_STATUSES)[number]; agreed?: string };
  task?: { kind: 'follow_up' | 'callback'; dueAt: string; note: string };
  offer?: { productId: number; result: (typeof OFFER_RESULTS)[number]; refusalCode?: string; refusalReason?: string };
  /** What was done with each offer the pop ranked (next best offer). */
  offers?: OfferOutcomeInput[];
  clientKey: string;
}

/** GET /api/products */
export interface Product { id: number; name: string; kind: string; active?: boolean; [k: string]: unknown }

export interface CustomerPhone { number: string; label?: string | null }

/** GET /api/customers/:id (list items carry the same fields; phones optional there). */
export interface Customer extends ScreenPopCustomer {
  phones?: CustomerPhone[];
  lastMood?: string | null;
  openCaseCount?: number;
}

export interface CustomerListQuery {
  q?: string; tag?: string; leadSource?: string; region?: string; minSpend?: string; maxSpend?: string;
  hasOpenCase?: boolean; sort?: 'name' | 'created' | 'total_spend' | 'last_contact'; order?: 'asc' | 'desc'; limit: number; offset: number;
}
export interface Page<T> { items: T[]; total: number }

export interface TimelineItem {
  id: number | string;
  channel: string;
  direction: string;
  occurredAt: string;
  subject: string;
  summary: string;
  outcome: string | null;
  mood: string | null;
  handledBy: string | null;
  type?: 'interaction' | 'call';
  caseId?: number | null;
  /** Calls only: the recording plays inline when recordingUrl is set. */
  call?: { id: number; recordingUrl: string | null; talkSeconds: number | null; outcome: string | null; disposition: { code: string; label: string } | null;
    transfers?: Array<{ kind: string; from: string | null; to: string | null; at: string }> } | null;
}

export type CaseView = ScreenPopPayload['openCases'][number];
export interface Purchase { id: number; productId?: number; name: string; kind: string; amount: string; purchasedAt?: string; since?: string; status: string }

export interface DueTask { id: number; customerId: number | null; customerName?: string | null; phone?: string | null; kind: string; dueAt: string; note: string }

export interface SupervisionSnapshot {
  queues: Array<{ queue: string; [k: string]: unknown }>;
  agents: AgentStatusView[];
  calls: CallSummary[];
}

/** GET /api/lead-sources */
export type { LeadSourceView as LeadSource } from '@contract/customers.schemas';

// Segment rules and campaign bodies are the server's TypeBox types (type-only imports, nothing is bundled).
export type { SegmentRule, SegmentCondition } from '@contract/segment-rules';
export type { CampaignBody, CampaignPatch, CallingWindow, RetryMinutes, CampaignStatus } from '@contract/campaigns.schemas';

/** GET /api/segments */
export interface Segment { id: number; name: string; description: string; rules: SegmentRule; createdBy: number | null; createdAt: string; updatedAt: string }
export interface SegmentMember { id: number; fullName: string; company: string | null; region: string | null; timezone: string; totalSpend: string; lastContactAt: string | null; tags: string[] }
export interface SegmentPreview { size: number; sample: SegmentMember[] }

/** GET /api/campaigns, /api/campaigns/:id/progress, /api/campaigns/preview/next and /api/campaigns/attempts/:id/card */
export type { CampaignView as Campaign, ProgressView as CampaignProgress, PreviewCard } from '@contract/campaigns.schemas';

/** GET /api/campaigns/agents: who a campaign manager may assign. */
export interface CampaignAgent { userId: number; displayName: string; extension: string; role: string }
