import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { LeadSourceView } from '@contract/customers.schemas';
import {
  CreateLeadSourceBody, LeadSourceCostParams, LeadSourceCostsQuery, LeadSourceCostView, LeadSourceParams, LeadSourcesQuery, SetLeadSourceCostBody, UpdateLeadSourceBody,
} from '@contract/lead-sources.schemas';
import { NoContent } from '@contract/http-replies';
import { ADMINS, AGENTS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import type { AppServices } from '../services';

// Lead sources (issue #21): agents read the active ones (customer forms, segment filters); admins see all and edit.
export const leadSourcesRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  const actor = (request: FastifyRequest) => ({ id: currentUser(request).id, ip: request.ip });
  const tags = ['lead-sources'];

  app.get('/api/lead-sources', {
    schema: { tags, querystring: LeadSourcesQuery, response: { 200: Type.Array(LeadSourceView) } },
    config: { roles: AGENTS },
  }, async (request) => services.leadSources.list(request.query.includeInactive ?? false));

  app.post('/api/lead-sources', {
    schema: { tags, body: CreateLeadSourceBody, response: { 201: LeadSourceView } },
    config: { roles: ADMINS },
  }, async (request, reply) => reply.code(201).send(await services.leadSources.create(request.body, actor(request))));

  // Monthly advertising costs (the analytical lead-sources report's `cost`): admins enter them, per source and month.
  app.get('/api/lead-sources/costs', {
    schema: { tags, querystring: LeadSourceCostsQuery, response: { 200: Type.Array(LeadSourceCostView) } },
    config: { roles: ADMINS },
  }, async (request) => services.leadSources.costs(request.query));

  app.put('/api/lead-sources/:id/costs/:month', {
    schema: { tags, params: LeadSourceCostParams, body: SetLeadSourceCostBody, response: { 200: LeadSourceCostView } },
    config: { roles: ADMINS },
  }, async (request) => services.leadSources.setCost(request.params.id, request.params.month, request.body.amount, actor(request)));

  app.delete('/api/lead-sources/:id/costs/:month', {
    schema: { tags, params: LeadSourceCostParams, response: NoContent },
    config: { roles: ADMINS },
  }, async (request, reply) => {
    await services.leadSources.removeCost(request.params.id, request.params.month, actor(request));
    return reply.code(204).send(null);
  });

  app.patch('/api/lead-sources/:id', {
    schema: { tags, params: LeadSourceParams, body: UpdateLeadSourceBody, response: { 200: LeadSourceView } },
    config: { roles: ADMINS },
  }, async (request) => services.leadSources.update(request.params.id, request.body, actor(request)));
};
