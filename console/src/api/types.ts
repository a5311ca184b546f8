// The REST contract as the console reads it. Socket payloads and the shared schemas' types come from the wire
// contract (server/contract, through the @contract alias: the one thing the console takes from server/).
import type { AgentStatusView, CallSummary, ScreenPopPayload, ScreenPopCustomer, ServerToClientEvents } from '@contract/wire-events';
import type { PacingView } from '@contract/campaigns.schemas';
export type { PacingView };

export type { AgentStatusView, CallSummary, ScreenPopPayload, ScreenPopCustomer, ServerToClientEvents };
export type { OfferBody, OfferOutcomeInput, OfferPatch, OfferReason, OfferView, PopOffer } from '@contract/offers.schemas';
/** What an operator did with an offer the pop ranked, in the order the wrap-up lists them. */
export const NBO_RESULTS = ['not_offered', 'offered', 'accepted', 'refused'] as const;
export type { AgentState } from '@contract/wire-events';

export type { Role } from '@contract/roles';

// REST replies typed from the server's TypeBox schemas (the contract), not copied by hand.
/** mustChangePassword: an administrator set the password; the console shows only the change-password page until then. */
export type { UserView as User, LoginReply, SipCredentials } from '@contract/auth.schemas';
export type { RecordingLinkReply } from '@contract/auth.schemas';

/** GET /api/agents/me/state and /api/agents/me/call (issue #20.2). */
export type { AgentStateView as MyAgentState, CurrentCallView as CurrentCall, PauseReasonView as PauseReason } from '@contract/agents.schemas';

export type { PendingWrapup } from '@contract/wrapups.schemas';

/** GET /api/tasks/due, /api/tasks/mine and /api/tasks/by-customer/:id (issue #20.7). */
export type { DueTaskView as DueTask, OpenTaskView as OpenTask } from '@contract/tasks.schemas';

export type { DispositionView as Disposition, RefusalReasonView as RefusalReason } from '@contract/wrapups.schemas';

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
export type { WrapupBody as WrapupRequest } from '@contract/wrapups.schemas';

/** GET /api/products */
export type { ProductView as Product, SearchQuery as CustomerListQuery } from '@contract/customers.schemas';

/** GET /api/customers[/:id] as the console's cards show it (customer-adapter.ts maps the server's view). */
export type { Customer } from './customer-adapter';

export type { CaseView, InteractionView, PurchaseView as Purchase, TimelineItem } from '@contract/customer-activity.schemas';

/** GET /api/supervision/snapshot (and the supervision:snapshot socket command). */
export type { SupervisionSnapshotView as SupervisionSnapshot } from '@contract/supervision.schemas';

/** GET /api/lead-sources */
export type { LeadSourceView as LeadSource } from '@contract/customers.schemas';

// Segment rules and campaign bodies are the server's TypeBox types (type-only imports, nothing is bundled).
export type { SegmentRule, SegmentCondition } from '@contract/segment-rules';
export type { CampaignBody, CampaignPatch, CallingWindow, RetryMinutes, CampaignStatus } from '@contract/campaigns.schemas';

/** GET /api/segments, /api/segments/:id/preview */
export type { SegmentView as Segment, SegmentMemberView as SegmentMember, PreviewReply as SegmentPreview } from '@contract/segments.schemas';

/** GET /api/campaigns, /api/campaigns/:id/progress, /api/campaigns/preview/next and /api/campaigns/attempts/:id/card */
export type { CampaignView as Campaign, ProgressView as CampaignProgress, PreviewCard, PreviewIdle } from '@contract/campaigns.schemas';

/** GET /api/campaigns/agents: who a campaign manager may assign. */
export type { CampaignAgentView as CampaignAgent } from '@contract/campaigns.schemas';
