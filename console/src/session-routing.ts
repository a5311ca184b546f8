import { watch } from 'vue';
import type { Router } from 'vue-router';
import { canOpen } from './navigation';
import { useAuthStore } from './stores/auth.store';
import { startSession } from './session';

// Where the router and the session meet: a page that needs a user restores it and starts the session, and a
// session that ends (the user cleared) goes back to the login page. Its own module, installed by main.ts once
// Pinia is there, so that the router does not import the session (whose login view the router loads) nor the
// session the router.
export function installSessionRouting(router: Router): void {
  router.beforeEach(async (to) => {
    if (to.meta.public && to.name !== 'change-password') return true;
    const auth = useAuthStore();
    const user = await auth.restore();
    if (!user) return { name: 'login', query: to.fullPath !== '/console' ? { next: to.fullPath } : {} };
    // A password an administrator set must be replaced first: the server refuses everything else until then.
    if (user.mustChangePassword) return to.name === 'change-password' ? true : { name: 'change-password' };
    if (to.name === 'change-password') return { name: 'console' };
    // Started here too so a reload with a live token reconnects without passing through the login page.
    void startSession(user);
    if (to.meta.section && !canOpen(user.role, to.meta.section)) return { name: 'console' };
    return true;
  });
  const auth = useAuthStore();
  // flush 'sync': the way to the login page starts as the user is cleared, where endSession used to push it.
  watch(() => auth.user, (user, before) => {
    if (!user && before && router.currentRoute.value.name !== 'login') void router.push({ name: 'login' });
  }, { flush: 'sync' });
}
