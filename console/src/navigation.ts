import type { Role } from './api/types';

export type NavKey = 'console' | 'customers' | 'wallboard' | 'reports' | 'campaigns' | 'admin';

const BY_ROLE: Record<Role, readonly NavKey[]> = {
  operator: ['console', 'customers'],
  supervisor: ['console', 'customers', 'wallboard', 'reports'],
  campaign_manager: ['console', 'customers', 'campaigns', 'reports'],
  admin: ['console', 'customers', 'wallboard', 'reports', 'campaigns', 'admin'],
};

/** Which sections a role sees (and may open: the router guard uses the same table). */
export function navFor(role: Role | null): readonly NavKey[] {
  return role ? BY_ROLE[role] : [];
}

export function canOpen(role: Role | null, key: NavKey): boolean {
  return navFor(role).includes(key);
}
