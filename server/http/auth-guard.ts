import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthService, AuthSession } from '../auth/auth.service';
import type { AuthUser, Role } from '../auth/roles';
import { AppError, ForbiddenError, UnauthorizedError } from './app-error';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route. Every route declares either roles or public: an undeclared route is refused. */
    roles?: readonly Role[];
    public?: boolean;
    /** The route takes `?link=` (a recording link for its `:id`) instead of a bearer header: <audio src> sends none. */
    recordingLink?: boolean;
    /** Callable by a user who must change their password (sign-out, /me, the change itself). */
    duringPasswordChange?: boolean;
  }
  interface FastifyRequest {
    user: AuthUser | null;
    /** The bearer session (null when the request came with a recording link). */
    authSession: AuthSession | null;
  }
}

/** Session tokens come in the Authorization header only: a token in a URL ends up in logs and browser history. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return undefined;
}

function recordingLink(request: FastifyRequest): { link: string; callId: number } | null {
  const link = (request.query as Record<string, unknown> | undefined)?.link;
  const callId = Number((request.params as Record<string, unknown> | undefined)?.id);
  return typeof link === 'string' && Number.isSafeInteger(callId) ? { link, callId } : null;
}

// Fail closed: a route that forgot to declare its audience is unreachable rather than open.
export function registerAuthGuard(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('user', null);
  app.decorateRequest('authSession', null);
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (!url) return; // not-found handler
    const config = request.routeOptions.config;
    if (config.public) return;
    const token = bearerToken(request);
    const viaLink = !token && config.recordingLink ? recordingLink(request) : null;
    let user: AuthUser | null = null;
    if (viaLink) {
      user = await auth.authenticateRecordingLink(viaLink.link, viaLink.callId);
    } else {
      const session = await auth.authenticateSession(token);
      request.authSession = session;
      user = session?.user ?? null;
    }
    if (!user) throw new UnauthorizedError();
    request.user = user;
    if (!config.roles || !config.roles.includes(user.role)) throw new ForbiddenError();
    if (user.mustChangePassword && !config.duringPasswordChange) throw new PasswordChangeRequiredError();
  });
}

export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new UnauthorizedError();
  return request.user;
}

export function currentSession(request: FastifyRequest): AuthSession {
  if (!request.authSession) throw new UnauthorizedError();
  return request.authSession;
}

/** A user whose password was set by an administrator may do nothing but change it (issue #21). */
export class PasswordChangeRequiredError extends AppError {
  constructor() {
    super('password-change-required', 403, 'Choose a new password before continuing');
  }
}
