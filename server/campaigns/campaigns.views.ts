import type { Campaign } from './campaigns.repository';
import type { SegmentMember, SegmentRow } from '../segments/segments.repository';

// Wire shapes: Dates become ISO strings here, once, so the response schemas stay plain JSON.
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function campaignView(c: Campaign) {
  const { attemptsBuiltAt: _built, ...rest } = c;
  return { ...rest, startedAt: iso(c.startedAt), endedAt: iso(c.endedAt), createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() };
}

export function segmentView(s: SegmentRow) {
  return { ...s, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
}

export function memberView(m: SegmentMember) {
  return { ...m, lastContactAt: iso(m.lastContactAt) };
}

export function cardView<T extends { callbackAt: Date | null; customer: { lastContactAt: Date | null } }>(card: T) {
  return { ...card, callbackAt: iso(card.callbackAt), customer: { ...card.customer, lastContactAt: iso(card.customer.lastContactAt) } };
}
