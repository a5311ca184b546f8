import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SpyBody, ControlBody } from '@contract/socket-commands.schemas';
import { SpyReply, SpySessionReply, SpyStopReply, SupervisionSnapshotView } from '@contract/supervision.schemas';
import { AgentStateView } from '@contract/agents.schemas';
import { SUPERVISORS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import type { AppServices } from '../services';
import type { RealtimeGateway } from '../realtime/gateway';

export const supervisionRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.get('/api/supervision/snapshot', { schema: { tags: ['supervision'], response: { 200: SupervisionSnapshotView } }, config: { roles: SUPERVISORS } },
    async () => services.supervision.snapshot());

  app.post('/api/supervision/spy', { schema: { tags: ['supervision'], body: SpyBody, response: { 200: SpyReply } }, config: { roles: SUPERVISORS } },
    async (request) => services.supervision.spy(currentUser(request), request.body.callId, request.body.mode, request.ip));

  // The supervisor's own listen/whisper/barge session, read from the PBX (a reloaded console restores it from here).
  app.get('/api/supervision/session', { schema: { tags: ['supervision'], response: { 200: SpySessionReply } }, config: { roles: SUPERVISORS } },
    async (request) => ({ session: await services.spySessions.current(currentUser(request)) }));

  app.post('/api/supervision/stop', { schema: { tags: ['supervision'], response: { 200: SpyStopReply } }, config: { roles: SUPERVISORS } },
    async (request) => services.supervision.stopSpy(currentUser(request), request.ip));

  app.post('/api/supervision/agent-control', { schema: { tags: ['supervision'], body: ControlBody, response: { 200: AgentStateView } }, config: { roles: SUPERVISORS } },
    async (request) => services.supervision.agentControl(currentUser(request), request.body.userId, request.body.action, request.body.reason ?? null, request.ip));
};

export function registerSupervisionCommands(services: AppServices, gateway: RealtimeGateway): void {
  gateway.register({
    event: 'supervision:spy', roles: SUPERVISORS,
    handle: (user, body, socket) => services.supervision.spy(user, body.callId, body.mode, socket.handshake.address ?? null),
  });
  gateway.register({
    event: 'supervision:agent-control', roles: SUPERVISORS,
    handle: (user, body, socket) => services.supervision.agentControl(user, body.userId, body.action, body.reason ?? null, socket.handshake.address ?? null),
  });
  gateway.register({
    event: 'supervision:snapshot', roles: SUPERVISORS,
    handle: () => services.supervision.snapshot(),
  });
}
