import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { canOpen, type NavKey } from './navigation';
import { useAuthStore } from './stores/auth.store';

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
  { path: '/campaigns', name: 'campaigns', component: () => import('./views/CampaignsView.vue'), meta: { section: 'campaigns' } },
  { path: '/:rest(.*)*', redirect: { name: 'console' } },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const auth = useAuthStore();
  const user = await auth.restore();
  if (!user) return { name: 'login', query: to.fullPath !== '/console' ? { next: to.fullPath } : {} };
  // Started lazily so a reload with a live token reconnects without passing through the login page.
  const { startSession } = await import('./session');
  void startSession(user);
  if (to.meta.section && !canOpen(user.role, to.meta.section)) return { name: 'console' };
  return true;
});
