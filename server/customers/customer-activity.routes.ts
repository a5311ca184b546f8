import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AGENTS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import type { AppServices } from '../services';
import { IdParams } from '@contract/customers.schemas';
import {
  CaseDetailView, CaseParams, CaseView, CreateCaseBody, CreateInteractionBody, CreatePurchaseBody, CreateTaskBody, InteractionView,
  PurchaseView, TaskView, TimelineQuery, TimelineReply, UpdateCaseBody,
} from '@contract/customer-activity.schemas';

const tags = ['customers'];

export const customerActivityRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  const activity = services.customerActivity;

  app.get('/api/customers/:id/timeline', {
    schema: { tags, params: IdParams, querystring: TimelineQuery, response: { 200: TimelineReply } },
    config: { roles: AGENTS },
  }, async (request) => activity.timeline(request.params.id, request.query));

  app.post('/api/customers/:id/interactions', {
    schema: { tags, params: IdParams, body: CreateInteractionBody, response: { 201: InteractionView } },
    config: { roles: AGENTS },
  }, async (request, reply) => reply.status(201).send(await activity.addInteraction(request.params.id, request.body, currentUser(request).id)));

  app.get('/api/customers/:id/cases', {
    schema: { tags, params: IdParams, response: { 200: Type.Array(CaseView) } },
    config: { roles: AGENTS },
  }, async (request) => activity.listCases(request.params.id));

  app.post('/api/customers/:id/cases', {
    schema: { tags, params: IdParams, body: CreateCaseBody, response: { 201: CaseDetailView } },
    config: { roles: AGENTS },
  }, async (request, reply) => reply.status(201).send(await activity.openCase(request.params.id, request.body, currentUser(request).id)));

  app.get('/api/cases/:caseId', {
    schema: { tags, params: CaseParams, response: { 200: CaseDetailView } },
    config: { roles: AGENTS },
  }, async (request) => activity.getCase(request.params.caseId));

  app.patch('/api/cases/:caseId', {
    schema: { tags, params: CaseParams, body: UpdateCaseBody, response: { 200: CaseDetailView } },
    config: { roles: AGENTS },
  }, async (request) => activity.updateCase(request.params.caseId, request.body, currentUser(request).id));

  app.get('/api/customers/:id/purchases', {
    schema: { tags, params: IdParams, response: { 200: Type.Array(PurchaseView) } },
    config: { roles: AGENTS },
  }, async (request) => activity.listPurchases(request.params.id));

  app.post('/api/customers/:id/purchases', {
    schema: { tags, params: IdParams, body: CreatePurchaseBody, response: { 201: PurchaseView } },
    config: { roles: AGENTS },
  }, async (request, reply) => reply.status(201).send(await activity.addPurchase(request.params.id, request.body)));

  app.get('/api/customers/:id/tasks', {
    schema: { tags, params: IdParams, querystring: Type.Object({ pending: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), response: { 200: Type.Array(TaskView) } },
    config: { roles: AGENTS },
  }, async (request) => activity.listTasks(request.params.id, request.query.pending ?? false));

  app.post('/api/customers/:id/tasks', {
    schema: { tags, params: IdParams, body: CreateTaskBody, response: { 201: TaskView } },
    config: { roles: AGENTS },
  }, async (request, reply) => reply.status(201).send(await activity.addTask(request.params.id, request.body, currentUser(request).id)));
};
