import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DispositionView, PendingWrapup, RefusalReasonView, WrapupBody, WrapupReply } from '@contract/wrapups.schemas';
import { listRefusalReasons } from '../campaigns/refusal-reasons.repository';
import { AGENTS, ANY_USER } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import type { AppServices } from '../services';

export const wrapupRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.post('/api/wrapups', {
    schema: { tags: ['calls'], body: WrapupBody, response: { 200: WrapupReply } },
    config: { roles: AGENTS },
  }, async (request) => services.wrapups.submit(currentUser(request), request.body));

  app.get('/api/wrapups/pending', {
    schema: { tags: ['calls'], response: { 200: Type.Array(PendingWrapup) } },
    config: { roles: AGENTS },
  }, async (request) => services.wrapups.pending(currentUser(request).id));

  app.get('/api/dispositions', {
    schema: { tags: ['calls'], response: { 200: Type.Array(DispositionView) } },
    config: { roles: ANY_USER },
  }, async () => services.agentsRepo.listDispositions());

  // Issue #20.8: the managed list the wrap-up form's refusal select offers (retired reasons left out).
  app.get('/api/refusal-reasons', {
    schema: { tags: ['calls'], response: { 200: Type.Array(RefusalReasonView) } },
    config: { roles: ANY_USER },
  }, async () => listRefusalReasons(services.db));
};
