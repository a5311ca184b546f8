import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, TooManyRequestsError } from './app-error';

interface ErrorBody { error: { code: string; message: string; details: Record<string, unknown> } }

function body(code: string, message: string, details: Record<string, unknown> = {}): ErrorBody {
  return { error: { code, message, details } };
}

type SchemaError = NonNullable<FastifyError['validation']>[number];

// An Ajv error as a field issue the console can place and translate: the full JSON pointer of the field (a missing
// property is named in params, not in instancePath), Ajv's keyword as a stable key and its params (limit, ...).
function schemaIssue(v: SchemaError): { path: string; message: string | undefined; keyword: string; params: Record<string, unknown> } {
  const missing = v.keyword === 'required' ? String((v.params as { missingProperty?: unknown }).missingProperty ?? '') : '';
  return { path: missing ? `${v.instancePath}/${missing}` : v.instancePath, message: v.message, keyword: v.keyword, params: { ...v.params } };
}

// One renderer for every error: AppErrors as they are, fastify's own 4xx (bad JSON, too large, schema) mapped
// to stable codes, anything else a 500 whose internals are logged, never shown.
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      if (err.statusCode >= 500) request.log.error({ err }, err.message);
      if (err instanceof TooManyRequestsError) reply.header('retry-after', String(err.retryAfterSeconds));
      return reply.status(err.statusCode).send(body(err.code, err.message, err.details));
    }
    if (err.validation) {
      return reply.status(400).send(body('validation-failed', err.message, {
        part: err.validationContext ?? 'body', issues: err.validation.map(schemaIssue),
      }));
    }
    // Postgres 22003/22P02 (out of range / invalid bigint text): an id like 1e308 passes Type.Integer but not bigint. The
    // input is wrong, not the server; one place for every route instead of a maximum on each id schema.
    const sqlState = (err as { code?: string }).code ?? '';
    if (['22003', '22P02'].includes(sqlState)) {
      return reply.status(400).send(body('validation-failed', 'A number in the request is out of range'));
    }
    // The same safety net for what server/http/input-guard.ts checks first: a date PostgreSQL cannot store
    // (22007/22008), text it cannot hold (22021 NUL byte, 22P05 \u0000 in jsonb).
    if (['22007', '22008'].includes(sqlState)) {
      return reply.status(400).send(body('validation-failed', 'A date in the request is out of range'));
    }
    if (['22021', '22P05'].includes(sqlState)) {
      return reply.status(400).send(body('validation-failed', 'Text in the request holds a character that cannot be stored'));
    }
    const status = err.statusCode ?? 500;
    if (status < 500) {
      const code = {
        FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-json',
        FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-json',
        FST_ERR_CTP_BODY_TOO_LARGE: 'body-too-large',
        FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
        FST_ERR_RATE_LIMITED: 'rate-limited',
      }[err.code] ?? 'bad-request';
      const message = err.code?.startsWith('FST_ERR_CTP_INVALID_JSON') ? 'Request body is not valid JSON' : err.message;
      return reply.status(status).send(body(code, message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('internal-error', 'Something went wrong on our side; it has been logged.'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('route-not-found', `No route ${request.method} ${request.url.split('?')[0]}`));
  });
}
