import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import {
  CustomerImportCommitBody, CustomerImportIdParams, CustomerImportUploadQuery, CustomerImportView,
} from '@contract/customer-imports.schemas';
import { csvReply } from '@contract/http-replies';
import { ImportQuery, ImportReply } from '@contract/customers.schemas';
import type { FastifyRequest } from 'fastify';
import { CAMPAIGN_MANAGERS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import { AppError } from '../http/app-error';
import type { AppServices } from '../services';

// Customer CSV imports (issue #21): the console's (upload, then jobs) and the API's one-request import. No body is
// parsed: the raw stream goes to the service, which stores it in chunks as it arrives (a 100k-row file never sits
// in memory whole).
const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream', 'text/plain'];
// Any schema would be checked against the stream fastify hands over; this one accepts it and documents the body.
const CsvBody = Type.Unknown({ description: 'the CSV file itself: UTF-8, comma-separated, a header row' });

/** The request's body as the raw stream; JSON or a form was parsed by fastify already: it is not a file. */
function csvStream(request: FastifyRequest): Readable | AsyncIterable<Buffer> {
  const body = request.body as Readable | undefined;
  if (body !== undefined && typeof (body as Partial<Readable>).pipe !== 'function') {
    throw new AppError('unsupported-media-type', 415, 'Send the file itself as the body, with Content-Type text/csv');
  }
  return body ?? (async function* () { /* no body: an empty file */ })();
}

export const customerImportsRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.addContentTypeParser(CSV_TYPES, (_req, payload, done) => done(null, payload));
  const tags = ['customers'];
  const imports = services.customerImports;

  app.post('/api/customer-imports', {
    schema: { tags, querystring: CustomerImportUploadQuery, consumes: CSV_TYPES, body: CsvBody, response: { 202: CustomerImportView },
      description: 'Upload a customer CSV (text/csv body, UTF-8, comma-separated, header row). The dry run starts by itself.' },
    config: { roles: CAMPAIGN_MANAGERS },
  }, async (request, reply) => {
    const view = await imports.upload(csvStream(request), request.query.name ?? '', { id: currentUser(request).id, ip: request.ip });
    return reply.code(202).send(view);
  });

  // The API clients' one-request import (before the console's jobs existed), now streamed like the upload above.
  app.post('/api/customers/import', {
    schema: { tags, querystring: ImportQuery, consumes: CSV_TYPES, body: CsvBody, response: { 200: ImportReply },
      description: 'Import a customer CSV (text/csv body, as for POST /api/customer-imports) all or nothing and answer when done; '
        + '`dryRun=true` only checks. Streamed and checked in batches, so a large file holds neither the memory nor the server. '
        + 'Row problems: 422 `import-rejected`, `details.errors[]` = `{row, column, code, params, message}` (the first 500; '
        + 'all in GET /api/customer-imports/{importId}/errors.csv, `details.importId`).' },
    config: { roles: CAMPAIGN_MANAGERS },
  }, async (request) => imports.importNow(csvStream(request), request.query.dryRun ?? false, { id: currentUser(request).id, ip: request.ip }));

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
