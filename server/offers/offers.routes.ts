import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ANY_USER, CAMPAIGN_MANAGERS, REPORT_READERS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import { ValidationError } from '../http/app-error';
import type { AppServices } from '../services';
import { IdParams } from '@contract/segments.schemas';
import { OfferBody, OfferPatch, OfferReportQuery, OfferReportRow, OfferView, PopOffer } from '@contract/offers.schemas';

export const offersRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  const { offers, offerModels, offerReport } = services;
  const config = { roles: CAMPAIGN_MANAGERS };

  app.get('/api/offers', { schema: { tags: ['offers'], response: { 200: Type.Array(OfferView) } }, config },
    async () => offers.list());

  app.post('/api/offers', { schema: { tags: ['offers'], body: OfferBody, response: { 201: OfferView } }, config },
    async (request, reply) => reply.code(201).send(await offers.create(request.body, currentUser(request).id)));

  // Declared before /:id so "refit" is never read as an id.
  app.post('/api/offers/refit', {
    schema: { tags: ['offers'], description: 'Queues a refit of every offer model and a rescoring of every customer (a background job)', response: { 202: Type.Object({ queued: Type.Boolean() }) } },
    config,
  }, async (_request, reply) => {
    await offerModels.requestRefit();
    return reply.code(202).send({ queued: true });
  });

  app.get('/api/offers/:id', { schema: { tags: ['offers'], params: IdParams, response: { 200: OfferView } }, config },
    async (request) => offers.get(request.params.id));

  app.patch('/api/offers/:id', { schema: { tags: ['offers'], params: IdParams, body: OfferPatch, response: { 200: OfferView } }, config },
    async (request) => offers.update(request.params.id, request.body, currentUser(request).id));

  // The ranked offers of one customer, as the pop shows them (an outbound preview or the customer page).
  app.get('/api/customers/:id/offers', { schema: { tags: ['offers'], params: IdParams, response: { 200: Type.Array(PopOffer) } }, config: { roles: ANY_USER } },
    async (request) => offers.rankedFor(request.params.id));

  app.get('/api/reports/analytical/offers', {
    schema: { tags: ['reports'], querystring: OfferReportQuery, response: { 200: Type.Object({ rows: Type.Array(OfferReportRow) }) } },
    config: { roles: REPORT_READERS },
  }, async (request) => {
    const from = request.query.from ? new Date(request.query.from) : undefined;
    const to = request.query.to ? new Date(request.query.to) : undefined;
    if (from && to && from > to) throw new ValidationError('from is after to', { from: request.query.from, to: request.query.to });
    return { rows: await offerReport.report({ from, to }) };
  });
};
