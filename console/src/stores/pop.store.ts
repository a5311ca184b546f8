import { defineStore } from 'pinia';
import type { ScreenPopCustomer, ScreenPopPayload } from '../api/types';

interface State {
  current: ScreenPopPayload | null;
  /** Pops already seen, newest first, so a late repeat of an old call's pop does not steal the panel. */
  seen: number[];
  dismissed: number[];
}

const KEEP = 20;

export const usePopStore = defineStore('pop', {
  state: (): State => ({ current: null, seen: [], dismissed: [] }),
  actions: {
    show(pop: ScreenPopPayload): void {
      if (this.dismissed.includes(pop.callId)) return;
      const isCurrent = this.current?.callId === pop.callId;
      const seenBefore = this.seen.includes(pop.callId);
      // A repeat for the call on screen refreshes it; a late pop for an older call is ignored.
      if (seenBefore && !isCurrent) return;
      this.current = pop;
      if (!seenBefore) this.seen = [pop.callId, ...this.seen].slice(0, KEEP);
    },
    /** Quick-create or candidate pick: the pop becomes a matched one without waiting for the server. */
    resolveCustomer(customer: ScreenPopCustomer): void {
      if (!this.current) return;
      this.current = {
        ...this.current,
        match: 'matched',
        customer: {
          id: customer.id, fullName: customer.fullName, company: customer.company ?? null, email: customer.email ?? null,
          region: customer.region ?? null, tags: customer.tags ?? [], leadSource: customer.leadSource ?? null,
          birthday: customer.birthday ?? null, customerSince: customer.customerSince, totalSpend: customer.totalSpend ?? '0',
          doNotCall: customer.doNotCall ?? false,
        },
        candidates: [],
      };
    },
    dismiss(): void {
      if (this.current) this.dismissed = [this.current.callId, ...this.dismissed].slice(0, KEEP);
      this.current = null;
    },
    clear(): void {
      this.current = null;
      this.seen = [];
      this.dismissed = [];
    },
  },
});
