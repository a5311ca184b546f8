// Who a user is, as both sides name it: the console shows and routes by role; the server's access rules
// (server/auth/roles.ts) group these.
export const ROLES = ['operator', 'supervisor', 'campaign_manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
