import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { NoContent } from '@contract/http-replies';
import { CreateListItemBody, ListItem, ListItemParams, ListParams, ListsReply, ReorderListBody, UpdateListItemBody } from '@contract/lists.schemas';
import { ADMINS, ANY_USER } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import type { AppServices } from '../services';

// Managed lists (issue #21): everyone reads them (the console labels codes with them), admins change them.
export const listsRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  const actor = (request: FastifyRequest) => ({ id: currentUser(request).id, ip: request.ip });
  const tags = ['lists'];

  app.get('/api/lists', {
    schema: { tags, response: { 200: ListsReply } },
    config: { roles: ANY_USER },
  }, async () => services.lists.all());

  app.post('/api/lists/:list', {
    schema: { tags, params: ListParams, body: CreateListItemBody, response: { 201: ListItem } },
    config: { roles: ADMINS },
  }, async (request, reply) => reply.code(201).send(await services.lists.create(request.params.list, request.body, actor(request))));

  app.patch('/api/lists/:list/:code', {
    schema: { tags, params: ListItemParams, body: UpdateListItemBody, response: { 200: ListItem } },
    config: { roles: ADMINS },
  }, async (request) => services.lists.update(request.params.list, request.params.code, request.body, actor(request)));

  app.delete('/api/lists/:list/:code', {
    schema: { tags, params: ListItemParams, response: NoContent },
    config: { roles: ADMINS },
  }, async (request, reply) => {
    await services.lists.remove(request.params.list, request.params.code, actor(request));
    return reply.code(204).send(null);
  });

  app.put('/api/lists/:list/order', {
    schema: { tags, params: ListParams, body: ReorderListBody, response: { 200: Type.Array(ListItem) } },
    config: { roles: ADMINS },
  }, async (request) => services.lists.reorder(request.params.list, request.body.codes, actor(request)));
};
