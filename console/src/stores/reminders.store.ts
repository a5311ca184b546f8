import { defineStore } from 'pinia';
import { api } from '../api/endpoints';
import type { DueTask, ServerToClientEvents } from '../api/types';

interface State { byId: Record<number, DueTask>; unseen: number[]; done: number[] }

export type TaskDuePush = Parameters<ServerToClientEvents['task:due']>[0];

export const useRemindersStore = defineStore('reminders', {
  state: (): State => ({ byId: {}, unseen: [], done: [] }),
  getters: {
    items: (s): DueTask[] => Object.values(s.byId).sort((a, b) => a.dueAt.localeCompare(b.dueAt)),
    badge: (s): number => s.unseen.length,
  },
  actions: {
    /** task:due push. Returns true when the task is new (the caller shows a toast once, not on repeats). */
    add(push: TaskDuePush): boolean {
      if (this.done.includes(push.taskId)) return false;
      const known = this.byId[push.taskId];
      this.byId[push.taskId] = {
        overdue: false, phone: null, campaignId: null, customerName: null, ...known,
        id: push.taskId, customerId: push.customerId, kind: push.kind, dueAt: push.dueAt, note: push.note,
      };
      if (known) return false;
      this.unseen = [...this.unseen, push.taskId];
      return true;
    },
    async load(): Promise<void> {
      try {
        const items = await api.dueTasks();
        const next: Record<number, DueTask> = {};
        for (const t of items) if (!this.done.includes(t.id)) next[t.id] = t;
        this.byId = next;
        this.unseen = this.unseen.filter((id) => id in next);
      } catch {
        // keep what we have; the next reconnect refetches
      }
    },
    markSeen(): void {
      this.unseen = [];
    },
    async complete(id: number): Promise<void> {
      await api.taskDone(id);
      this.done = [...this.done, id];
      delete this.byId[id];
      this.unseen = this.unseen.filter((x) => x !== id);
    },
    clear(): void {
      this.$reset();
    },
  },
});
