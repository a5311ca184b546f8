import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ANY_USER, CAMPAIGN_MANAGERS, REPORT_READERS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import { ValidationError } from '../http/app-error';
import type { AppServices } from '../services';
import { IdParams } from '@contract/segments.schemas';
import { OfferBody, OfferPatch, OfferReportQuery, OfferReportView, OfferView, PopOffer, RefitQueuedReply } from '@contract/offers.schemas';
import { jsonOrCsvReply } from '@contract/http-replies';

export const offersRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  const { offers, offerModels, offerReport } = services;
  const config = { roles: CAMPAIGN_MANAGERS };

  app.get('/api/offers', { schema: { tags: ['offers'], response: { 200: Type.Array(OfferView) } }, config },
    async () => offers.list());

  app.post('/api/offers', { schema: { tags: ['offers'], body: OfferBody, response: { 201: OfferView } }, config },
    async (request, reply) => reply.code(201).send(await offers.create(request.body, currentUser(request).id)));

  // Declared before /:id so "refit" is never read as an id.
  app.post('/api/offers/refit', {
    schema: { tags: ['offers'], description: 'Queues a refit of every offer model and a rescoring of every customer (a background job)', response: { 202: RefitQueuedReply } },
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
    schema: { tags: ['reports'], querystring: OfferReportQuery, response: jsonOrCsvReply(OfferReportView) },
    config: { roles: REPORT_READERS },
  }, async (request, reply) => {
    const from = request.query.from ? new Date(request.query.from) : undefined;
    const to = request.query.to ? new Date(request.query.to) : undefined;
    if (from && to && from > to) throw new ValidationError('from is after to', { from: request.query.from, to: request.query.to });
    const rows = await offerReport.report({ from, to });
    if (request.query.format !== 'csv') return { rows };
    // One table per CSV, like the other analytical reports: the offers, or their calibration by decile.
    const table = request.query.table === 'calibration'
      ? rows.flatMap((r) => r.calibration.map((c) => ({ offer: r.name, ...c })))
      : rows.map(({ calibration: _c, refusals: _r, ...r }) => r);
    const { filename, body } = await services.reports.exportCsv(currentUser(request), `offers-${request.query.table ?? 'offers'}`, table, request.query, request.ip);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(body);
  });
};
