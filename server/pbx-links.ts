import type { AppServices } from './services';
import { startPbxLink, type PbxLink } from './pbx/pbx-link';

// Starts one PBX link per configured PBX and registers its port for the domain services.
export function startPbxLinks(services: AppServices): { links: PbxLink[]; stop(): Promise<void> } {
  const links = services.config.pbxs.map((pbx) => {
    const link = startPbxLink(pbx, {
      log: services.log,
      ingest: (e) => services.calls.ingest(e),
      liveCalls: async (pbxId) => (await services.callsRepo.listLive(pbxId)).map((c) => ({ linkedid: c.linkedid, answered: c.answered_at !== null })),
      connectionChanged: (pbxId, connected) => services.bus.publish('pbx.connection_changed', { pbxId, connected }),
    });
    services.pbx.set(pbx.id, link.port);
    return link;
  });
  return {
    links,
    async stop() {
      await Promise.all(links.map((l) => l.stop()));
      for (const l of links) services.pbx.delete(l.pbxId);
    },
  };
}
