import { ROLES, type Role } from '@contract/roles';

export { ROLES, type Role };

export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  extension: string | null;
  locale: string;
  /** Set by an administrator's create or reset: every route but the password change answers 403 until it is done. */
  mustChangePassword?: boolean;
}

// Named groups used by route declarations, so a route says who may call it in one word.
export const ANY_USER: readonly Role[] = ROLES;
export const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
export const CAMPAIGN_MANAGERS: readonly Role[] = ['campaign_manager', 'supervisor', 'admin'];
export const AGENTS: readonly Role[] = ['operator', 'supervisor', 'campaign_manager', 'admin'];
export const ADMINS: readonly Role[] = ['admin'];
export const REPORT_READERS: readonly Role[] = ['supervisor', 'campaign_manager', 'admin'];
