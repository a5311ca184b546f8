import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  CreateQueueBody, QueueIdParams, QueueListReply, QueueMemberBody, QueueMemberParams, QueueView, UpdateQueueBody,
} from '@contract/queues.schemas';
import { ADMINS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import type { AppServices } from '../services';

// Queue administration (issue #21), admin only.
export const queuesRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  const actor = (request: FastifyRequest) => ({ id: currentUser(request).id, ip: request.ip });
  const tags = ['queues'];

  app.get('/api/queues', {
    schema: { tags, response: { 200: QueueListReply } },
    config: { roles: ADMINS },
  }, async () => ({ queues: await services.queues.list() }));

  app.post('/api/queues', {
    schema: { tags, body: CreateQueueBody, response: { 201: QueueView } },
    config: { roles: ADMINS },
  }, async (request, reply) => reply.code(201).send(await services.queues.create(request.body, actor(request))));

  app.patch('/api/queues/:id', {
    schema: { tags, params: QueueIdParams, body: UpdateQueueBody, response: { 200: QueueView } },
    config: { roles: ADMINS },
  }, async (request) => services.queues.update(request.params.id, request.body, actor(request)));

  app.put('/api/queues/:id/members/:userId', {
    schema: { tags, params: QueueMemberParams, body: QueueMemberBody, response: { 200: QueueView } },
    config: { roles: ADMINS },
  }, async (request) => services.queues.putMember(request.params.id, request.params.userId, request.body.penalty, actor(request)));

  app.delete('/api/queues/:id/members/:userId', {
    schema: { tags, params: QueueMemberParams, response: { 200: QueueView } },
    config: { roles: ADMINS },
  }, async (request) => services.queues.removeMember(request.params.id, request.params.userId, actor(request)));
};
