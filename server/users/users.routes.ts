import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  AdminUserView, ChangePasswordBody, CreateUserBody, ResetPasswordBody, ResetPasswordReply, SipSecretReply,
  UpdateUserBody, UserChangeReply, UserIdParams, UserListQuery, UserListReply,
} from '@contract/users.schemas';
import { ADMINS, ANY_USER } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import type { AppServices } from '../services';
import type { UserChange } from './users.service';

// User administration (issue #21). Admin only, but for the user's own password change, which is the one route
// (besides /me and logout) a user who must change their password may call.
export const usersRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  const actor = (request: FastifyRequest) => ({ id: currentUser(request).id, ip: request.ip });
  // A deactivated user, a changed role or a reset password ends the user's open consoles at once, on every node
  // (the Redis adapter carries it); their tokens are refused from the next request by the auth guard.
  const cut = (change: UserChange) => { if (change.cutSessions) app.gateway.disconnectUser(change.user.id); };
  const reply = (change: UserChange) => ({ user: change.user, temporaryPassword: change.temporaryPassword, sip: change.sip });

  app.get('/api/users', {
    schema: { tags: ['users'], querystring: UserListQuery, response: { 200: UserListReply } },
    config: { roles: ADMINS },
  }, async (request) => ({ users: await services.userAdmin.list(request.query) }));

  app.post('/api/users', {
    schema: { tags: ['users'], body: CreateUserBody, response: { 201: UserChangeReply } },
    config: { roles: ADMINS },
  }, async (request, res) => res.code(201).send(reply(await services.userAdmin.create(request.body, actor(request)))));

  app.get('/api/users/:id', {
    schema: { tags: ['users'], params: UserIdParams, response: { 200: AdminUserView } },
    config: { roles: ADMINS },
  }, async (request) => services.userAdmin.get(request.params.id));

  app.patch('/api/users/:id', {
    schema: { tags: ['users'], params: UserIdParams, body: UpdateUserBody, response: { 200: UserChangeReply } },
    config: { roles: ADMINS },
  }, async (request) => {
    const change = await services.userAdmin.update(request.params.id, request.body, actor(request));
    cut(change);
    return reply(change);
  });

  app.post('/api/users/:id/password', {
    schema: { tags: ['users'], params: UserIdParams, body: ResetPasswordBody, response: { 200: ResetPasswordReply } },
    config: { roles: ADMINS },
  }, async (request) => {
    const change = await services.userAdmin.resetPassword(request.params.id, request.body.password, actor(request));
    cut(change);
    return { user: change.user, temporaryPassword: change.temporaryPassword };
  });

  app.post('/api/users/:id/sip', {
    schema: { tags: ['users'], params: UserIdParams, response: { 200: SipSecretReply } },
    config: { roles: ADMINS },
  }, async (request) => services.userAdmin.rotateSip(request.params.id, actor(request)));

  app.post('/api/auth/password', {
    schema: { tags: ['auth'], body: ChangePasswordBody, response: { 200: AdminUserView } },
    config: { roles: ANY_USER, duringPasswordChange: true },
  }, async (request) => services.userAdmin.changeOwnPassword(currentUser(request).id, request.body.currentPassword, request.body.newPassword, request.ip));
};
