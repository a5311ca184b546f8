import { defineStore } from 'pinia';
import { api } from '../api/endpoints';
import type { PreviewCard, PreviewIdle } from '../api/types';

interface State {
  /** The preview card reserved for this operator (5 min on the server, renewed by every fetch). */
  card: PreviewCard | null;
  /** Cards of campaign calls by attempt id: the call in progress and its wrap-up show the offer and script. */
  byAttempt: Record<number, PreviewCard>;
  /** The attempt dialled from the preview card, until its call shows up in the calls store. */
  dialing: number | null;
  loading: boolean;
  /** The last failure, kept raw: the component shows it in the user's language (forms/form-errors.ts). */
  error: unknown;
  /** Why there is no card, when the server knows (issue #22.8: every customer due is outside their calling window). */
  idle: PreviewIdle | null;
}

// Only one fetch at a time: a second `next()` while one is in flight would just renew the same reservation.
let inflight: Promise<void> | null = null;

export const useOutboundStore = defineStore('outbound', {
  state: (): State => ({ card: null, byAttempt: {}, dialing: null, loading: false, error: null, idle: null }),
  actions: {
    /** GET /preview/next: the operator's reserved card, or the next one reserved now (null: nothing for them). */
    next(): Promise<void> {
      inflight ??= (async () => {
        this.loading = true;
        this.error = null;
        try {
          const { card, idle } = await api.previewNext();
          this.card = card;
          this.idle = card ? null : idle ?? null;
          if (card) this.byAttempt[card.attemptId] = card;
        } catch (err) {
          this.error = err;
        } finally {
          this.loading = false;
          inflight = null;
        }
      })();
      return inflight;
    },
    async dial(): Promise<boolean> {
      const card = this.card;
      if (!card) return false;
      this.loading = true;
      this.error = null;
      try {
        await api.previewDial(card.attemptId);
        // The card was read before this dial: during the call it is attempt dialCount + 1 (issue #20.9: "Attempt 0
        // of 3" during the first call).
        this.byAttempt[card.attemptId] = { ...card, dialCount: card.dialCount + 1 };
        this.dialing = card.attemptId;
        this.card = null;
        return true;
      } catch (err) {
        this.error = err;
        // A refused dial (DNC, outside the window, campaign paused) may have closed the attempt: show what is next.
        if (!/agent-busy/.test((err as { code?: string }).code ?? '')) await this.next();
        return false;
      } finally {
        this.loading = false;
      }
    },
    async skip(): Promise<void> {
      const card = this.card;
      if (!card) return;
      this.loading = true;
      this.error = null;
      try {
        await api.previewSkip(card.attemptId);
        this.card = null;
      } catch (err) {
        this.error = err;
      } finally {
        this.loading = false;
      }
      await this.next();
    },
    /** The card of a campaign call (progressive dials arrive without a preview): fetched once per attempt. */
    async cardFor(attemptId: number): Promise<PreviewCard | null> {
      const known = this.byAttempt[attemptId];
      if (known) return known;
      try {
        const card = await api.attemptCard(attemptId);
        this.byAttempt[attemptId] = card;
        return card;
      } catch {
        return null;
      }
    },
    callStarted(attemptId: number): void {
      if (this.dialing === attemptId) this.dialing = null;
    },
    clear(): void {
      inflight = null;
      this.$reset();
    },
  },
});
