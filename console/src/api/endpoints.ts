import { getOrNull, http, withQuery } from './http';
import { toCustomer } from './customer-adapter';
import type { CreateListItemBody, ListItem, ListName, ListsReply, UpdateListItemBody } from '@contract/lists.schemas';
import type { CustomerView, LeadSourceView, SearchReply } from '@contract/customers.schemas';
import type { CreateLeadSourceBody, LeadSourceCostView, UpdateLeadSourceBody } from '@contract/lead-sources.schemas';
import type { CallIdReply, QueuesWaitingView, TransferBody, TransferTargetsView } from '@contract/agents.schemas';
import type { AuditListReply, AuditQuery } from '@contract/audit.schemas';
import type { OriginateReply } from '@contract/calls.schemas';
import type { CreateInteractionBody, TimelineReply } from '@contract/customer-activity.schemas';
import type { AnalyticalReportName, AnalyticalReportViews, OperationalReportView } from '@contract/reports.schemas';
import type { RefitQueuedReply } from '@contract/offers.schemas';
import type { SegmentBody, SegmentPatch } from '@contract/segments.schemas';
import type { DialReply, PreviewNextReply, SkipReply } from '@contract/campaigns.schemas';
import type { WrapupReply } from '@contract/wrapups.schemas';
import type { SpySessionReply, SpyStopReply } from '@contract/supervision.schemas';
import type { SettingsPatch, SettingsView } from '@contract/settings.schemas';
import type { CustomerImportView } from '@contract/customer-imports.schemas';
import type { CreateQueueBody, QueueListReply, QueueView, UpdateQueueBody } from '@contract/queues.schemas';
import type {
  AdminUserView, CreateUserBody, ResetPasswordReply, SipSecretReply, UpdateUserBody, UserChangeReply, UserListQuery, UserListReply,
} from '@contract/users.schemas';
import type {
  Campaign, CampaignAgent, CampaignBody, CampaignPatch, CampaignProgress, PacingView, CaseView, CustomerListQuery, Disposition, RefusalReason, DueTask, LeadSource, LoginReply, RecordingLinkReply,
  CurrentCall, InteractionView, MyAgentState, OpenTask, PendingWrapup, PauseReason, PreviewCard, Product, Purchase, Segment, SegmentPreview, SegmentRule, SipCredentials, SupervisionSnapshot, TimelineItem, User,
  WrapupRequest, OfferBody, OfferPatch, OfferView, PopOffer,
} from './types';

/** A row of GET /api/audit; an admin change's details are { before, after }. */
export type { AuditRowView as AuditRow } from '@contract/audit.schemas';

