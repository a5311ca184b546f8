import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { LoginBody, LoginReply, SipCredentials, UserView } from '@contract/auth.schemas';
import { ANY_USER } from './roles';
import { currentUser } from '../http/auth-guard';
import { NotFoundError } from '../http/app-error';
import type { AppServices } from '../services';

export const authRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.post('/api/auth/login', {
    schema: { tags: ['auth'], body: LoginBody, response: { 200: LoginReply } },
    config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
  }, async (request) => services.auth.login(request.body.username, request.body.password, request.ip));

  app.get('/api/auth/me', {
    schema: { tags: ['auth'], response: { 200: UserView } },
    config: { roles: ANY_USER },
  }, async (request) => currentUser(request));

  app.patch('/api/auth/me', {
    schema: { tags: ['auth'], body: Type.Object({ locale: Type.Union(['en', 'ru', 'mn', 'hi', 'id'].map((l) => Type.Literal(l))) }, { additionalProperties: false }), response: { 200: UserView } },
    config: { roles: ANY_USER },
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
