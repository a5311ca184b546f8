import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REPORT_READERS, SUPERVISORS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import type { AppServices } from '../services';
import {
  CampaignAbandonsReportView, CampaignAmdReportView, CampaignDialsQuery,
  CampaignsQuery, CampaignsReportView, CasesQuery, CasesReportView, DueContactsQuery, DueContactsReportView, LeadSourcesQuery,
  LeadSourcesReportView, OperationalQuery, OperationalReportView, SegmentsQuery, SegmentsReportView,
} from '@contract/reports.schemas';
import { jsonOrCsvReply } from '@contract/http-replies';

// JSON by default; format=csv returns one table of the report as an attachment (audited by the service).
export const reportsRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  const reports = services.reports;

  async function respond<T>(request: FastifyRequest, reply: FastifyReply, name: string, data: T, rows: ReadonlyArray<object>): Promise<T | FastifyReply> {
    const query = request.query as Record<string, unknown>;
    if (query.format !== 'csv') return data;
    const { filename, body } = await reports.exportCsv(currentUser(request), name, rows, query, request.ip);
    return reply.header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`).send(body);
  }

  app.get('/api/reports/operational', {
    schema: { tags: ['reports'], querystring: OperationalQuery, response: jsonOrCsvReply(OperationalReportView) },
    config: { roles: SUPERVISORS },
  }, async (request, reply) => {
    const report = await reports.operationalReport(request.query);
    return respond(request, reply, `operational-${report.groupBy}`, report, report.rows);
  });

  app.get('/api/reports/analytical/lead-sources', {
    schema: { tags: ['reports'], querystring: LeadSourcesQuery, response: jsonOrCsvReply(LeadSourcesReportView) },
    config: { roles: REPORT_READERS },
  }, async (request, reply) => {
    const report = await reports.leadSources(request.query);
    return respond(request, reply, 'lead-sources', report, report.rows);
  });

  app.get('/api/reports/analytical/segments', {
    schema: { tags: ['reports'], querystring: SegmentsQuery, response: jsonOrCsvReply(SegmentsReportView) },
    config: { roles: REPORT_READERS },
  }, async (request, reply) => {
    const report = await reports.segments(request.query);
    return respond(request, reply, `segments-${report.by}`, report, report.rows);
  });

  app.get('/api/reports/analytical/campaigns', {
    schema: { tags: ['reports'], querystring: CampaignsQuery, response: jsonOrCsvReply(CampaignsReportView) },
    config: { roles: REPORT_READERS },
  }, async (request, reply) => {
    const report = await reports.campaigns(request.query);
    const refusals = request.query.table === 'refusal_reasons';
    return respond(request, reply, refusals ? 'campaign-refusal-reasons' : 'campaigns', report, refusals ? report.refusalReasons : report.rows);
  });

  app.get('/api/reports/analytical/campaign-abandons', {
    schema: { tags: ['reports'], querystring: CampaignDialsQuery, response: jsonOrCsvReply(CampaignAbandonsReportView) },
    config: { roles: REPORT_READERS },
  }, async (request, reply) => {
    const report = await reports.campaignAbandons(request.query);
    return respond(request, reply, `campaign-${report.campaignId}-abandons`, report, report.rows);
  });

  app.get('/api/reports/analytical/campaign-amd', {
    schema: { tags: ['reports'], querystring: CampaignDialsQuery, response: jsonOrCsvReply(CampaignAmdReportView) },
    config: { roles: REPORT_READERS },
  }, async (request, reply) => {
    const report = await reports.campaignAmd(request.query);
    return respond(request, reply, `campaign-${report.campaignId}-amd`, report, report.rows);
  });

  app.get('/api/reports/analytical/cases', {
    schema: { tags: ['reports'], querystring: CasesQuery, response: jsonOrCsvReply(CasesReportView) },
    config: { roles: REPORT_READERS },
  }, async (request, reply) => {
    const report = await reports.cases(request.query);
    return respond(request, reply, 'cases', report, report.rows);
  });

  app.get('/api/reports/analytical/due-contacts', {
    schema: { tags: ['reports'], querystring: DueContactsQuery, response: jsonOrCsvReply(DueContactsReportView) },
    config: { roles: REPORT_READERS },
  }, async (request, reply) => {
    const report = await reports.dueContacts(request.query);
    return respond(request, reply, `due-contacts-${report.kind}`, report, report.rows);
  });
};
