import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useSpySessionStore, type SpySessionView } from '../../../console/src/stores/spy-session.store';

const session = (overrides: Partial<SpySessionView> = {}): SpySessionView => ({
  callId: 5, mode: 'listen', agentUserId: 7, agentName: 'Ada', customerNumber: '+12125550100', customerName: null,
  channel: 'PJSIP/1003-00000001', startedAt: '2026-12-06T08:00:00Z', ...overrides,
});

// supervision:session pushes may repeat or arrive late (house rule 9): the store must not be moved back by them.
describe('spy session store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('takes a session and clears it when that session\'s channel ends', () => {
    const sut = useSpySessionStore();
    sut.apply({ session: session(), endedChannel: null, seq: 1 });
    expect(sut.session?.callId).toBe(5);
    sut.apply({ session: null, endedChannel: 'PJSIP/1003-00000001', seq: 2 });
    expect(sut.session).toBeNull();
  });

  it('ignores an older or repeated push', () => {
    const sut = useSpySessionStore();
    sut.apply({ session: session(), endedChannel: null, seq: 5 });
    sut.apply({ session: null, endedChannel: 'PJSIP/1003-00000001', seq: 4 });
    sut.apply({ session: null, endedChannel: 'PJSIP/1003-00000001', seq: 5 });
    expect(sut.session?.channel).toBe('PJSIP/1003-00000001');
  });

  // Mutation caught: clearing on any end, whatever channel it names.
  it('keeps a newer session when the end of an earlier one comes late', () => {
    const sut = useSpySessionStore();
    sut.apply({ session: session({ channel: 'PJSIP/1003-00000002', mode: 'whisper' }), endedChannel: null, seq: 7 });
    sut.apply({ session: null, endedChannel: 'PJSIP/1003-00000001', seq: 8 });
    expect(sut.session).toMatchObject({ channel: 'PJSIP/1003-00000002', mode: 'whisper' });
  });
});
