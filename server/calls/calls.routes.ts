import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import send from '@fastify/send';
import path from 'node:path';
import { AGENTS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import { ForbiddenError, NotFoundError } from '../http/app-error';
import { toCallSummary } from './calls.repository';
import { CallDetailView, LinkCustomerBody, OriginateBody, OriginateReply } from '@contract/calls.schemas';
import { AudioFile, NoContent } from '@contract/http-replies';
import type { AppServices } from '../services';
import type { AuthUser } from '../auth/roles';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const AUDIO = /\.(wav|mp3|ogg|opus|gsm|wav49)$/i;

// Operators may hear the calls they took part in; supervisors and admins any call. Campaign managers read
// numbers, not conversations.
async function mayHear(services: AppServices, user: AuthUser, callId: number, agentUserId: number | null): Promise<boolean> {
  if (user.role === 'supervisor' || user.role === 'admin') return true;
  if (user.role !== 'operator') return false;
  if (agentUserId === user.id) return true;
  const legs = await services.callsRepo.legUsers(callId);
  return legs.includes(user.id);
}

export const callRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  // Click-to-dial: AMI Originate rings the agent's own phone first, then the customer's number. Refused for
  // numbers on the do-not-call list and customers who asked not to be called.
  app.post('/api/calls/originate', {
    schema: { tags: ['calls'], body: OriginateBody, response: { 200: OriginateReply } },
    config: { roles: AGENTS },
  }, async (request) => services.clickToDial.dial(currentUser(request), request.body));

  app.post('/api/calls/:id/customer', {
    schema: { tags: ['calls'], params: IdParams, body: LinkCustomerBody, response: NoContent },
    config: { roles: AGENTS },
  }, async (request, reply) => {
    const user = currentUser(request);
    const call = await services.callsRepo.findById(request.params.id);
    if (!call) throw new NotFoundError('call', request.params.id);
    // Who may link which call is the customers service's rule, shared with quick-create (linkCallId).
    await services.customers.linkCall(call.id, request.body.customerId, user);
    return reply.status(204).send(null);
  });

  app.get('/api/calls/:id', {
    schema: { tags: ['calls'], params: IdParams, response: { 200: CallDetailView } },
    config: { roles: AGENTS },
  }, async (request) => {
    const row = await services.callsRepo.findById(request.params.id);
    if (!row) throw new NotFoundError('call', request.params.id);
    const user = currentUser(request);
    if (user.role === 'operator' && !(await mayHear(services, user, row.id, row.agent_user_id))) throw new ForbiddenError();
    return { ...toCallSummary(row), talkSeconds: row.talk_seconds, waitSeconds: row.wait_seconds, holdSeconds: row.hold_seconds, hangupCause: row.hangup_cause, hungUpBy: row.hung_up_by, transferred: row.transferred };
  });

  // Audio playback with HTTP range requests (seeking in <audio>). The stored path is Asterisk's; only its file
  // name is used, resolved inside RECORDINGS_DIR, so a crafted path can never escape it.
  app.get('/api/calls/:id/recording', {
    schema: {
      tags: ['calls'], params: IdParams, querystring: Type.Object({ link: Type.Optional(Type.String({ maxLength: 2048 })) }),
      response: AudioFile,
    },
    // <audio src> sends no header: a short-lived link from POST /api/auth/recording-link (never a session token).
    config: { roles: AGENTS, recordingLink: true },
  }, async (request, reply) => {
    const row = await services.callsRepo.findById(request.params.id);
    if (!row?.recording_path) throw new NotFoundError('recording', request.params.id);
    const user = currentUser(request);
    if (!(await mayHear(services, user, row.id, row.agent_user_id))) throw new ForbiddenError('You may not listen to this recording');
    const file = path.basename(row.recording_path);
    if (!AUDIO.test(file)) throw new NotFoundError('recording', request.params.id);
    const result = await send(request.raw, encodeURIComponent(file), { root: path.resolve(services.config.recordingsDir), acceptRanges: true, cacheControl: false, dotfiles: 'deny' });
    // A seek past the end is the player's business (416 + `Content-Range: bytes */size`), not a missing file.
    if (result.type === 'error' && result.statusCode === 416) {
      result.stream.destroy();
      return reply.code(416).header('content-range', result.headers['Content-Range'] ?? '').header('cache-control', 'private, no-store').send();
    }
    if (result.type !== 'file') {
      result.stream.destroy();
      throw new NotFoundError('recording', request.params.id);
    }
    // One audit row per listening: the whole file or its first range; <audio> seeking fetches later ranges.
    if (!request.headers.range || /^bytes=0-/.test(request.headers.range)) {
      await services.audit.record({ userId: user.id, action: 'recording.play', target: `call:${row.id}`, ip: request.ip })
        .catch((err: unknown) => { result.stream.destroy(); throw err; });
    }
    reply.code(result.statusCode as 200 | 206);
    for (const [k, v] of Object.entries(result.headers)) reply.header(k, v);
    reply.header('cache-control', 'private, no-store');
    return reply.send(result.stream);
  });
};
