import { defineStore } from 'pinia';
import type { AgentStatusView, SupervisionSnapshot } from '../api/types';
import { isNewer } from './seq-merge';

type QueueStats = { queue: string; seq: number; [k: string]: unknown };
type AgentPush = AgentStatusView & { seq: number };
export interface WallboardAlert { queue: string; kind: string; value: number; threshold: number; at: string }

interface State {
  queues: Record<string, QueueStats>;
  agents: Record<number, AgentPush>;
  alerts: WallboardAlert[];
  campaignProgress: Record<number, { campaignId: number; seq: number; [k: string]: unknown }>;
  loaded: boolean;
}

export const useWallboardStore = defineStore('wallboard', {
  state: (): State => ({ queues: {}, agents: {}, alerts: [], campaignProgress: {}, loaded: false }),
  actions: {
    applySnapshot(snapshot: SupervisionSnapshot | null): void {
      this.loaded = true;
      if (!snapshot) return;
      const queues: Record<string, QueueStats> = {};
      for (const q of snapshot.queues) queues[q.queue] = { ...q, seq: 0 };
      const agents: Record<number, AgentPush> = {};
      // An agent who never logged a state has no `since`; the wallboard shows no duration for an empty one.
      for (const a of snapshot.agents) agents[a.userId] = { ...a, since: a.since ?? '', seq: 0 };
      this.queues = queues;
      this.agents = agents;
    },
    applyQueue(stats: QueueStats): void {
      if (isNewer(this.queues[stats.queue]?.seq, stats.seq)) this.queues[stats.queue] = stats;
    },
    applyAgent(push: AgentPush): void {
      const prev = this.agents[push.userId];
      if (!isNewer(prev?.seq, push.seq)) return;
      this.agents[push.userId] = { ...push, displayName: push.displayName || prev?.displayName || `#${push.userId}` };
    },
    addAlert(alert: WallboardAlert): void {
      if (this.alerts.some((a) => a.queue === alert.queue && a.kind === alert.kind && a.at === alert.at)) return;
      this.alerts = [alert, ...this.alerts].slice(0, 20);
    },
    applyCampaign(progress: { campaignId: number; seq: number; [k: string]: unknown }): void {
      if (isNewer(this.campaignProgress[progress.campaignId]?.seq, progress.seq)) this.campaignProgress[progress.campaignId] = progress;
    },
    clear(): void {
      this.$reset();
    },
  },
});
