import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useCallsStore, type CallPush } from '../../../console/src/stores/calls.store';
import { usePopStore } from '../../../console/src/stores/pop.store';
import type { ScreenPopPayload } from '@contract/wire-events';

function call(overrides: Partial<CallPush> = {}): CallPush {
  return {
    callId: 1, pbxId: 'pbx', linkedid: 'l1', direction: 'inbound', status: 'queued', outcome: null, callerNumber: '+97699112233',
    callerName: null, calledNumber: null, queue: 'support', agentUserId: 7, customerId: null, campaignAttemptId: null,
    startedAt: '2024-03-05T10:00:00Z', queuedAt: null, offeredAt: null, answeredAt: null, endedAt: null, onHold: false,
    recordingPath: null, seq: 10, ...overrides,
  };
}

function pop(overrides: Partial<ScreenPopPayload> = {}): ScreenPopPayload {
  return {
    callId: 1, linkedid: 'l1', callerNumber: '+97699112233', callerNumberRaw: '99112233', queue: 'support', direction: 'inbound',
    offeredAt: '2024-03-05T10:00:00Z', match: 'unknown', customer: null, candidates: [], openCases: [], recentInteractions: [],
    products: [], totalSpend: '0', lastMood: null, pendingTasks: [], campaign: null, offers: [], ...overrides,
  };
}

describe('calls store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('applies newer pushes and ignores repeated or older ones', () => {
    const sut = useCallsStore();
    expect(sut.upsert(call({ seq: 10, status: 'queued' }))).toBe(true);
    expect(sut.upsert(call({ seq: 12, status: 'answered' }))).toBe(true);
    expect(sut.upsert(call({ seq: 11, status: 'offered' }))).toBe(false);
    expect(sut.upsert(call({ seq: 12, status: 'answered' }))).toBe(false);
    expect(sut.byId[1]?.status).toBe('answered');
  });

  it('never revives an ended call', () => {
    const sut = useCallsStore();
    sut.upsert(call({ seq: 5, status: 'ended' }));
    expect(sut.upsert(call({ seq: 6, status: 'answered' }))).toBe(false);
    expect(sut.live).toHaveLength(0);
  });

  it('lets a snapshot replace state and later pushes win over it', () => {
    const sut = useCallsStore();
    sut.upsert(call({ callId: 2, seq: 99 }));
    sut.replaceAll([call({ callId: 1, status: 'answered' })]);
    expect(Object.keys(sut.byId)).toEqual(['1']);
    expect(sut.upsert(call({ callId: 1, seq: 1, status: 'ended' }))).toBe(true);
    expect(sut.forUser(7).map((c) => c.status)).toEqual(['ended']);
  });
});

describe('pop store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('shows a pop, refreshes it on repeat, and ignores a late pop for an older call', () => {
    const sut = usePopStore();
    sut.show(pop({ callId: 1 }));
    sut.show(pop({ callId: 2 }));
    sut.show(pop({ callId: 1, match: 'matched' }));
    expect(sut.current?.callId).toBe(2);
    sut.show(pop({ callId: 2, lastMood: 'angry' }));
    expect(sut.current?.lastMood).toBe('angry');
  });

  it('does not bring back a dismissed pop', () => {
    const sut = usePopStore();
    sut.show(pop({ callId: 3 }));
    sut.dismiss();
    sut.show(pop({ callId: 3 }));
    expect(sut.current).toBeNull();
  });

  it('turns an unknown caller into a matched one after quick-create', () => {
    const sut = usePopStore();
    sut.show(pop({ callId: 4, match: 'ambiguous', candidates: [{ id: 1, fullName: 'A', company: null }] }));
    sut.resolveCustomer({
      id: 9, fullName: 'Bat-Erdene', company: null, email: null, region: null, tags: [], leadSource: null, birthday: null,
      customerSince: '2024-03-05', totalSpend: '0', doNotCall: false,
    });
    expect(sut.current?.match).toBe('matched');
    expect(sut.current?.customer?.fullName).toBe('Bat-Erdene');
    expect(sut.current?.candidates).toEqual([]);
  });
});