// Every endpoint the console calls, in one place, so the server side can match the list. Every reply and body type
// is the contract's (@contract: the routes' TypeBox schemas); tests/unit/architecture/console-rest-types.test.ts
// fails on a shape written here by hand.
export const api = {
  login: (username: string, password: string) => http.post<LoginReply>('/api/auth/login', { username, password }),
  me: () => http.get<User>('/api/auth/me'),
  sip: () => http.get<SipCredentials>('/api/auth/sip'),
  saveLocale: (locale: string) => http.patch<User>('/api/auth/me', { locale }),

  myState: () => http.get<MyAgentState>('/api/agents/me/state'),
  myCall: () => http.get<CurrentCall>('/api/agents/me/call'),
  hangupMyCall: () => http.post<CallIdReply>('/api/agents/me/call/hangup'),
  transferMyCall: (body: TransferBody) => http.post<CallIdReply>('/api/agents/me/call/transfer', body),
  completeTransfer: () => http.post<CallIdReply>('/api/agents/me/call/transfer/complete'),
  cancelTransfer: () => http.post<CallIdReply>('/api/agents/me/call/transfer/cancel'),
  sendDtmf: (digits: string) => http.post<CallIdReply>('/api/agents/me/call/dtmf', { digits }),
  transferTargets: () => http.get<TransferTargetsView>('/api/agents/transfer-targets'),
  queuesWaiting: () => http.get<QueuesWaitingView>('/api/agents/me/queues-waiting'),
  pendingWrapups: () => http.get<PendingWrapup[]>('/api/wrapups/pending'),
  pauseReasons: async () => (await getOrNull<PauseReason[]>('/api/pause-reasons')) ?? [],
  products: async () => (await getOrNull<Product[]>('/api/products')) ?? [],
  dispositions: async () => (await getOrNull<Disposition[]>('/api/dispositions')) ?? [],
  refusalReasons: async () => (await getOrNull<RefusalReason[]>('/api/refusal-reasons')) ?? [],
  lists: () => http.get<ListsReply>('/api/lists'),
  createListItem: (list: ListName, body: CreateListItemBody) => http.post<ListItem>(`/api/lists/${list}`, body),
  updateListItem: (list: ListName, code: string, body: UpdateListItemBody) => http.patch<ListItem>(`/api/lists/${list}/${encodeURIComponent(code)}`, body),
  deleteListItem: (list: ListName, code: string) => http.del<null>(`/api/lists/${list}/${encodeURIComponent(code)}`),
  reorderList: (list: ListName, codes: string[]) => http.put<ListItem[]>(`/api/lists/${list}/order`, { codes }),

  originate: (number: string, customerId: number | null, taskId: number | null) =>
    http.post<OriginateReply>('/api/calls/originate', { number, customerId, taskId }),
  recordingLink: (callId: number) => http.post<RecordingLinkReply>('/api/auth/recording-link', { callId }),
  logout: () => http.post<null>('/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) => http.post<AdminUserView>('/api/auth/password', { currentPassword, newPassword }),

  users: (query: UserListQuery = {}) => http.get<UserListReply>('/api/users', { ...query }),
  createUser: (body: CreateUserBody) => http.post<UserChangeReply>('/api/users', body),
  updateUser: (id: number, body: UpdateUserBody) => http.patch<UserChangeReply>(`/api/users/${id}`, body),
  resetPassword: (id: number) => http.post<ResetPasswordReply>(`/api/users/${id}/password`, {}),
  uploadCustomerImport: (file: File) => http.upload<CustomerImportView>(`/api/customer-imports?name=${encodeURIComponent(file.name)}`, file, 'text/csv'),
  customerImports: () => http.get<CustomerImportView[]>('/api/customer-imports'),
  customerImport: (id: number) => http.get<CustomerImportView>(`/api/customer-imports/${id}`),
  startCustomerImport: (id: number, skipInvalid: boolean) => http.post<CustomerImportView>(`/api/customer-imports/${id}/import`, { skipInvalid }),
  settings: () => http.get<SettingsView>('/api/settings'),
  saveSettings: (patch: SettingsPatch) => http.patch<SettingsView>('/api/settings', patch),
  queues: () => http.get<QueueListReply>('/api/queues'),
  createQueue: (body: CreateQueueBody) => http.post<QueueView>('/api/queues', body),
  updateQueue: (id: number, body: UpdateQueueBody) => http.patch<QueueView>(`/api/queues/${id}`, body),
  putQueueMember: (id: number, userId: number, penalty: number) => http.put<QueueView>(`/api/queues/${id}/members/${userId}`, { penalty }),
  removeQueueMember: (id: number, userId: number) => http.del<QueueView>(`/api/queues/${id}/members/${userId}`),
  rotateSip: (id: number) => http.post<SipSecretReply>(`/api/users/${id}/sip`),
  audit: (query: AuditQuery) => http.get<AuditListReply>('/api/audit', query),

  submitWrapup: (body: WrapupRequest) => http.post<WrapupReply>('/api/wrapups', body),

  customers: async (query: CustomerListQuery) => {
    const page = await http.get<SearchReply>('/api/customers', { ...query });
    return { ...page, items: page.items.map(toCustomer) };
  },
  customer: async (id: number) => toCustomer(await http.get<CustomerView>(`/api/customers/${id}`)),
  createCustomer: async (fullName: string, number: string, linkCallId: number | null) =>
    toCustomer(await http.post<CustomerView>('/api/customers', { fullName, phones: [{ number }], linkCallId })),
  linkCallToCustomer: (callId: number, customerId: number) => http.post<null>(`/api/calls/${callId}/customer`, { customerId }),
  timeline: async (id: number, channels: string[], from: string, to: string) =>
    (await getOrNull<TimelineReply>(`/api/customers/${id}/timeline`, { channel: channels, from, to }))?.items ?? [],
  cases: async (id: number) => (await getOrNull<CaseView[]>(`/api/customers/${id}/cases`)) ?? [],
  purchases: async (id: number) => (await getOrNull<Purchase[]>(`/api/customers/${id}/purchases`)) ?? [],
  addInteraction: (id: number, body: CreateInteractionBody) =>
    http.post<InteractionView>(`/api/customers/${id}/interactions`, body),

  dueTasks: async () => (await getOrNull<DueTask[]>('/api/tasks/due')) ?? [],
  myTasks: (when: 'all' | 'overdue' | 'upcoming', kind: string) => http.get<OpenTask[]>('/api/tasks/mine', { when, ...(kind ? { kind } : {}) }),
  customerTasks: (customerId: number) => http.get<OpenTask[]>(`/api/tasks/by-customer/${customerId}`),
  taskDone: (id: number) => http.post<null>(`/api/tasks/${id}/done`),

  supervisionSnapshot: () => getOrNull<SupervisionSnapshot>('/api/supervision/snapshot'),
  spySession: () => http.get<SpySessionReply>('/api/supervision/session'),
  stopSpy: () => http.post<SpyStopReply>('/api/supervision/stop'),
  operationalReport: (query: Record<string, string>) => getOrNull<OperationalReportView>('/api/reports/operational', query),
  offers: () => http.get<OfferView[]>('/api/offers'),
  createOffer: (body: OfferBody) => http.post<OfferView>('/api/offers', body),
  updateOffer: (id: number, body: OfferPatch) => http.patch<OfferView>(`/api/offers/${id}`, body),
  refitOffers: () => http.post<RefitQueuedReply>('/api/offers/refit'),
  customerOffers: (customerId: number) => http.get<PopOffer[]>(`/api/customers/${customerId}/offers`),
  analyticalReport: <N extends AnalyticalReportName>(name: N, query: Record<string, string>) =>
    getOrNull<AnalyticalReportViews[N]>(`/api/reports/analytical/${name}`, query),
  reportCsvUrl: (path: string, query: Record<string, string>) => withQuery(path, { ...query, format: 'csv' }),

  campaigns: async () => (await getOrNull<Campaign[]>('/api/campaigns')) ?? [],
  campaign: (id: number) => http.get<Campaign>(`/api/campaigns/${id}`),
  createCampaign: (body: CampaignBody) => http.post<Campaign>('/api/campaigns', body),
  updateCampaign: (id: number, body: CampaignPatch) => http.patch<Campaign>(`/api/campaigns/${id}`, body),
  campaignAction: (id: number, action: 'start' | 'pause' | 'stop') => http.post<Campaign>(`/api/campaigns/${id}/${action}`),
  campaignProgress: (id: number) => http.get<CampaignProgress>(`/api/campaigns/${id}/progress`),
  campaignPacing: (id: number) => http.get<PacingView>(`/api/campaigns/${id}/pacing`),
  leadSources: async () => (await getOrNull<LeadSource[]>('/api/lead-sources')) ?? [],
  allLeadSources: () => http.get<LeadSourceView[]>('/api/lead-sources?includeInactive=true'),
  createLeadSource: (body: CreateLeadSourceBody) => http.post<LeadSourceView>('/api/lead-sources', body),
  updateLeadSource: (id: number, body: UpdateLeadSourceBody) => http.patch<LeadSourceView>(`/api/lead-sources/${id}`, body),
  leadSourceCosts: (from: string, to: string) => http.get<LeadSourceCostView[]>(withQuery('/api/lead-sources/costs', { from, to })),
  setLeadSourceCost: (id: number, month: string, amount: string) => http.put<LeadSourceCostView>(`/api/lead-sources/${id}/costs/${month}`, { amount }),
  removeLeadSourceCost: (id: number, month: string) => http.del<null>(`/api/lead-sources/${id}/costs/${month}`),
  segments: async () => (await getOrNull<Segment[]>('/api/segments')) ?? [],
  createSegment: (body: SegmentBody) => http.post<Segment>('/api/segments', body),
  updateSegment: (id: number, body: SegmentPatch) => http.patch<Segment>(`/api/segments/${id}`, body),
  previewRules: (rules: SegmentRule, sampleSize = 10) => http.post<SegmentPreview>('/api/segments/preview', { rules, sampleSize }),
  segmentPreview: (segmentId: number) => http.get<SegmentPreview>(`/api/segments/${segmentId}/preview`, { sampleSize: 0 }),
  campaignAgents: () => http.get<CampaignAgent[]>('/api/campaigns/agents'),
  previewNext: () => http.get<PreviewNextReply>('/api/campaigns/preview/next'),
  previewDial: (attemptId: number) => http.post<DialReply>(`/api/campaigns/attempts/${attemptId}/dial`),
  previewSkip: (attemptId: number) => http.post<SkipReply>(`/api/campaigns/attempts/${attemptId}/skip`),
  attemptCard: (attemptId: number) => http.get<PreviewCard>(`/api/campaigns/attempts/${attemptId}/card`),
};
