import { ROLES, type Role } from './roles';

// Who may call what, written once (issue #26 point 2). buildApp applies this table to every HTTP route and checks
// every socket command against it at startup (a route or command missing here, or declaring other roles, stops
// the server); docs/SECURITY.md's role matrix is rendered from it (renderRoleMatrix, checked by a test); and
// tests/integration/security/role-matrix.test.ts drives every route and command as every role against it.
// A row-level rule (an operator's own calls, recordings) is the service's business on top of this.

export type Audience = 'public' | readonly Role[];

const ALL: readonly Role[] = ROLES;
const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
const MANAGERS: readonly Role[] = ['campaign_manager', 'supervisor', 'admin'];
const ADMINS: readonly Role[] = ['admin'];

/** Every HTTP route, "METHOD /url" as fastify registers it. */
export const ROUTE_POLICY: Readonly<Record<string, Audience>> = {
  'GET /health': 'public',
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /metrics': 'public', // its own bearer token (METRICS_TOKEN), see docs/SECURITY.md
  'GET /api/openapi.json': 'public',
  'GET /*': 'public', // the console's static files
  'POST /api/auth/login': 'public',
  'GET /api/auth/me': ALL,
  'PATCH /api/auth/me': ALL,
  'GET /api/auth/sip': ALL,
  'POST /api/auth/logout': ALL,
  'POST /api/auth/recording-link': ALL,
  'POST /api/auth/password': ALL,

  'GET /api/users': ADMINS,
  'POST /api/users': ADMINS,
  'GET /api/users/:id': ADMINS,
  'PATCH /api/users/:id': ADMINS,
  'POST /api/users/:id/password': ADMINS,
  'POST /api/users/:id/sip': ADMINS,
  'GET /api/queues': ADMINS,
  'POST /api/queues': ADMINS,
  'PATCH /api/queues/:id': ADMINS,
  'PUT /api/queues/:id/members/:userId': ADMINS,
  'DELETE /api/queues/:id/members/:userId': ADMINS,
  'GET /api/settings': ADMINS,
  'PATCH /api/settings': ADMINS,
  'GET /api/audit': ADMINS, // every user's changes, before and after: not for supervisors (issue #21)

  'GET /api/lists': ALL,
  'POST /api/lists/:list': ADMINS,
  'PATCH /api/lists/:list/:code': ADMINS,
  'DELETE /api/lists/:list/:code': ADMINS,
  'PUT /api/lists/:list/order': ADMINS,

  'POST /api/customer-imports': MANAGERS,
  'GET /api/customer-imports': MANAGERS,
  'GET /api/customer-imports/:id': MANAGERS,
  'GET /api/customer-imports/:id/errors.csv': MANAGERS,
  'POST /api/customer-imports/:id/import': MANAGERS,

  'GET /api/customers': ALL,
  'POST /api/customers': ALL,
  'GET /api/customers/export.csv': MANAGERS,
  'POST /api/customers/import': MANAGERS,
  'GET /api/customers/:id': ALL,
  'PATCH /api/customers/:id': ALL,
  'DELETE /api/customers/:id': SUPERVISORS,
  'GET /api/lead-sources': ALL,
  'POST /api/lead-sources': ADMINS,
  'PATCH /api/lead-sources/:id': ADMINS,
  'GET /api/lead-sources/costs': ADMINS,
  'PUT /api/lead-sources/:id/costs/:month': ADMINS,
  'DELETE /api/lead-sources/:id/costs/:month': ADMINS,
  'GET /api/products': ALL,
  'GET /api/customers/:id/timeline': ALL,
  'POST /api/customers/:id/interactions': ALL,
  'GET /api/customers/:id/cases': ALL,
  'POST /api/customers/:id/cases': ALL,
  'GET /api/cases/:caseId': ALL,
  'PATCH /api/cases/:caseId': ALL,
  'GET /api/customers/:id/purchases': ALL,
  'POST /api/customers/:id/purchases': ALL,
  'GET /api/customers/:id/tasks': ALL,
  'POST /api/customers/:id/tasks': ALL,

  'POST /api/calls/originate': ALL,
  'POST /api/calls/:id/customer': ALL,
  'GET /api/calls/:id': ALL,
  'GET /api/calls/:id/recording': ALL,

  'GET /api/agents/me/state': ALL,
  'GET /api/agents/me/call': ALL,
  'POST /api/agents/me/call/hangup': ALL,
  'POST /api/agents/me/call/transfer': ALL,
  'POST /api/agents/me/call/transfer/complete': ALL,
  'POST /api/agents/me/call/transfer/cancel': ALL,
  'POST /api/agents/me/call/dtmf': ALL,
  'GET /api/agents/transfer-targets': ALL,
  'GET /api/agents/me/queues-waiting': ALL,
  'POST /api/agents/me/state': ALL,
  'GET /api/pause-reasons': ALL,
  'POST /api/wrapups': ALL,
  'GET /api/wrapups/pending': ALL,
  'GET /api/refusal-reasons': ALL,
  'GET /api/dispositions': ALL,
  'GET /api/tasks/due': ALL,
  'GET /api/tasks/mine': ALL,
  'GET /api/tasks/by-customer/:id': ALL,
  'POST /api/tasks/:id/done': ALL,

  'GET /api/supervision/snapshot': SUPERVISORS,
  'POST /api/supervision/spy': SUPERVISORS,
  'GET /api/supervision/session': SUPERVISORS,
  'POST /api/supervision/stop': SUPERVISORS,
  'POST /api/supervision/agent-control': SUPERVISORS,

  'GET /api/reports/operational': SUPERVISORS,
  'GET /api/reports/analytical/lead-sources': MANAGERS,
  'GET /api/reports/analytical/segments': MANAGERS,
  'GET /api/reports/analytical/campaigns': MANAGERS,
  'GET /api/reports/analytical/campaign-abandons': MANAGERS,
  'GET /api/reports/analytical/campaign-amd': MANAGERS,
  'GET /api/reports/analytical/cases': MANAGERS,
  'GET /api/reports/analytical/due-contacts': MANAGERS,
  'GET /api/reports/analytical/offers': MANAGERS,

  'GET /api/segments': MANAGERS,
  'POST /api/segments': MANAGERS,
  'POST /api/segments/preview': MANAGERS,
  'GET /api/segments/:id': MANAGERS,
  'GET /api/segments/:id/preview': MANAGERS,
  'PATCH /api/segments/:id': MANAGERS,
  'DELETE /api/segments/:id': MANAGERS,

  'GET /api/campaigns': MANAGERS,
  'POST /api/campaigns': MANAGERS,
  'GET /api/campaigns/agents': MANAGERS,
  'GET /api/campaigns/:id': MANAGERS,
  'PATCH /api/campaigns/:id': MANAGERS,
  'DELETE /api/campaigns/:id': MANAGERS,
  'POST /api/campaigns/:id/start': MANAGERS,
  'POST /api/campaigns/:id/pause': MANAGERS,
  'POST /api/campaigns/:id/stop': MANAGERS,
  'GET /api/campaigns/:id/progress': MANAGERS,
  'GET /api/campaigns/:id/pacing': MANAGERS,
  'GET /api/campaigns/:id/attempts': MANAGERS,
  'GET /api/campaigns/preview/next': ALL,
  'POST /api/campaigns/attempts/:id/dial': ALL,
  'GET /api/campaigns/attempts/:id/card': ALL,
  'POST /api/campaigns/attempts/:id/skip': ALL,
  'POST /api/campaigns/attempts/:id/outcome': ALL,
  'GET /api/offers': MANAGERS,
  'POST /api/offers': MANAGERS,
  'POST /api/offers/refit': MANAGERS,
  'GET /api/offers/:id': MANAGERS,
  'PATCH /api/offers/:id': MANAGERS,
  'GET /api/customers/:id/offers': ALL,
  'GET /api/dnc-numbers': MANAGERS,
  'POST /api/dnc-numbers': MANAGERS,
  'DELETE /api/dnc-numbers/:e164': MANAGERS,
};

