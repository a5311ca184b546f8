import type { Role } from './api/types';

export type NavKey = 'console' | 'customers' | 'wallboard' | 'reports' | 'campaigns' | 'offers' | 'admin';

const BY_ROLE: Record<Role, readonly NavKey[]> = {
  operator: ['console', 'customers'],
  supervisor: ['console', 'customers', 'wallboard', 'reports'],
  campaign_manager: ['console', 'customers', 'campaigns', 'offers', 'reports'],
  admin: ['console', 'customers', 'wallboard', 'reports', 'campaigns', 'offers', 'admin'],
};

/** Which sections a role sees (and may open: the router guard uses the same table). */
export function navFor(role: Role | null): readonly NavKey[] {
  return role ? BY_ROLE[role] : [];
}

/** Where a section's menu entry leads: its own path, or a page under another section's (the offer catalogue). */
const PATHS: Partial<Record<NavKey, string>> = { offers: '/campaigns/offers' };
export function pathOf(key: NavKey): string {
  return PATHS[key] ?? `/${key}`;
}

export function canOpen(role: Role | null, key: NavKey): boolean {
  return navFor(role).includes(key);
}
