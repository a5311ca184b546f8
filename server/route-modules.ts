import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppServices } from './services';
import { callRoutes } from './calls/calls.routes';
import { agentRoutes } from './agents/agents.routes';
import { wrapupRoutes } from './wrapups/wrapups.routes';

// Each domain's routes plugin, registered by buildApp. Add a line per domain.
export const routeModules: Array<FastifyPluginAsyncTypebox<{ services: AppServices }>> = [
  callRoutes,
  agentRoutes,
  wrapupRoutes,
];
