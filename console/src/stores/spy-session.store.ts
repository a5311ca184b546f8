import { defineStore } from 'pinia';
import type { SpySessionView } from '@contract/supervision.schemas';
import { api } from '../api/endpoints';

export type { SpySessionView };

interface State {
  /** The supervisor's listen/whisper/barge session while their phone is on the spy leg (issue #20.9). */
  session: SpySessionView | null;
  seq: number;
}

// The server reads the session from the PBX (GET /api/supervision/session) and pushes its start and end
// (`supervision:session`); this store only shows it. No wrap-up: a spy session is no call.
export const useSpySessionStore = defineStore('spySession', {
  state: (): State => ({ session: null, seq: 0 }),
  actions: {
    /** Idempotent: an older push changes nothing, and an end names its channel so it never clears a newer session. */
    apply(change: { session: SpySessionView | null; endedChannel: string | null; seq: number }): void {
      if (change.seq <= this.seq) return;
      this.seq = change.seq;
      if (change.session) this.session = change.session;
      else if (change.endedChannel === null || this.session?.channel === change.endedChannel) this.session = null;
    },
    /** After a (re)connect or a reload: what the PBX runs now replaces what the console believed. */
    async load(): Promise<void> {
      const seq = this.seq;
      const { session } = await api.spySession();
      // A push that arrived meanwhile is newer than this read.
      if (this.seq === seq) this.session = session;
    },
    clear(): void {
      this.$reset();
    },
  },
});
