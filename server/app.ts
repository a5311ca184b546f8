import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AppServices } from './services';
import { registerErrorHandler } from './http/error-handler';
import { registerAuthGuard } from './http/auth-guard';
import { RealtimeGateway } from './realtime/gateway';
import { authRoutes } from './auth/auth.routes';
import { healthRoutes } from './health/health.routes';
import { routeModules } from './route-modules';
import { socketModules } from './socket-modules';

declare module 'fastify' {
  interface FastifyInstance {
    gateway: RealtimeGateway;
  }
}

// Builds the HTTP + Socket.IO application. Never listens by itself: main.ts listens, tests use inject() or
// listen on port 0.
export async function buildApp(services: AppServices): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: services.log as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandler(app);
  await app.register(swagger, { openapi: { info: { title: 'Warmline API', version: '0.1.0' } } });
  await app.register(rateLimit, { global: false });
  registerAuthGuard(app, services.auth);

  const gateway = new RealtimeGateway(app.server, services.auth, services.log);
  app.decorate('gateway', gateway);
  app.addHook('preClose', async () => gateway.close());
  for (const register of socketModules) register(services, gateway);

  await app.register(healthRoutes, { services });
  await app.register(authRoutes, { services });
  for (const mod of routeModules) await app.register(mod, { services });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const consoleDir = path.resolve(services.config.consoleDir);
  if (existsSync(path.join(consoleDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: consoleDir, wildcard: false, index: ['index.html'] });
    // Client-side routes (/customers/42) get the SPA shell; /api and /socket.io keep JSON 404s.
    app.get('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
      if (request.url.startsWith('/api/') || request.url.startsWith('/socket.io')) {
        return reply.status(404).send({ error: { code: 'route-not-found', message: `No route GET ${request.url.split('?')[0]}`, details: {} } });
      }
      return reply.sendFile('index.html');
    });
  }
  return app;
}
