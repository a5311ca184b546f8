import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthService } from '../auth/auth.service';
import type { AuthUser, Role } from '../auth/roles';
import { ForbiddenError, UnauthorizedError } from './app-error';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route. Every route declares either roles or public: an undeclared route is refused. */
    roles?: readonly Role[];
    public?: boolean;
  }
  interface FastifyRequest {
    user: AuthUser | null;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  // <audio src> cannot send headers: recordings accept ?token= as well.
  const q = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' ? q : undefined;
}

// Fail closed: a route that forgot to declare its audience is unreachable rather than open.
export function registerAuthGuard(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (!url) return; // not-found handler
    const config = request.routeOptions.config;
    if (config.public) return;
    const user = await auth.authenticate(bearerToken(request));
    if (!user) throw new UnauthorizedError();
    request.user = user;
    if (!config.roles || !config.roles.includes(user.role)) throw new ForbiddenError();
  });
}

export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new UnauthorizedError();
  return request.user;
}
