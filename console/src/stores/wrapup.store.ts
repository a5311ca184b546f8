import { defineStore } from 'pinia';
import { api } from '../api/endpoints';
import type { Disposition, PendingWrapup, WrapupRequest } from '../api/types';
import { newClientKey } from './client-key';

interface State {
  /** Calls waiting for a wrap-up, oldest first; the form works on the first. */
  queue: number[];
  submitted: number[];
  /** One idempotency key per call, kept across retries so a resent POST cannot create a second wrap-up. */
  clientKeys: Record<number, string>;
  deadline: string | null;
  dispositions: Disposition[];
  submitting: boolean;
  /** The last failure, kept raw: the component shows it in the user's language (forms/form-errors.ts). */
  error: unknown;
  /** What the server says about each pending call (its customer's number and name), by call id. */
  info: Record<number, PendingWrapup>;
}

export const useWrapupStore = defineStore('wrapup', {
  state: (): State => ({ queue: [], submitted: [], clientKeys: {}, deadline: null, dispositions: [], submitting: false, error: null, info: {} }),
  getters: {
    currentCallId: (s): number | null => s.queue[0] ?? null,
    isOpen: (s): boolean => s.queue.length > 0,
  },
  actions: {
    /** Opens when a call of this agent ends (answered, failed or an outbound attempt); repeats are ignored. */
    openFor(callId: number): boolean {
      if (this.submitted.includes(callId) || this.queue.includes(callId)) return false;
      this.queue = [...this.queue, callId];
      this.clientKeys[callId] ??= newClientKey();
      return true;
    },
    /**
     * The server keeps the wrap-ups this agent owes (issue #20.2): after a reload or in a second tab they come back
     * from there, oldest first, ahead of any the browser opened itself.
     */
    async loadPending(): Promise<void> {
      try {
        const pending = await api.pendingWrapups();
        const ids = pending.map((p) => p.callId).filter((id) => !this.submitted.includes(id));
        for (const p of pending) this.info[p.callId] = p;
        for (const id of ids) this.clientKeys[id] ??= newClientKey();
        this.queue = [...ids, ...this.queue.filter((id) => !ids.includes(id))];
      } catch {
        // offline: keep what we have; the next reconnect asks again
      }
    },
    setDeadline(deadline: string | null): void {
      this.deadline = deadline;
    },
    async loadDispositions(): Promise<void> {
      if (this.dispositions.length) return;
      try {
        this.dispositions = await api.dispositions();
      } catch {
        this.dispositions = [];
      }
    },
    async submit(body: Omit<WrapupRequest, 'clientKey' | 'callId'>): Promise<boolean> {
      const callId = this.currentCallId;
      if (callId === null) return false;
      this.submitting = true;
      this.error = null;
      try {
        await api.submitWrapup({ ...body, callId, clientKey: this.clientKeys[callId] ?? newClientKey() });
        this.submitted = [...this.submitted, callId].slice(-50);
        this.queue = this.queue.filter((id) => id !== callId);
        if (!this.queue.length) this.deadline = null;
        return true;
      } catch (err) {
        this.error = err;
        return false;
      } finally {
        this.submitting = false;
      }
    },
    clear(): void {
      this.$reset();
    },
  },
});
