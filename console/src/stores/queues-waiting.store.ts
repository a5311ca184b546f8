import { defineStore } from 'pinia';
import { api } from '../api/endpoints';

interface State { waiting: Record<string, number>; seq: Record<string, number> }

// Issue #20: the header's "calls waiting" counts callers queued (or being rung) in the operator's own queues, never
// pending wrap-ups. The snapshot (after every connect) says which queues are the operator's; pushes (queue:waiting,
// sent for every queue to every agent) update only those, and a late push (lower seq) changes nothing.
export const useQueuesWaitingStore = defineStore('queuesWaiting', {
  state: (): State => ({ waiting: {}, seq: {} }),
  getters: {
    total: (s) => Object.values(s.waiting).reduce((n, w) => n + w, 0),
  },
  actions: {
    async load(): Promise<void> {
      const view = await api.queuesWaiting().catch(() => null);
      if (!view) return;
      this.waiting = Object.fromEntries(view.queues.map((q) => [q.queue, q.waiting]));
      this.seq = {};
    },
    apply(change: { queue: string; waiting: number; seq: number }): void {
      if (!(change.queue in this.waiting) || (this.seq[change.queue] ?? -1) >= change.seq) return;
      this.waiting[change.queue] = change.waiting;
      this.seq[change.queue] = change.seq;
    },
  },
});