/** Every socket command (client -> server event). */
export const SOCKET_POLICY: Readonly<Record<string, readonly Role[]>> = {
  'agent:login': ALL,
  'agent:set-state': ALL,
  'supervision:snapshot': SUPERVISORS,
  'supervision:spy': SUPERVISORS,
  'supervision:agent-control': SUPERVISORS,
};

/**
 * Actions inside a route that not every role of the route may take; the service checks these (mayDo).
 * Lifting a contact block makes a customer callable again: do-not-call cleared, or outbound consent given back.
 * Any role may set the block (the customer asked on the phone); every change is audited.
 */
export const CAPABILITY_POLICY = {
  'customer:lift-contact-block': MANAGERS,
} as const satisfies Readonly<Record<string, readonly Role[]>>;
export type Capability = keyof typeof CAPABILITY_POLICY;

export const mayDo = (role: Role, capability: Capability): boolean => (CAPABILITY_POLICY[capability] as readonly Role[]).includes(role);

export const routeKey = (method: string, url: string) => `${method} ${url}`;

const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((r) => b.includes(r));

/** The audience of a route as the table says, or a sentence saying why the route cannot be registered. */
export function routeAudience(method: string, url: string, declared: { roles?: readonly Role[] | undefined; public?: boolean | undefined }): Audience | { problem: string } {
  const key = routeKey(method, url);
  const audience = ROUTE_POLICY[key];
  if (audience === undefined) return { problem: `route ${key} is not in the role policy (server/contract/role-policy.ts)` };
  if (audience === 'public' ? declared.roles !== undefined : declared.public === true || (declared.roles !== undefined && !sameRoles(declared.roles, audience))) {
    return { problem: `route ${key} declares ${declared.public ? 'public' : (declared.roles ?? []).join(',')} but the role policy says ${audience === 'public' ? 'public' : audience.join(',')}` };
  }
  return audience;
}

/** A sentence when a socket command is missing from the table or declares other roles; null when it agrees. */
export function socketCommandProblem(event: string, roles: readonly Role[]): string | null {
  const allowed = SOCKET_POLICY[event];
  if (!allowed) return `socket command ${event} is not in the role policy (server/contract/role-policy.ts)`;
  return sameRoles(roles, allowed) ? null : `socket command ${event} declares ${roles.join(',')} but the role policy says ${allowed.join(',')}`;
}

/** The role matrix of docs/SECURITY.md, rendered from the two tables. */
export function renderRoleMatrix(): string {
  const head = `| | ${ROLES.join(' | ')} |\n|---|${ROLES.map(() => ':-:').join('|')}|`;
  const cell = (a: Audience, r: Role) => (a === 'public' ? 'public' : a.includes(r) ? 'yes' : '-');
  const routes = Object.entries(ROUTE_POLICY).map(([k, a]) => `| \`${k}\` | ${ROLES.map((r) => cell(a, r)).join(' | ')} |`);
  const sockets = Object.entries(SOCKET_POLICY).map(([k, a]) => `| socket \`${k}\` | ${ROLES.map((r) => cell(a, r)).join(' | ')} |`);
  const capabilities = Object.entries(CAPABILITY_POLICY).map(([k, a]) => `| action \`${k}\` | ${ROLES.map((r) => cell(a, r)).join(' | ')} |`);
  return [head, ...routes, ...sockets, ...capabilities].join('\n');
}
