import { defineStore } from 'pinia';
import { api } from '../api/endpoints';
import type { Campaign, CampaignBody, CampaignPatch, CampaignProgress, PacingView, Segment } from '../api/types';

export type CampaignAction = 'start' | 'pause' | 'stop';

/** The server's transitions (campaigns.service): start from draft|paused, pause from running, stop from any live state. */
const ALLOWED: Record<CampaignAction, readonly string[]> = {
  start: ['draft', 'paused'],
  pause: ['running'],
  stop: ['draft', 'running', 'paused'],
};

export function canDo(status: string, action: CampaignAction): boolean {
  return ALLOWED[action].includes(status);
}

interface State {
  campaigns: Record<number, Campaign>;
  progress: Record<number, CampaignProgress>;
  /** Predictive campaigns' live figures (GET /pacing, then `campaign:pacing` pushes about once a second). */
  pacing: Record<number, PacingView>;
  segments: Segment[];
  loaded: boolean;
}

// `campaign:progress` carries only {campaignId, seq}: a "changed" signal. Bursts (a tick touching many attempts)
// collapse into one refetch per campaign; timers and request counters live outside Pinia state.
const DEBOUNCE_MS = 300;
const timers = new Map<number, ReturnType<typeof setTimeout>>();
const requestSeq = new Map<number, number>();

export const useCampaignsStore = defineStore('campaigns', {
  state: (): State => ({ campaigns: {}, progress: {}, pacing: {}, segments: [], loaded: false }),
  getters: {
    list: (s): Campaign[] => Object.values(s.campaigns).sort((a, b) => b.priority - a.priority || b.id - a.id),
  },
  actions: {
    /** Snapshot: on opening the screen and after every socket reconnect (pushes may have been missed). */
    async load(): Promise<void> {
      const [campaigns, segments] = await Promise.all([api.campaigns(), api.segments()]);
      this.campaigns = Object.fromEntries(campaigns.map((c) => [c.id, c]));
      this.segments = segments;
      this.loaded = true;
      await Promise.all(campaigns.map((c) => this.fetchProgress(c.id)));
      await Promise.all(campaigns.filter((c) => c.mode === 'predictive' && c.status === 'running').map(async (c) => {
        const view = await api.campaignPacing(c.id).catch(() => null);
        if (view) this.pacingPushed(view);
      }));
    },
    /** Socket handler (and snapshot): the newest figures win, compared by their time; repeats change nothing. */
    pacingPushed(view: PacingView): void {
      const current = this.pacing[view.campaignId];
      if (current && Date.parse(current.at) > Date.parse(view.at)) return;
      this.pacing[view.campaignId] = view;
    },
    /** Reconnect hook: only refetch what the screen has already shown. */
    async refresh(): Promise<void> {
      if (this.loaded) await this.load().catch(() => undefined);
    },
    async loadSegments(): Promise<void> {
      this.segments = await api.segments();
    },
    upsertSegment(segment: Segment): void {
      const i = this.segments.findIndex((s) => s.id === segment.id);
      if (i >= 0) this.segments[i] = segment;
      else this.segments = [...this.segments, segment];
    },
    /** Socket handler: idempotent, repeats and late pushes just schedule (at most) one more refetch. */
    progressChanged(campaignId: number): void {
      if (!this.loaded) return;
      clearTimeout(timers.get(campaignId));
      timers.set(campaignId, setTimeout(() => {
        timers.delete(campaignId);
        void this.fetchProgress(campaignId);
      }, DEBOUNCE_MS));
    },
    async fetchProgress(campaignId: number): Promise<void> {
      const mine = (requestSeq.get(campaignId) ?? 0) + 1;
      requestSeq.set(campaignId, mine);
      try {
        const p = await api.campaignProgress(campaignId);
        // A slower, older response must not overwrite a newer one.
        if (requestSeq.get(campaignId) !== mine) return;
        this.progress[campaignId] = p;
        const c = this.campaigns[campaignId];
        if (!c) {
          this.campaigns[campaignId] = await api.campaign(campaignId);
        } else if (c.status !== p.status) {
          // The tick completes campaigns on its own; progress carries the status, the rest comes with the row.
          this.campaigns[campaignId] = { ...c, status: p.status as Campaign['status'] };
        }
      } catch {
        // A deleted campaign or a transient failure: the next push or reconnect refetches.
      }
    },
    async act(campaignId: number, action: CampaignAction): Promise<Campaign> {
      const updated = await api.campaignAction(campaignId, action);
      this.campaigns[campaignId] = updated;
      await this.fetchProgress(campaignId);
      return updated;
    },
    async save(body: CampaignBody, id: number | null): Promise<Campaign> {
      const saved = id ? await api.updateCampaign(id, body satisfies CampaignPatch) : await api.createCampaign(body);
      this.campaigns[saved.id] = saved;
      await this.fetchProgress(saved.id);
      return saved;
    },
    clear(): void {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      this.$reset();
    },
  },
});
