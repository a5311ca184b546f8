import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditListReply, AuditQuery } from '@contract/audit.schemas';
import { ADMINS } from '../auth/roles';
import type { AppServices } from '../services';

// The audit log browser (issue #21), admins only. The query and the rows are the contract's (audit.schemas.ts).
export const auditRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.get('/api/audit', {
    schema: { tags: ['admin'], querystring: AuditQuery, response: { 200: AuditListReply } },
    config: { roles: ADMINS },
  }, async (request) => {
    const { from, to, ...rest } = request.query;
    const rows = await services.audit.list({ ...rest, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined });
    return rows.map((r) => ({ ...r, at: r.at.toISOString(), details: (r.details ?? {}) as Record<string, unknown> }));
  });
};
