import { defineStore } from 'pinia';
import type { CallSummary } from '../api/types';
import { isNewer } from './seq-merge';

export type CallPush = CallSummary & { seq: number };

interface State { byId: Record<number, CallPush> }

export const useCallsStore = defineStore('calls', {
  state: (): State => ({ byId: {} }),
  getters: {
    all: (s): CallPush[] => Object.values(s.byId).sort((a, b) => b.startedAt.localeCompare(a.startedAt)),
    live(): CallPush[] {
      return this.all.filter((c) => c.status !== 'ended');
    },
  },
  actions: {
    /** Idempotent by callId + seq: a repeated or older push changes nothing and returns false. */
    upsert(call: CallPush): boolean {
      const previous = this.byId[call.callId];
      if (!isNewer(previous?.seq, call.seq)) return false;
      // An ended call never comes back to life, even if a late "answered" carries a higher seq from another node.
      if (previous?.status === 'ended' && call.status !== 'ended') return false;
      this.byId[call.callId] = call;
      return true;
    },
    replaceAll(calls: CallSummary[]): void {
      const next: Record<number, CallPush> = {};
      for (const c of calls) next[c.callId] = { ...c, seq: 0 };
      this.byId = next;
    },
    forUser(userId: number): CallPush[] {
      return this.all.filter((c) => c.agentUserId === userId);
    },
    clear(): void {
      this.byId = {};
    },
  },
});
