import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { timingSafeEqual } from 'node:crypto';
import type { AppServices } from '../services';
import { AppError, UnauthorizedError } from '../http/app-error';
import { renderMetrics } from './metrics';
import { metricsReply } from '@contract/http-replies';

// GET /metrics on the API port, for Prometheus. Not a user route (no JWT, no role): it answers only a scraper that
// sends METRICS_TOKEN as a bearer token, and does not exist (404) while METRICS_TOKEN is unset, so a node never
// exposes its figures by default. docs/OPERATIONS.md says why the API port and not a second one.
export const metricsRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  const expected = services.config.metricsToken ? Buffer.from(`Bearer ${services.config.metricsToken}`) : undefined;
  app.get('/metrics', { config: { public: true }, schema: { hide: true, response: metricsReply() } }, async (request, reply) => {
    if (!expected) throw new AppError('metrics-disabled', 404, 'Metrics are off: set METRICS_TOKEN to enable GET /metrics');
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedError('A valid metrics token is required');
    const { contentType, body } = await renderMetrics();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
};
