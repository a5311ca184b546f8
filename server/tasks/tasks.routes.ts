import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DueQuery, DueTaskView, MineQuery, OpenTaskView, TaskIdParams } from '@contract/tasks.schemas';
import { NoContent } from '@contract/http-replies';
import { AGENTS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import type { AppServices } from '../services';

export const tasksRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.get('/api/tasks/due', {
    schema: { tags: ['tasks'], querystring: DueQuery, response: { 200: Type.Array(DueTaskView) } },
    config: { roles: AGENTS },
  }, async (request) => services.tasks.due(currentUser(request).id, request.query.horizonMinutes));

  app.get('/api/tasks/mine', {
    schema: { tags: ['tasks'], querystring: MineQuery, response: { 200: Type.Array(OpenTaskView) } },
    config: { roles: AGENTS },
  }, async (request) => services.tasks.mine(currentUser(request).id, request.query.when, request.query.kind ?? null));

  app.get('/api/tasks/by-customer/:id', {
    schema: { tags: ['tasks'], params: TaskIdParams, response: { 200: Type.Array(OpenTaskView) } },
    config: { roles: AGENTS },
  }, async (request) => services.tasks.ofCustomer(request.params.id));

  app.post('/api/tasks/:id/done', {
    schema: { tags: ['tasks'], params: TaskIdParams, response: NoContent },
    config: { roles: AGENTS },
  }, async (request, reply) => {
    await services.tasks.done(currentUser(request), request.params.id);
    return reply.status(204).send(null);
  });
};
