import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CAMPAIGN_MANAGERS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import { clientGoneSignal } from '../db/interactive-query';
import type { AppServices } from '../services';
import { memberView, segmentView } from '../campaigns/campaigns.views';
import { IdParams, PreviewBody, PreviewQuery, PreviewReply, SegmentBody, SegmentPatch, SegmentView } from '@contract/segments.schemas';
import { NoContent } from '@contract/http-replies';

export const segmentsRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  const segments = services.segments;
  const config = { roles: CAMPAIGN_MANAGERS };
  // A preview the client gave up on is cancelled in PostgreSQL, not left running (issue #19 point 4).
  const preview = async (reply: { raw: Parameters<typeof clientGoneSignal>[0] }, rules: unknown, sampleSize = 20) => {
    const r = await segments.preview(rules, sampleSize, clientGoneSignal(reply.raw));
    return { size: r.size, sample: r.sample.map(memberView) };
  };

  app.get('/api/segments', { schema: { tags: ['segments'], response: { 200: Type.Array(SegmentView) } }, config },
    async () => (await segments.list()).map(segmentView));

  app.post('/api/segments', { schema: { tags: ['segments'], body: SegmentBody, response: { 201: SegmentView } }, config },
    async (request, reply) => reply.code(201).send(segmentView(await segments.create(request.body, currentUser(request).id))));

  // Declared before /:id so "preview" is never read as an id.
  app.post('/api/segments/preview', { schema: { tags: ['segments'], body: PreviewBody, response: { 200: PreviewReply } }, config },
    async (request, reply) => preview(reply, request.body.rules, request.body.sampleSize));

  app.get('/api/segments/:id', { schema: { tags: ['segments'], params: IdParams, response: { 200: SegmentView } }, config },
    async (request) => segmentView(await segments.get(request.params.id)));

  app.get('/api/segments/:id/preview', { schema: { tags: ['segments'], params: IdParams, querystring: PreviewQuery, response: { 200: PreviewReply } }, config },
    async (request, reply) => preview(reply, (await segments.get(request.params.id)).rules, request.query.sampleSize));

  app.patch('/api/segments/:id', { schema: { tags: ['segments'], params: IdParams, body: SegmentPatch, response: { 200: SegmentView } }, config },
    async (request) => segmentView(await segments.update(request.params.id, request.body, currentUser(request).id)));

  app.delete('/api/segments/:id', { schema: { tags: ['segments'], params: IdParams, response: NoContent }, config },
    async (request, reply) => {
      await segments.delete(request.params.id, currentUser(request).id);
      return reply.code(204).send(null);
    });
};
