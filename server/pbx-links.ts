import type { AppServices } from './services';
import { startPbxLink, type PbxLink, type PbxLinkDeps } from './pbx/pbx-link';
import type { Cluster } from './cluster/cluster';
import type { PbxLeadership } from './cluster/pbx-leadership';
import { QueueLogRepository } from './pbx/queue-log';

// Starts one PBX link per configured PBX and registers its port for the domain services. With a cluster (REDIS_URL)
// each PBX's events are consumed by exactly one node, the holder of that PBX's leader lock (server/cluster).
export function startPbxLinks(services: AppServices, opts: { cluster?: Cluster } = {}): { links: PbxLink[]; leaderships: PbxLeadership[]; stop(): Promise<void> } {
  const queueLog = new QueueLogRepository(services.db);
  const depsFor = (): PbxLinkDeps => ({
    log: services.log,
    ingest: (e) => services.calls.ingest(e),
    backlog: () => services.calls.backlog,
    liveCalls: async (pbxId) => (await services.callsRepo.listLive(pbxId)).map((c) => ({ linkedid: c.linkedid, answered: c.answered_at !== null })),
    connectionChanged: (pbxId, connected) => services.bus.publish('pbx.connection_changed', { pbxId, connected }),
    // Asterisk writes queue_log into Warmline's database (pbx-config/res_pgsql.conf); one table for every PBX, whose
    // Uniqueids do not collide (each PBX has its own systemname in production).
    queueLog: (_pbxId, callids) => queueLog.rowsFor(callids),
  });
  const cluster = opts.cluster;
  if (cluster) {
    const leaderships = services.config.pbxs.map((pbx) => cluster.leadPbx(pbx, depsFor(), (link) => services.pbx.set(pbx.id, link.port)));
    return {
      get links() { return leaderships.map((l) => l.current()); },
      leaderships,
      async stop() {
        await Promise.all(leaderships.map((l) => l.stop()));
        for (const l of leaderships) services.pbx.delete(l.pbxId);
      },
    };
  }
  const links = services.config.pbxs.map((pbx) => {
    const link = startPbxLink(pbx, depsFor());
    services.pbx.set(pbx.id, link.port);
    return link;
  });
  return {
    links,
    leaderships: [],
    async stop() {
      await Promise.all(links.map((l) => l.stop()));
      for (const l of links) services.pbx.delete(l.pbxId);
    },
  };
}
