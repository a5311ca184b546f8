import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AppServices } from './services';
import { registerErrorHandler } from './http/error-handler';
import { registerAuthGuard } from './http/auth-guard';
import { boundDateFormats, registerInputGuard } from './http/input-guard';
import { registerSecurityHeaders } from './http/security-headers';
import { RealtimeGateway } from './realtime/gateway';
import { authRoutes } from './auth/auth.routes';
import { healthRoutes } from './health/health.routes';
import { metricsRoutes } from './metrics/metrics.routes';
import { routeModules } from './route-modules';
import { socketModules } from './socket-modules';
import { routeAudience, socketCommandProblem } from '@contract/role-policy';
import type { Static } from '@sinclair/typebox';
import { OpenApiDocument, StaticFile } from '@contract/http-replies';

declare module 'fastify' {
  interface FastifyInstance {
    gateway: RealtimeGateway;
    /**
     * Every route with its declared audience and the status codes its reply schema covers: the access-control test
     * walks this table for every role, the reply-schemas test checks that no route lacks a reply schema.
     */
    routeTable: Array<{ method: string; url: string; roles: readonly string[] | null; public: boolean; replies: string[]; schema: RouteSchema }>;
  }
}

/** A route's schemas as declared (docs/API.md's route index names them after the contract's exports). */
export interface RouteSchema { hide?: boolean; querystring?: unknown; params?: unknown; body?: unknown; response?: Record<string, unknown> }

// Builds the HTTP + Socket.IO application. Never listens by itself: main.ts listens, tests use inject() or
// listen on port 0.
export async function buildApp(services: AppServices): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: services.log as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // X-Forwarded-For is believed only from the configured proxies (TRUST_PROXY); with none, request.ip is the
    // peer address, so rate limits and audit rows cannot be steered by a forged header.
    trustProxy: services.config.trustProxy.length > 0 ? [...services.config.trustProxy] : false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false }, onCreate: boundDateFormats },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandler(app);
  registerInputGuard(app);
  const routeTable: FastifyInstance['routeTable'] = [];
  app.decorate('routeTable', routeTable);
  // The role policy (server/contract/role-policy.ts) decides who may call each route; a route missing from it, or
  // declaring other roles, stops the server here rather than opening or closing a door unnoticed.
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const audience = routeAudience(method === 'HEAD' ? 'GET' : method, route.url, route.config ?? {});
      if (typeof audience === 'object' && 'problem' in audience) throw new Error(audience.problem);
      route.config = audience === 'public' ? { ...route.config, public: true } : { ...route.config, roles: audience };
      if (method === 'HEAD') continue;
      const schema = (route.schema ?? {}) as RouteSchema;
      routeTable.push({ method, url: route.url, roles: route.config.roles ?? null, public: route.config.public === true, replies: Object.keys(schema.response ?? {}), schema });
    }
  });
  await app.register(swagger, { openapi: { info: { title: 'Warmline API', version: '0.1.0' } } });
  await registerSecurityHeaders(app, { sipWssUrl: services.config.sipWssUrl });
  await app.register(rateLimit, { global: false });
  registerAuthGuard(app, services.auth);

  const gateway = new RealtimeGateway(app.server, services.auth, services.log, {
    recheckMs: services.config.socketRecheckMs, allowedOrigins: services.config.allowedOrigins,
  });
  app.decorate('gateway', gateway);
  app.addHook('preClose', async () => gateway.close());
  for (const register of socketModules) register(services, gateway);
  for (const command of gateway.listCommands()) {
    const problem = socketCommandProblem(command.event, command.roles);
    if (problem) throw new Error(problem);
  }

  await app.register(healthRoutes, { services });
  await app.register(metricsRoutes, { services });
  await app.register(authRoutes, { services });
  for (const mod of routeModules) await app.register(mod, { services });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true, response: { 200: OpenApiDocument } } }, async () => app.swagger() as unknown as Static<typeof OpenApiDocument>);

  const consoleDir = path.resolve(services.config.consoleDir);
  if (existsSync(path.join(consoleDir, 'index.html'))) {
    // serve:false: the plugin only provides reply.sendFile; the one public route below decides what to send, so
    // the fail-closed auth guard never sees an undeclared static route.
    // preCompressed: the build writes foo.js.br and foo.js.gz beside foo.js; the plugin picks the one the browser
    // accepts (br first) and falls back to the plain file (issue #22.6).
    await app.register(fastifyStatic, { root: consoleDir, serve: false, preCompressed: true });
    app.get('/*', { config: { public: true }, schema: { hide: true, response: StaticFile } }, async (request, reply) => {
      const urlPath = decodeURIComponent(request.url.split('?')[0] ?? '/');
      if (urlPath.startsWith('/api/') || urlPath.startsWith('/socket.io')) {
        return reply.status(404).send({ error: { code: 'route-not-found', message: `No route GET ${urlPath}`, details: {} } });
      }
      // Source maps stay private even when a debug build wrote them; a missing asset is a 404, not the SPA shell
      // (a stale tab asking for an old chunk must fail loudly, not parse HTML as JavaScript).
      const isAsset = urlPath.startsWith('/assets/');
      if (urlPath.endsWith('.map') || (isAsset && /\.(br|gz)$/.test(urlPath))) {
        return reply.status(404).send({ error: { code: 'not-found', message: `No file ${urlPath}`, details: {} } });
      }
      const file = path.resolve(consoleDir, `.${urlPath}`);
      const found = file.startsWith(consoleDir + path.sep) && existsSync(file) && statSync(file).isFile();
      reply.header('vary', 'accept-encoding');
      // cacheControl:false: @fastify/send would otherwise overwrite the header set here with "max-age=0".
      if (found && isAsset) {
        // Vite fingerprints assets: they never change under the same name.
        reply.header('cache-control', 'public, max-age=31536000, immutable');
        return reply.sendFile(path.relative(consoleDir, file), { cacheControl: false });
      }
      if (isAsset) return reply.status(404).send({ error: { code: 'not-found', message: `No file ${urlPath}`, details: {} } });
      // The HTML (and the few unhashed files beside it) is revalidated on every load, so a release shows at once.
      reply.header('cache-control', 'no-cache');
      if (found) return reply.sendFile(path.relative(consoleDir, file), { cacheControl: false });
      // Client-side routes (/customers/42) get the SPA shell.
      return reply.sendFile('index.html', { cacheControl: false });
    });
  }
  return app;
}
