import { defineStore } from 'pinia';
import { api } from '../api/endpoints';
import { i18n } from '../i18n';
import type { ListItem, ListName, ListsReply } from '@contract/lists.schemas';

interface State { lists: ListsReply | null; loading: Promise<void> | null }

// Issue #21: the managed lists (dispositions, pause and refusal reasons, products) as the server has them now. Every
// place that shows one of their codes labels it here, so a label an admin renames shows everywhere at once:
// socket.ts reloads on lists:changed and after every reconnect.
export const useListsStore = defineStore('lists', {
  state: (): State => ({ lists: null, loading: null }),
  getters: {
    loaded: (s) => s.lists !== null,
  },
  actions: {
    async load(): Promise<void> {
      const run = api.lists().then((l) => { this.lists = l; }).catch(() => undefined);
      this.loading = run;
      await run;
    },
    /** Loads once (a view opened before the socket connected); later changes come through load(). */
    async ensure(): Promise<void> {
      if (this.lists) return;
      await (this.loading ?? this.load());
    },
    items(list: ListName): ListItem[] {
      return this.lists?.[list] ?? [];
    },
    /** What a picker offers: active items, in the admin's order. */
    active(list: ListName): ListItem[] {
      return this.items(list).filter((i) => i.active);
    },
    /**
     * A code as the user reads it: the label in the UI language, else the default label; `fallback` (what the
     * server sent with the record) while the lists are not loaded or for a code the list does not have.
     */
    label(list: ListName, code: string | null | undefined, fallback?: string | null): string {
      if (!code) return fallback ?? '';
      const item = this.items(list).find((i) => i.code === code);
      if (!item) return fallback ?? code;
      return item.labels[i18n.global.locale.value] || item.label;
    },
  },
});
