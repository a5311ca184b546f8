import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config';
import { redactedRequest } from './http/log-redaction';

export type { Logger };

export function createLogger(config: Pick<Config, 'logLevel' | 'nodeId'>, destination?: DestinationStream): Logger {
  return pino({
    level: config.logLevel,
    base: { node: config.nodeId },
    redact: { paths: ['req.headers.authorization', '*.password', '*.secret', '*.token'], censor: '[redacted]' },
    // Overrides fastify's req serializer (fastify merges the instance's own last): URLs with credentials redacted.
    serializers: { req: redactedRequest },
  }, destination);
}
