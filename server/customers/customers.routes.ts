import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AGENTS, CAMPAIGN_MANAGERS, SUPERVISORS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import { clientGoneSignal } from '../db/interactive-query';
import type { AppServices } from '../services';
import {
  CreateCustomerBody, CustomerView, IdParams, ProductView, SearchQuery, SearchReply, UpdateCustomerBody,
} from '@contract/customers.schemas';
import { NoContent, csvReply } from '@contract/http-replies';

const tags = ['customers'];

export const customersRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  const { customers, customersImport } = services;

  app.get('/api/customers', {
    schema: { tags, querystring: SearchQuery, response: { 200: SearchReply } },
    config: { roles: AGENTS },
  }, async (request, reply) => customers.search(request.query, clientGoneSignal(reply.raw)));

  app.post('/api/customers', {
    schema: { tags, body: CreateCustomerBody, response: { 201: CustomerView } },
    config: { roles: AGENTS },
  }, async (request, reply) => reply.status(201).send(await customers.create(request.body, currentUser(request))));

  app.get('/api/customers/export.csv', {
    schema: { tags, querystring: Type.Omit(SearchQuery, ['limit', 'offset', 'cursor']), response: csvReply() },
    config: { roles: CAMPAIGN_MANAGERS },
  }, async (request, reply) => {
    const { csv, rows } = await customersImport.exportCsv(request.query, { id: currentUser(request).id, ip: request.ip });
    return reply.header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="customers.csv"')
      .header('x-total-rows', String(rows)).send(csv);
  });

  app.get('/api/customers/:id', {
    schema: { tags, params: IdParams, response: { 200: CustomerView } },
    config: { roles: AGENTS },
  }, async (request) => customers.get(request.params.id));

  app.patch('/api/customers/:id', {
    schema: { tags, params: IdParams, body: UpdateCustomerBody, response: { 200: CustomerView } },
    config: { roles: AGENTS },
  }, async (request) => customers.update(request.params.id, request.body, { ...currentUser(request), ip: request.ip }));

  // Soft delete (see migrations/0006): history stays for reports, the customer disappears from search and pops.
  app.delete('/api/customers/:id', {
    schema: { tags, params: IdParams, response: NoContent },
    config: { roles: SUPERVISORS },
  }, async (request, reply) => {
    await customers.remove(request.params.id, { id: currentUser(request).id, ip: request.ip });
    return reply.status(204).send(null);
  });

  app.get('/api/products', {
    schema: { tags, querystring: Type.Object({ includeInactive: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), response: { 200: Type.Array(ProductView) } },
    config: { roles: AGENTS },
  }, async (request) => customers.products(request.query.includeInactive ?? false));
};
