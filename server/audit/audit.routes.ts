import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ADMINS } from '../auth/roles';
import type { AppServices } from '../services';

// The audit log browser (issue #21), admins only: it holds every user's changes with before and after. Action exact
// or a prefix ending in '.' or '*', who acted, on what, when; beforeId pages back through older rows.
export const AuditQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  userId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  target: Type.Optional(Type.String({ maxLength: 128 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  beforeId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
});

export const auditRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.get('/api/audit', {
    schema: { tags: ['admin'], querystring: AuditQuery },
    config: { roles: ADMINS },
  }, async (request) => {
    const { from, to, ...rest } = request.query;
    return services.audit.list({ ...rest, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined });
  });
};
