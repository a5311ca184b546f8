import { defineStore } from 'pinia';

export interface Toast { id: number; title: string; body: string; kind: 'info' | 'warning' | 'error'; action?: { label: string; run: () => void } }

let nextId = 1;

export const useToastsStore = defineStore('toasts', {
  state: () => ({ items: [] as Toast[] }),
  actions: {
    push(toast: Omit<Toast, 'id'>, ttlMs = 8000): number {
      const id = nextId++;
      this.items = [...this.items, { ...toast, id }].slice(-5);
      if (ttlMs > 0) setTimeout(() => this.dismiss(id), ttlMs);
      return id;
    },
    dismiss(id: number): void {
      this.items = this.items.filter((t) => t.id !== id);
    },
  },
});
