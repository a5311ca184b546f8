import { Type, type Static } from '@sinclair/typebox';

// The health probes' replies (server/health/health.routes.ts, docs/OPERATIONS.md "Health").
const Component = Type.Object({ status: Type.Union([Type.Literal('up'), Type.Literal('down')]), detail: Type.Optional(Type.String()) });

/** GET /health/live: the process answers. */
export const LivenessView = Type.Object({ status: Type.Literal('up'), uptimeSeconds: Type.Number() });
export type LivenessView = Static<typeof LivenessView>;

/** GET /health/ready and /health (200, or 503 when the database or Redis is down). */
export const ReadinessView = Type.Object({
  status: Type.String(), db: Component, redis: Component, jobs: Type.String(),
  pbx: Type.Array(Type.Object({ id: Type.String(), status: Type.String() })),
  /** PBX events read and not applied yet on this node, and the age of the oldest (the AMI socket is not read above 5,000). */
  ingest: Type.Optional(Type.Object({ backlog: Type.Integer(), lagMs: Type.Integer() })),
});
export type ReadinessView = Static<typeof ReadinessView>;
