import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { AppServices } from '../services';

const Component = Type.Object({ status: Type.Union([Type.Literal('up'), Type.Literal('down')]), detail: Type.Optional(Type.String()) });

export const healthRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.get('/health', {
    schema: {
      tags: ['health'],
      response: {
        200: Type.Object({ status: Type.String(), db: Component, redis: Component, jobs: Type.String(), pbx: Type.Array(Type.Object({ id: Type.String(), status: Type.String() })) }),
        503: Type.Object({ status: Type.String(), db: Component, redis: Component, jobs: Type.String(), pbx: Type.Array(Type.Object({ id: Type.String(), status: Type.String() })) }),
      },
    },
    config: { public: true },
  }, async (_request, reply) => {
    const db = await Promise.race([
      sql`SELECT 1`.execute(services.db).then(() => ({ status: 'up' as const })),
      new Promise<{ status: 'down'; detail: string }>((resolve) => setTimeout(() => resolve({ status: 'down', detail: 'timeout' }), 2000)),
    ]).catch((err: Error) => ({ status: 'down' as const, detail: err.message }));
    const jobsOk = await services.jobs.healthy();
    const redis = services.jobs.kind === 'bullmq'
      ? { status: jobsOk ? 'up' as const : 'down' as const }
      : { status: 'up' as const, detail: 'not configured: jobs run in-process' };
    const pbx = [...services.pbx.values()].map((p) => ({ id: p.pbxId, status: p.isConnected() ? 'connected' : 'disconnected' }));
    const healthy = db.status === 'up' && redis.status === 'up';
    return reply.status(healthy ? 200 : 503).send({
      status: healthy ? (pbx.every((p) => p.status === 'connected') ? 'ok' : 'degraded') : 'down',
      db, redis, jobs: services.jobs.kind, pbx,
    });
  });
};
