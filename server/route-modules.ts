import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppServices } from './services';

// Each domain's routes plugin, registered by buildApp. Add a line per domain.
export const routeModules: Array<FastifyPluginAsyncTypebox<{ services: AppServices }>> = [];
