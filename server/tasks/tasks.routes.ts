import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AGENTS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import type { AppServices } from '../services';

export const tasksRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.get('/api/tasks/due', {
    schema: { tags: ['tasks'], querystring: Type.Object({ horizonMinutes: Type.Integer({ minimum: 0, maximum: 7 * 24 * 60, default: 60 }) }) },
    config: { roles: AGENTS },
  }, async (request) => services.tasks.due(currentUser(request).id, request.query.horizonMinutes));

  app.post('/api/tasks/:id/done', {
    schema: { tags: ['tasks'], params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) },
    config: { roles: AGENTS },
  }, async (request, reply) => {
    await services.tasks.done(currentUser(request), request.params.id);
    return reply.status(204).send();
  });
};
