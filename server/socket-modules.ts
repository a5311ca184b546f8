import type { AppServices } from './services';
import type { RealtimeGateway } from './realtime/gateway';
import { registerAgentCommands } from './agents/agents.routes';
import { registerSupervisionCommands } from './supervision/supervision.routes';

// Each domain's socket commands (client -> server), registered on the gateway by buildApp. A line per domain.
export const socketModules: Array<(services: AppServices, gateway: RealtimeGateway) => void> = [
  registerAgentCommands,
  registerSupervisionCommands,
];
