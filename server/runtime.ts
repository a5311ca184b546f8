import type { FastifyInstance } from 'fastify';
import type { AppServices } from './services';
import { startFanout } from './realtime/fanout';
import { startScreenPop } from './screenpop/screenpop.wiring';
import { startDialer } from './campaigns/campaigns.wiring';
import type { CampaignLeadership } from './campaigns/predictive-dialer.service';
import { startMetricSources } from './metrics/metric-sources';
import { startSipAccountSync } from './sip/sip-account-sync';
import { startQueueMemberSync } from './queues/queue-member-sync';
import { bounded } from './bounded';

/** How long one part may take to stop before shutdown goes on without it. */
const STOP_STEP_MS = 5_000;

// Background parts of a running node, shared by main.ts, the demo and the tests that need a whole server:
// event fanout to sockets, screen pop prefetch, agent state machine, report folding. Returns one stop function.
export function startRuntime(services: AppServices, app: FastifyInstance, opts: { campaignLeadership?: CampaignLeadership } = {}): () => Promise<void> {
  const stops: Array<() => void | Promise<void>> = [];
  // Settings read now and again on every change, on every node (migration 0070).
  stops.push(services.settings.start(services.dbHandle.sql));
  services.agents.start();
  stops.push(() => services.agents.stop());
  services.tasks.start();
  stops.push(() => services.tasks.stop());
  services.spySessions.start();
  stops.push(() => services.spySessions.stop());
  services.reportFolder.start();
  services.customerImports.start();
  stops.push(() => services.reportFolder.stop());
  // Call ids at hand before the first call rings (see CallIdAllocator); a failure only means the first calls'
  // pops wait for their INSERT.
  void services.callIds.prime();
  // The fanout is started with the subscribed screen pop (startFanout refuses it otherwise): the order in which
  // both handle call.offered.
  const screenPop = startScreenPop(services);
  stops.push(() => screenPop.stop());
  stops.push(startFanout(services.bus, app.gateway.io, { screenPop, queueStats: (queue) => services.supervision.queueStats(queue) }, services.log));
  stops.push(startDialer(services, opts.campaignLeadership));
  // Offer models refitted by a background job (one per period across nodes), customers rescored after each fit.
  stops.push(services.offerModels.start());
  stops.push(startMetricSources(services));
  // Agents' SIP accounts changed in Warmline reach the PBXs this node links to (migration 0032).
  const sipAccounts = startSipAccountSync({ sql: services.dbHandle.sql, bus: services.bus, pbx: services.pbx, log: services.log });
  stops.push(() => sipAccounts.stop());
  // Queue memberships changed in Warmline (or lost by a restarted Asterisk) reach the same PBXs (migration 0070).
  const queueMembers = startQueueMemberSync({ sql: services.dbHandle.sql, bus: services.bus, pbx: services.pbx, repo: services.queuesRepo, log: services.log });
  stops.push(() => queueMembers.stop());
  // Each part's stop is bounded: one waiting on a query that never settles (an UNLISTEN or a tick's query on a
  // connection that died while connecting, postgres.js upstream #1130) must not hold the node's shutdown for ever.
  return async () => {
    for (const stop of stops.reverse()) {
      await bounded(Promise.resolve().then(stop), STOP_STEP_MS)
        .catch((err: unknown) => services.log.warn({ err }, 'a background part did not stop cleanly; shutting down without it'));
    }
  };
}
