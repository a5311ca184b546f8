import type { PopOffer } from './offers.schemas';

// The screen pop: pushed as `screen-pop` (wire-events.ts) and returned again by GET /api/agents/me/call.

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
