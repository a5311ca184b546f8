import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LivenessView, ReadinessView } from '@contract/health.schemas';
import type { AppServices } from '../services';


// Three probes (docs/OPERATIONS.md, "Health"):
//   /health/live   the process answers HTTP. Nothing else: a liveness probe that checked the database would have
//                  every node restarted during a database outage the server is built to ride out.
//   /health/ready  can this node serve: database and Redis answer (503 otherwise, so a load balancer sends traffic
//                  elsewhere). The PBX links are reported, and a disconnected one only makes it 'degraded' (200):
//                  every node shares the PBX, and agents can still work their customers while it is away.
//   /health        the same answer as /health/ready, as before the split.
export const healthRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  const startedAt = Date.now();
  app.get('/health/live', {
    schema: { tags: ['health'], response: { 200: LivenessView } },
    config: { public: true },
  }, async () => ({ status: 'up' as const, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }));

  const readiness = async (_request: unknown, reply: import('fastify').FastifyReply) => {
    // Both checks are bounded and run side by side, so readiness answers within about 2 s whatever is down.
    const [db, jobsOk] = await Promise.all([
      // Reachability on a connection of its own (database.ts probe): a pool busy with a backlog is not a down database.
      services.dbHandle.probe(2000)
        .then(() => ({ status: 'up' as const }), (err: Error) => ({ status: 'down' as const, detail: err.message })),
      services.jobs.healthy(),
    ]);
    const redis = services.jobs.kind === 'bullmq'
      ? (jobsOk ? { status: 'up' as const } : { status: 'down' as const, detail: 'redis down' })
      : { status: 'up' as const, detail: 'not configured: jobs run in-process' };
    const pbx = [...services.pbx.values()].map((p) => ({ id: p.pbxId, status: p.isConnected() ? 'connected' : 'disconnected' }));
    const healthy = db.status === 'up' && redis.status === 'up';
    return reply.status(healthy ? 200 : 503).send({
      status: healthy ? (pbx.every((p) => p.status === 'connected') ? 'ok' : 'degraded') : 'down',
      db, redis, jobs: services.jobs.kind, pbx, ingest: { backlog: services.calls.backlog, lagMs: Math.round(services.calls.lagMs) },
    });
  };
  const schema = { tags: ['health'], response: { 200: ReadinessView, 503: ReadinessView } };
  app.get('/health/ready', { schema, config: { public: true } }, readiness);
  app.get('/health', { schema, config: { public: true } }, readiness);
};
