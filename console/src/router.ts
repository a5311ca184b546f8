import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { NavKey } from './navigation';

declare module 'vue-router' {
  interface RouteMeta { public?: boolean; section?: NavKey }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  { path: '/', redirect: { name: 'console' } },
  { path: '/console', name: 'console', component: () => import('./views/ConsoleView.vue'), meta: { section: 'console' } },
  { path: '/customers', name: 'customers', component: () => import('./views/CustomersView.vue'), meta: { section: 'customers' } },
  { path: '/customers/:id(\\d+)', name: 'customer', component: () => import('./views/CustomerView.vue'), meta: { section: 'customers' }, props: (r) => ({ id: Number(r.params.id) }) },
  { path: '/wallboard', name: 'wallboard', component: () => import('./views/WallboardView.vue'), meta: { section: 'wallboard' } },
  { path: '/reports', name: 'reports', component: () => import('./views/ReportsView.vue'), meta: { section: 'reports' } },
  { path: '/admin', redirect: { name: 'admin-users' } },
  { path: '/admin/audit', name: 'admin-audit', component: () => import('./views/admin/AuditView.vue'), meta: { section: 'admin' } },
  { path: '/admin/lead-sources', name: 'admin-lead-sources', component: () => import('./views/admin/LeadSourcesView.vue'), meta: { section: 'admin' } },
  { path: '/admin/lists', name: 'admin-lists', component: () => import('./views/admin/ListsView.vue'), meta: { section: 'admin' } },
  { path: '/admin/queues', name: 'admin-queues', component: () => import('./views/admin/QueuesView.vue'), meta: { section: 'admin' } },
  { path: '/admin/imports', name: 'admin-imports', component: () => import('./views/admin/ImportsView.vue'), meta: { section: 'admin' } },
  { path: '/admin/settings', name: 'admin-settings', component: () => import('./views/admin/SettingsView.vue'), meta: { section: 'admin' } },
  { path: '/admin/users', name: 'admin-users', component: () => import('./views/admin/UsersView.vue'), meta: { section: 'admin' } },
  // Public to the router's shell (no navigation around it); session-routing.ts sends a user who must change their
  // password here, and only such a user.
  { path: '/password', name: 'change-password', component: () => import('./views/admin/ChangePasswordView.vue'), meta: { public: true } },
  { path: '/campaigns/offers', name: 'offers', component: () => import('./views/OffersView.vue'), meta: { section: 'offers' } },
  { path: '/campaigns', name: 'campaigns', component: () => import('./views/CampaignsView.vue'), meta: { section: 'campaigns' } },
  { path: '/:rest(.*)*', redirect: { name: 'console' } },
];

// The routes only: who may open them and the session they start are session-routing.ts's (installed by main.ts).
export const router = createRouter({ history: createWebHistory(), routes });
