import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppServices } from './services';
import { customersRoutes } from './customers/customers.routes';
import { customerActivityRoutes } from './customers/customer-activity.routes';
import { callRoutes } from './calls/calls.routes';
import { agentRoutes } from './agents/agents.routes';
import { wrapupRoutes } from './wrapups/wrapups.routes';
import { supervisionRoutes } from './supervision/supervision.routes';
import { tasksRoutes } from './tasks/tasks.routes';
import { reportsRoutes } from './reports/reports.routes';
import { segmentsRoutes } from './segments/segments.routes';
import { campaignsRoutes } from './campaigns/campaigns.routes';
import { usersRoutes } from './users/users.routes';
import { auditRoutes } from './audit/audit.routes';
import { listsRoutes } from './lists/lists.routes';
import { leadSourcesRoutes } from './lead-sources/lead-sources.routes';
import { offersRoutes } from './offers/offers.routes';
import { customerImportsRoutes } from './imports/customer-imports.routes';
import { queuesRoutes } from './queues/queues.routes';
import { settingsRoutes } from './settings/settings.routes';

// Each domain's routes plugin, registered by buildApp. Add a line per domain.
export const routeModules: Array<FastifyPluginAsyncTypebox<{ services: AppServices }>> = [
  customersRoutes,
  customerActivityRoutes,
  callRoutes,
  agentRoutes,
  wrapupRoutes,
  supervisionRoutes,
  tasksRoutes,
  reportsRoutes,
  segmentsRoutes,
  campaignsRoutes,
  usersRoutes,
  auditRoutes,
  listsRoutes,
  leadSourcesRoutes,
  offersRoutes,
  customerImportsRoutes,
  queuesRoutes,
  settingsRoutes,
];
