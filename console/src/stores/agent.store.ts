import { defineStore } from 'pinia';
import { api } from '../api/endpoints';
import type { AgentState, AgentStatusView, MyAgentState, PauseReason } from '../api/types';
import { sendCommand } from '../realtime/connection';
import { isNewer } from './seq-merge';

interface State {
  status: AgentStatusView | null;
  seq: number | undefined;
  wrapupDeadline: string | null;
  pauseReasons: PauseReason[];
  /** The state asked for and not yet confirmed by an agent:state push. */
  requested: AgentState | null;
  /** The last failure, kept raw: the component shows it in the user's language (forms/form-errors.ts). */
  error: unknown;
}

export const useAgentStore = defineStore('agent', {
  state: (): State => ({ status: null, seq: undefined, wrapupDeadline: null, pauseReasons: [], requested: null, error: null }),
  getters: {
    state: (s): AgentState => s.status?.state ?? 'offline',
    reason: (s): string | null => s.status?.reason ?? null,
  },
  actions: {
    /** agent:state push for this agent. Older or repeated pushes are dropped. */
    apply(push: AgentStatusView & { seq: number }): void {
      if (!isNewer(this.seq, push.seq)) return;
      // A push of a state older than the one shown (a snapshot read after it) is late, whatever its seq.
      if (this.status && Date.parse(push.since) < Date.parse(this.status.since)) return;
      this.seq = push.seq;
      // Fan-out pushes may omit the display name; keep the one we know.
      this.status = { ...push, displayName: push.displayName || this.status?.displayName || '' };
      if (this.requested === push.state) this.requested = null;
      if (push.state !== 'wrapup') this.wrapupDeadline = null;
    },
    /** The snapshot is authoritative after (re)connect: it replaces state but keeps any newer push's seq rule. */
    applySnapshot(snapshot: MyAgentState): void {
      // The snapshot is read when the socket connects, while the server may be restoring the agent (consoleBack): a
      // push of the restored state can arrive before the reply that was read before it. The state that started
      // later wins (since is the state's start in agent_state_log), or the console shows 'away' for ever.
      if (this.status && Date.parse(this.status.since) > Date.parse(snapshot.since)) return;
      // The state reply carries neither name nor extension (the session's user has them): keep the ones we know.
      this.status = {
        userId: snapshot.userId, displayName: this.status?.displayName ?? '', extension: this.status?.extension ?? null, state: snapshot.state,
        reason: snapshot.reason, since: snapshot.since, callId: snapshot.callId,
      };
      this.wrapupDeadline = snapshot.wrapupDeadline ?? null;
    },
    async refresh(): Promise<MyAgentState | null> {
      try {
        const snapshot = await api.myState();
        this.applySnapshot(snapshot);
        return snapshot;
      } catch {
        return null;
      }
    },
    async loadPauseReasons(): Promise<void> {
      try {
        this.pauseReasons = await api.pauseReasons();
      } catch {
        this.pauseReasons = [];
      }
    },
    /** Goes through the socket; the UI shows the server-confirmed state when agent:state arrives. */
    async setState(state: 'ready' | 'paused', reason?: string): Promise<void> {
      this.error = null;
      this.requested = state;
      try {
        await sendCommand('agent:set-state', reason ? { state, reason } : { state });
      } catch (err) {
        this.requested = null;
        this.error = err;
      }
    },
    clear(): void {
      this.$reset();
    },
  },
});
