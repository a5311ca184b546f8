import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AGENTS, CAMPAIGN_MANAGERS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import { NotFoundError, ValidationError } from '../http/app-error';
import { normalisePhone } from '../phone/phone-number';
import type { AppServices } from '../services';
import { campaignView, cardView } from './campaigns.views';
import { AttemptView, CampaignAgentView, CampaignBody, CampaignPatch, CampaignView, DialReply, IdParams, OutcomeBody, PreviewCard, PreviewNextQuery, PreviewNextReply, ProgressView, PacingView, SkipReply, OutcomeReply, DncView, DncAddReply } from '@contract/campaigns.schemas';
import { NoContent } from '@contract/http-replies';

const Page = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }), offset: Type.Integer({ minimum: 0, default: 0 }) });

export const campaignsRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  const { campaigns, dialer } = services;
  const managers = { roles: CAMPAIGN_MANAGERS };
  const agents = { roles: AGENTS };

  app.get('/api/campaigns', { schema: { tags: ['campaigns'], response: { 200: Type.Array(CampaignView) } }, config: managers },
    async () => (await campaigns.list()).map(campaignView));

  app.post('/api/campaigns', { schema: { tags: ['campaigns'], body: CampaignBody, response: { 201: CampaignView } }, config: managers },
    async (request, reply) => reply.code(201).send(campaignView(await campaigns.create(request.body, currentUser(request).id))));

  // Operator routes are static paths, declared before /:id ones.
  app.get('/api/campaigns/preview/next', { schema: { tags: ['campaigns'], querystring: PreviewNextQuery, response: { 200: PreviewNextReply } }, config: agents },
    async (request) => {
      const userId = currentUser(request).id;
      const card = await campaigns.previewNext(userId, request.query.campaignId);
      if (card) return { card: cardView(card), idle: null };
      return { card: null, idle: await campaigns.previewIdle(userId, request.query.campaignId) };
    });

  app.post('/api/campaigns/attempts/:id/dial', { schema: { tags: ['campaigns'], params: IdParams, response: { 200: DialReply } }, config: agents },
    async (request) => dialer.dialPreview(request.params.id, currentUser(request).id));

  app.get('/api/campaigns/attempts/:id/card', { schema: { tags: ['campaigns'], params: IdParams, response: { 200: PreviewCard } }, config: agents },
    async (request) => {
      const user = currentUser(request);
      return cardView(await campaigns.attemptCard(request.params.id, user.id, CAMPAIGN_MANAGERS.includes(user.role)));
    });

  app.post('/api/campaigns/attempts/:id/skip', { schema: { tags: ['campaigns'], params: IdParams, response: { 200: SkipReply } }, config: agents },
    async (request) => campaigns.skipPreview(request.params.id, currentUser(request).id));

  app.get('/api/campaigns/agents', {
    schema: { tags: ['campaigns'], response: { 200: Type.Array(CampaignAgentView) } },
    config: managers,
  }, async () => campaigns.agentDirectory());

  app.post('/api/campaigns/attempts/:id/outcome', { schema: { tags: ['campaigns'], params: IdParams, body: OutcomeBody, response: { 200: OutcomeReply } }, config: agents },
    async (request) => {
      const user = currentUser(request);
      return campaigns.recordOutcome({ attemptId: request.params.id, userId: user.id, result: request.body.result, refusalReason: request.body.refusalReason, refusalCode: request.body.refusalCode,
        callbackAt: request.body.callbackAt ? new Date(request.body.callbackAt) : null, asManager: CAMPAIGN_MANAGERS.includes(user.role) });
    });

  app.get('/api/campaigns/:id', { schema: { tags: ['campaigns'], params: IdParams, response: { 200: CampaignView } }, config: managers },
    async (request) => campaignView(await campaigns.get(request.params.id)));

  app.patch('/api/campaigns/:id', { schema: { tags: ['campaigns'], params: IdParams, body: CampaignPatch, response: { 200: CampaignView } }, config: managers },
    async (request) => campaignView(await campaigns.update(request.params.id, request.body, currentUser(request).id)));

  app.delete('/api/campaigns/:id', { schema: { tags: ['campaigns'], params: IdParams, response: NoContent }, config: managers },
    async (request, reply) => {
      await campaigns.delete(request.params.id, currentUser(request).id);
      return reply.code(204).send(null);
    });

  for (const action of ['start', 'pause', 'stop'] as const) {
    app.post(`/api/campaigns/:id/${action}`, { schema: { tags: ['campaigns'], params: IdParams, response: { 200: CampaignView } }, config: managers },
      async (request) => campaignView(await campaigns[action](request.params.id, currentUser(request).id)));
  }

  // Live figures of a running predictive campaign, computed from the database by whichever node answers.
  app.get('/api/campaigns/:id/pacing', { schema: { tags: ['campaigns'], params: IdParams, response: { 200: PacingView } }, config: managers },
    async (request) => {
      const view = await services.predictive.pacing(request.params.id);
      if (!view) throw new NotFoundError('running predictive campaign', request.params.id);
      return view;
    });

  app.get('/api/campaigns/:id/progress', { schema: { tags: ['campaigns'], params: IdParams, response: { 200: ProgressView } }, config: managers },
    async (request) => campaigns.progress(request.params.id));

  app.get('/api/campaigns/:id/attempts', {
    schema: { tags: ['campaigns'], params: IdParams, querystring: Type.Composite([Page, Type.Object({ status: Type.Optional(Type.String()) })]), response: { 200: Type.Array(AttemptView) } },
    config: managers,
  }, async (request) => (await campaigns.listAttempts(request.params.id, request.query)).map((a) => ({
    id: a.id, campaignId: a.campaign_id, customerId: a.customer_id, status: a.status, outcome: a.outcome, refusalCode: a.refusal_code, refusalReason: a.refusal_reason,
    dialCount: a.dial_count, nextAttemptAt: a.next_attempt_at.toISOString(), purchaseId: a.purchase_id,
  })));

  app.get('/api/dnc-numbers', { schema: { tags: ['campaigns'], querystring: Page, response: { 200: Type.Array(DncView) } }, config: managers },
    async (request) => (await services.dnc.list(request.query.limit, request.query.offset)).map((d) => ({ ...d, addedAt: d.addedAt.toISOString() })));

  app.post('/api/dnc-numbers', {
    schema: { tags: ['campaigns'], body: Type.Object({ number: Type.String({ minLength: 1, maxLength: 40 }), reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 201: DncAddReply } },
    config: managers,
  }, async (request, reply) => {
    const n = normalisePhone(request.body.number, services.locale.region());
    if (!('e164' in n)) throw new ValidationError(`Not a phone number: ${n.error}`, { number: request.body.number });
    await services.dnc.add(n.e164, request.body.reason ?? '', currentUser(request).id);
    await services.audit.record({ userId: currentUser(request).id, action: 'dnc.added', target: `dnc:${n.e164}` });
    return reply.code(201).send({ e164: n.e164 });
  });

  app.delete('/api/dnc-numbers/:e164', { schema: { tags: ['campaigns'], params: Type.Object({ e164: Type.String({ pattern: '^\\+?[0-9]{3,15}$' }) }), response: NoContent }, config: managers },
    async (request, reply) => {
      if (!(await services.dnc.remove(request.params.e164))) throw new NotFoundError('dnc-number', request.params.e164);
      await services.audit.record({ userId: currentUser(request).id, action: 'dnc.removed', target: `dnc:${request.params.e164}` });
      return reply.code(204).send(null);
    });
};
