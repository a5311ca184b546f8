import { defineStore } from 'pinia';
import { api } from '../api/endpoints';
import type { QueueView } from '@contract/queues.schemas';

interface State { queues: QueueView[]; watching: number; /** raw failure, shown translated by the view */ error: unknown }

// Admin → Queues (issue #21): the queues and their members as the server has them now. Loaded while the screen is
// open; socket.ts calls changed() on queues:changed (any admin's change, or a user deactivated), so two admins'
// screens agree without a reload.
export const useQueuesAdminStore = defineStore('queues-admin', {
  state: (): State => ({ queues: [], watching: 0, error: null }),
  actions: {
    async load(): Promise<void> {
      try {
        this.queues = (await api.queues()).queues;
        this.error = null;
      } catch (err) {
        this.error = err;
      }
    },
    /** The screen opened (or closed: `watch(false)`); pushes reload only while one is open. */
    watch(open: boolean): void {
      this.watching = Math.max(0, this.watching + (open ? 1 : -1));
    },
    async changed(): Promise<void> {
      if (this.watching > 0) await this.load();
    },
    /** A reply of a change route is the queue as it is now. */
    replace(queue: QueueView): void {
      const i = this.queues.findIndex((q) => q.id === queue.id);
      if (i >= 0) this.queues.splice(i, 1, queue);
      else this.queues.push(queue);
    },
  },
});
