import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import {
  CustomerImportCommitBody, CustomerImportIdParams, CustomerImportUploadQuery, CustomerImportView,
} from '@contract/customer-imports.schemas';
import { csvReply } from '@contract/http-replies';
import { CAMPAIGN_MANAGERS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import { AppError } from '../http/app-error';
import type { AppServices } from '../services';

// The console's customer import (issue #21). The upload's body is not parsed: the raw stream goes to the service,
// which stores it in chunks as it arrives (a 100k-row file never sits in memory whole).
export const customerImportsRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.addContentTypeParser(['text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream', 'text/plain'], (_req, payload, done) => done(null, payload));
  const tags = ['customers'];
  const imports = services.customerImports;

  app.post('/api/customer-imports', {
    schema: { tags, querystring: CustomerImportUploadQuery, response: { 202: CustomerImportView },
      description: 'Upload a customer CSV (text/csv body, UTF-8, comma-separated, header row). The dry run starts by itself.' },
    config: { roles: CAMPAIGN_MANAGERS },
  }, async (request, reply) => {
    const body = request.body as Readable | undefined;
    // Any other content type (JSON, a form) was parsed by fastify already: it is not a file.
    if (body !== undefined && typeof (body as Partial<Readable>).pipe !== 'function') {
      throw new AppError('unsupported-media-type', 415, 'Send the file itself as the body, with Content-Type text/csv');
    }
    const stream = body ?? (async function* () { /* no body: an empty file */ })();
    const view = await imports.upload(stream, request.query.name ?? '', { id: currentUser(request).id, ip: request.ip });
    return reply.code(202).send(view);
  });

  app.get('/api/customer-imports', {
    schema: { tags, response: { 200: Type.Array(CustomerImportView) } },
    config: { roles: CAMPAIGN_MANAGERS },
  }, async () => imports.list());

  app.get('/api/customer-imports/:id', {
    schema: { tags, params: CustomerImportIdParams, response: { 200: CustomerImportView } },
    config: { roles: CAMPAIGN_MANAGERS },
  }, async (request) => imports.get(request.params.id, true));

  app.get('/api/customer-imports/:id/errors.csv', {
    schema: { tags, params: CustomerImportIdParams, response: csvReply() },
    config: { roles: CAMPAIGN_MANAGERS },
  }, async (request, reply) => {
    const csv = await imports.errorsCsv(request.params.id);
    return reply.header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="import-${request.params.id}-errors.csv"`).send(csv);
  });

  app.post('/api/customer-imports/:id/import', {
    schema: { tags, params: CustomerImportIdParams, body: CustomerImportCommitBody, response: { 202: CustomerImportView } },
    config: { roles: CAMPAIGN_MANAGERS },
  }, async (request, reply) => reply.code(202).send(await imports.commit(request.params.id, request.body.skipInvalid ?? false, { id: currentUser(request).id, ip: request.ip })));
};
