import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useAgentStore } from '../../../console/src/stores/agent.store';
import type { MyAgentState } from '../../../console/src/api/types';

// The reconnect race of shift-missed-away: the console asks for its state when the socket connects, and the server
// restores the agent (paused 'away' -> ready) at the same moment. The reply may have been read before the restore
// and arrive after its push; the older state must not overwrite the newer one.

const snapshot = (state: MyAgentState['state'], reason: string | null, since: string): MyAgentState =>
  ({ userId: 7, displayName: 'Op', extension: '1001', state, reason, since, callId: null, wrapupDeadline: null } as MyAgentState);
const push = (state: MyAgentState['state'], reason: string | null, since: string, seq: number) =>
  ({ userId: 7, displayName: '', extension: '1001', state, reason, since, callId: null, seq });

describe('agent store ordering', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('keeps a pushed restore when the snapshot read before it arrives after it', () => {
    const sut = useAgentStore();
    sut.apply(push('ready', null, '2026-12-06T02:00:01.500Z', 100));
    sut.applySnapshot(snapshot('paused', 'away', '2026-12-06T01:59:50.000Z'));
    expect(sut.state).toBe('ready');
    expect(sut.reason).toBeNull();
  });

  it('takes a snapshot newer than the pushes it has', () => {
    const sut = useAgentStore();
    sut.apply(push('ready', null, '2026-12-06T02:00:01.500Z', 100));
    sut.applySnapshot(snapshot('paused', 'lunch', '2026-12-06T02:00:03.000Z'));
    expect(sut.reason).toBe('lunch');
  });

  it('drops a late push of a state older than the snapshot shown', () => {
    const sut = useAgentStore();
    sut.applySnapshot(snapshot('ready', null, '2026-12-06T02:00:01.500Z'));
    sut.apply(push('paused', 'away', '2026-12-06T01:59:50.000Z', 100));
    expect(sut.state).toBe('ready');
  });
});
