import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AgentStateView, CallIdReply, CurrentCallView, PauseReasonView, DtmfBody, QueuesWaitingView, SetStateBody, TransferBody, TransferTargetsView } from '@contract/agents.schemas';
import { AGENTS, ANY_USER } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import type { AppServices } from '../services';
import type { RealtimeGateway } from '../realtime/gateway';
import { AgentPresence } from './agent-presence';

export const agentRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.get('/api/agents/me/state', {
    schema: { tags: ['agents'], response: { 200: AgentStateView } },
    config: { roles: AGENTS },
  }, async (request) => services.agents.view(currentUser(request).id));

  app.post('/api/agents/me/state', {
    schema: { tags: ['agents'], body: SetStateBody, response: { 200: AgentStateView } },
    config: { roles: AGENTS },
  }, async (request) => services.agents.setState(currentUser(request).id, request.body.state, request.body.reason ?? null));

  app.get('/api/agents/me/queues-waiting', {
    schema: { tags: ['agents'], response: { 200: QueuesWaitingView } },
    config: { roles: AGENTS },
  }, async (request) => services.agentCall.queuesWaiting(currentUser(request).id));

  app.get('/api/agents/me/call', {
    schema: { tags: ['agents'], response: { 200: CurrentCallView } },
    config: { roles: AGENTS },
  }, async (request) => services.agentCall.current(currentUser(request).id));

  app.post('/api/agents/me/call/hangup', {
    schema: { tags: ['agents'], response: { 200: CallIdReply } },
    config: { roles: AGENTS },
  }, async (request) => services.agentCall.hangup(currentUser(request).id));

  const CallId = { 200: CallIdReply };
  app.get('/api/agents/transfer-targets', {
    schema: { tags: ['agents'], response: { 200: TransferTargetsView } },
    config: { roles: AGENTS },
  }, async () => services.agentsRepo.transferTargets());

  app.post('/api/agents/me/call/transfer', {
    schema: { tags: ['agents'], body: TransferBody, response: CallId },
    config: { roles: AGENTS },
  }, async (request) => services.agentTransfer.transfer(currentUser(request).id, request.body.mode, request.body.target));

  app.post('/api/agents/me/call/transfer/complete', {
    schema: { tags: ['agents'], response: CallId },
    config: { roles: AGENTS },
  }, async (request) => services.agentTransfer.complete(currentUser(request).id));

  app.post('/api/agents/me/call/transfer/cancel', {
    schema: { tags: ['agents'], response: CallId },
    config: { roles: AGENTS },
  }, async (request) => services.agentTransfer.cancel(currentUser(request).id));

  app.post('/api/agents/me/call/dtmf', {
    schema: { tags: ['agents'], body: DtmfBody, response: CallId },
    config: { roles: AGENTS },
  }, async (request) => services.agentTransfer.dtmf(currentUser(request).id, request.body.digits));

  app.get('/api/pause-reasons', {
    schema: { tags: ['agents'], response: { 200: Type.Array(PauseReasonView) } },
    config: { roles: ANY_USER },
  }, async () => services.agentsRepo.listPauseReasons());
};

/** Socket commands of the agent's console, and the presence watch that pauses an agent whose consoles all closed. */
export function registerAgentCommands(services: AppServices, gateway: RealtimeGateway): void {
  const presence = new AgentPresence(gateway, services.agents, services.agentsRepo, services.jobs,
    () => services.settings.current().consoleAwaySeconds * 1000, services.log);
  presence.start();
  gateway.register({
    event: 'agent:set-state',
    roles: AGENTS,
    handle: (user, body) => services.agents.setState(user.id, body.state, body.reason ?? null),
  });
  gateway.register({
    event: 'agent:login',
    roles: AGENTS,
    handle: (user) => services.agents.login(user.id),
  });
}
