import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { useCallsStore, type CallPush } from '../../../console/src/stores/calls.store';
import { useAgentStore } from '../../../console/src/stores/agent.store';
import { useSoftphoneStore } from '../../../console/src/stores/softphone.store';
import { stopSoftphone, wireSoftphone } from '../../../console/src/softphone/softphone-service';
import { LoopbackSoftphone } from '../../../console/src/softphone/loopback-softphone';
import { usePopStore } from '../../../console/src/stores/pop.store';
import type { User } from '../../../console/src/api/types';
import type { ScreenPopPayload } from '@contract/wire-events';

// The attended-transfer flake of tests/e2e/shift-transfer.test.ts: after Complete, the target agent is on_call for
// the transferred call while its phone still holds the consultation. When the agent:state push came before the
// consultation's end (call:updated), the phone never attached the transferred call: no Hang up for 30 s.
const ME = 2;
const CONSULT = 11;
const CUSTOMER = 10;
let seq = 100;
let clock = Date.parse('2026-12-06T02:00:00Z');

function call(overrides: Partial<CallPush>): CallPush {
  return {
    callId: CUSTOMER, pbxId: 'pbx', linkedid: `l${overrides.callId ?? CUSTOMER}`, direction: 'inbound', status: 'answered', outcome: null,
    callerNumber: '+12125550111', callerName: null, calledNumber: null, queue: 'support', agentUserId: ME, customerId: null,
    campaignAttemptId: null, startedAt: '2026-12-06T01:59:00Z', queuedAt: null, offeredAt: null, answeredAt: '2026-12-06T01:59:10Z',
    endedAt: null, onHold: false, recordingPath: null, seq: ++seq, ...overrides,
  };
}
const agentState = (state: 'on_call' | 'ready' | 'wrapup', callId: number | null) => useAgentStore().apply({
  userId: ME, displayName: '', extension: '1002', state, reason: null, since: new Date(clock += 1000).toISOString(), callId, seq: ++seq,
});

async function consulting(sut: LoopbackSoftphone): Promise<void> {
  useCallsStore().upsert(call({ callId: CONSULT, direction: 'internal', status: 'offered', answeredAt: null }));
  await nextTick();
  await sut.answer();
  useCallsStore().upsert(call({ callId: CONSULT, direction: 'internal', status: 'answered' }));
  agentState('on_call', CONSULT);
  await nextTick();
  expect(useSoftphoneStore().activeCallId).toBe(CONSULT);
}

describe('softphone attach after an attended transfer', () => {
  let sut: LoopbackSoftphone;
  beforeEach(async () => {
    setActivePinia(createPinia());
    await stopSoftphone();
    sut = new LoopbackSoftphone(null, '1002');
    wireSoftphone(sut, { id: ME, role: 'operator', extension: '1002' } as User);
  });

  it('attaches the transferred call when the agent state arrives before the consultation ends', async () => {
    await consulting(sut);
    useCallsStore().upsert(call({ callId: CUSTOMER }));
    agentState('on_call', CUSTOMER);
    await nextTick();
    useCallsStore().upsert(call({ callId: CONSULT, direction: 'internal', status: 'ended', endedAt: '2026-12-06T02:00:05Z' }));
    await nextTick();
    await nextTick();
    const phone = useSoftphoneStore();
    expect({ inCall: phone.inCall, attached: phone.attached, activeCallId: phone.activeCallId }).toEqual({ inCall: true, attached: true, activeCallId: CUSTOMER });
  });

  it('does not ring the transferred call when its pop comes after it was attached', async () => {
    await consulting(sut);
    agentState('on_call', CUSTOMER);
    useCallsStore().upsert(call({ callId: CONSULT, direction: 'internal', status: 'ended', endedAt: '2026-12-06T02:00:05Z' }));
    await nextTick();
    await nextTick();
    expect(useSoftphoneStore().activeCallId).toBe(CUSTOMER);
    // The pop (call.transferred) before the call's own update: the call's status is not known here yet.
    usePopStore().show({ callId: CUSTOMER, linkedid: 'l10', callerNumber: '+12125550111', callerNumberRaw: '2125550111', queue: 'support',
      direction: 'inbound', offeredAt: '2026-12-06T01:59:05Z', match: 'unknown', customer: null, candidates: [], openCases: [],
      recentInteractions: [], products: [], totalSpend: '0', lastMood: null, pendingTasks: [], campaign: null, offers: [] } as ScreenPopPayload);
    await nextTick();
    expect(useSoftphoneStore().incoming).toBeNull();
    expect(useSoftphoneStore().inCall).toBe(true);
  });

  it('attaches it when the consultation ends first', async () => {
    await consulting(sut);
    useCallsStore().upsert(call({ callId: CONSULT, direction: 'internal', status: 'ended', endedAt: '2026-12-06T02:00:05Z' }));
    await nextTick();
    useCallsStore().upsert(call({ callId: CUSTOMER }));
    agentState('on_call', CUSTOMER);
    await nextTick();
    expect(useSoftphoneStore().activeCallId).toBe(CUSTOMER);
  });

  it('does not attach again a call this phone hung up while the server still says on_call', async () => {
    useCallsStore().upsert(call({ callId: CUSTOMER, status: 'offered', answeredAt: null }));
    await nextTick();
    await sut.answer();
    agentState('on_call', CUSTOMER);
    await nextTick();
    await sut.hangup();
    await nextTick();
    await nextTick();
    expect(useSoftphoneStore().inCall).toBe(false);
  });
});
