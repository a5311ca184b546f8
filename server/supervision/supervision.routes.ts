import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { SUPERVISORS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import type { AppServices } from '../services';
import type { RealtimeGateway } from '../realtime/gateway';

const SpyBody = Type.Object({
  callId: Type.Integer({ minimum: 1 }),
  mode: Type.Union([Type.Literal('listen'), Type.Literal('whisper'), Type.Literal('barge')]),
}, { additionalProperties: false });
const ControlBody = Type.Object({
  userId: Type.Integer({ minimum: 1 }),
  action: Type.Union([Type.Literal('pause'), Type.Literal('unpause'), Type.Literal('logoff')]),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 48 })),
}, { additionalProperties: false });

export const supervisionRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.get('/api/supervision/snapshot', { schema: { tags: ['supervision'] }, config: { roles: SUPERVISORS } },
    async () => services.supervision.snapshot());

  app.post('/api/supervision/spy', { schema: { tags: ['supervision'], body: SpyBody }, config: { roles: SUPERVISORS } },
    async (request) => services.supervision.spy(currentUser(request), request.body.callId, request.body.mode, request.ip));

  app.post('/api/supervision/agent-control', { schema: { tags: ['supervision'], body: ControlBody }, config: { roles: SUPERVISORS } },
    async (request) => services.supervision.agentControl(currentUser(request), request.body.userId, request.body.action, request.body.reason ?? null, request.ip));
};

export function registerSupervisionCommands(services: AppServices, gateway: RealtimeGateway): void {
  gateway.register({
    event: 'supervision:spy', roles: SUPERVISORS, schema: SpyBody,
    handle: (user, payload, socket) => {
      const body = payload as Static<typeof SpyBody>;
      return services.supervision.spy(user, body.callId, body.mode, socket.handshake.address ?? null);
    },
  });
  gateway.register({
    event: 'supervision:agent-control', roles: SUPERVISORS, schema: ControlBody,
    handle: (user, payload, socket) => {
      const body = payload as Static<typeof ControlBody>;
      return services.supervision.agentControl(user, body.userId, body.action, body.reason ?? null, socket.handshake.address ?? null);
    },
  });
  gateway.register({
    event: 'supervision:snapshot', roles: SUPERVISORS, schema: Type.Object({}),
    handle: () => services.supervision.snapshot(),
  });
}
