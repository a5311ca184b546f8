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

  app.get('/api/tasks/mine', {
    schema: { tags: ['tasks'], querystring: Type.Object({
      when: Type.Union([Type.Literal('all'), Type.Literal('overdue'), Type.Literal('upcoming')], { default: 'all' }),
      kind: Type.Optional(Type.Union([Type.Literal('callback'), Type.Literal('follow_up')])),
    }, { additionalProperties: false }) },
    config: { roles: AGENTS },
  }, async (request) => services.tasks.mine(currentUser(request).id, request.query.when, request.query.kind ?? null));

  app.get('/api/tasks/by-customer/:id', {
    schema: { tags: ['tasks'], params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) },
    config: { roles: AGENTS },
  }, async (request) => services.tasks.ofCustomer(request.params.id));

  app.post('/api/tasks/:id/done', {
    schema: { tags: ['tasks'], params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) },
    config: { roles: AGENTS },
  }, async (request, reply) => {
    await services.tasks.done(currentUser(request), request.params.id);
    return reply.status(204).send();
  });
};
