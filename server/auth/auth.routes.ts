import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { NoContent } from '@contract/http-replies';
import { LoginBody, LoginReply, RecordingLinkBody, RecordingLinkReply, SipCredentials, UserView } from '@contract/auth.schemas';
import { AGENTS, ANY_USER } from './roles';
import { currentSession, currentUser } from '../http/auth-guard';
import { NotFoundError } from '../http/app-error';
import type { AppServices } from '../services';

export const authRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.post('/api/auth/login', {
    schema: { tags: ['auth'], body: LoginBody, response: { 200: LoginReply } },
    // Per client address, sized for a whole office behind one NAT signing in at shift start; the per-account
    // lockout in AuthService.login is what stops guessing (request.ip is X-Forwarded-For only from TRUST_PROXY).
    config: { public: true, rateLimit: { max: services.config.loginMaxPerIpPerMinute, timeWindow: '1 minute' } },
  }, async (request) => services.auth.login(request.body.username, request.body.password, request.ip));

  // The token is refused from now on (HTTP and sockets); the sockets opened with it are closed on every node.
  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], response: NoContent },
    config: { roles: ANY_USER, duringPasswordChange: true },
  }, async (request, reply) => {
    const session = currentSession(request);
    await services.auth.logout(session, request.ip);
    app.gateway.disconnectSession(session.claims.jti);
    return reply.code(204).send(null);
  });

  // Whether the user may hear the call is decided when the link is played (same rules as with a header).
  app.post('/api/auth/recording-link', {
    schema: { tags: ['auth'], body: RecordingLinkBody, response: { 200: RecordingLinkReply } },
    config: { roles: AGENTS },
  }, async (request) => {
    const link = services.auth.recordingLink(currentUser(request).id, request.body.callId);
    return { url: link.url, expiresAt: link.expiresAt.toISOString() };
  });

  app.get('/api/auth/me', {
    schema: { tags: ['auth'], response: { 200: UserView } },
    config: { roles: ANY_USER, duringPasswordChange: true },
  }, async (request) => currentUser(request));

  app.patch('/api/auth/me', {
    schema: { tags: ['auth'], body: Type.Object({ locale: Type.Union(['en', 'ru', 'mn', 'hi', 'id'].map((l) => Type.Literal(l))) }, { additionalProperties: false }), response: { 200: UserView } },
    config: { roles: ANY_USER, duringPasswordChange: true },
  }, async (request) => services.auth.setLocale(currentUser(request).id, request.body.locale));

  // The softphone's registration credentials: fetched after login, never stored in the browser.
  app.get('/api/auth/sip', {
    schema: { tags: ['auth'], response: { 200: SipCredentials } },
    config: { roles: ANY_USER },
  }, async (request) => {
    const creds = await services.auth.sipCredentials(currentUser(request).id);
    if (!creds) throw new NotFoundError('sip-account');
    return { wssUrl: services.config.sipWssUrl, domain: services.config.sipDomain, ...creds };
  });
};
