import type { User } from './api/types';
import { api } from './api/endpoints';
import { getToken, onUnauthorized } from './api/http';
import { applyLocale, isLocale } from './i18n';
import { connectRealtime, disconnectRealtime } from './realtime/socket';
import { startSoftphone, stopSoftphone } from './softphone/softphone-service';
import { useAgentStore } from './stores/agent.store';
import { useAuthStore } from './stores/auth.store';
import { useCallsStore } from './stores/calls.store';
import { useCampaignsStore } from './stores/campaigns.store';
import { useOutboundStore } from './stores/outbound.store';
import { useSpySessionStore } from './stores/spy-session.store';
import { usePopStore } from './stores/pop.store';
import { useRemindersStore } from './stores/reminders.store';
import { useWallboardStore } from './stores/wallboard.store';
import { useWrapupStore } from './stores/wrapup.store';

let started: number | null = null;

// The phone's library (sip.js, ~43 KB brotli, the biggest single piece) is fetched once the console's first screen is
// painted, not before it (issue #22.6): an operator signing in lands paused ("Just logged in"), and the phone has
// registered long before Go ready is pressed. AppShell calls shellShown() when it has mounted.
let showShell: () => void = () => {};
const shellOnScreen = new Promise<void>((resolve) => { showShell = resolve; });
export function shellShown(): void {
  // bench/console-assets.bench.ts: the JS requested before this mark is the first screen's.
  if (!performance.getEntriesByName('warmline:shell-shown').length) performance.mark('warmline:shell-shown');
  showShell();
}

/** Everything a signed-in console runs: realtime, softphone, reference data. Safe to call twice. */
export async function startSession(user: User): Promise<void> {
  if (started === user.id) return;
  // Nothing runs until a forced password change is done (the server refuses sockets and routes until then).
  if (user.mustChangePassword) return;
  started = user.id;
  if (isLocale(user.locale)) applyLocale(user.locale);
  // The server already refuses the token: nothing to revoke, just leave.
  onUnauthorized(() => void endSession({ revoke: false }));
  const token = getToken();
  if (token) connectRealtime(user, token, () => void endSession({ revoke: false }));
  void useAgentStore().loadPauseReasons();
  void useWrapupStore().loadDispositions();
  void shellOnScreen.then(() => requestAnimationFrame(() => setTimeout(() => {
    if (started === user.id) void startSoftphone(user);
  }, 0)));
}

/**
 * Signing out revokes the token on the server first (POST /api/auth/logout: it gives 401 from then on, and the
 * server closes its sockets), so a copy of it left in this tab or elsewhere is worthless.
 */
export async function endSession(opts: { revoke?: boolean } = {}): Promise<void> {
  started = null;
  disconnectRealtime();
  if (opts.revoke !== false && getToken()) await api.logout().catch(() => undefined);
  await stopSoftphone();
  for (const store of [useAgentStore(), useCallsStore(), usePopStore(), useRemindersStore(), useWallboardStore(), useWrapupStore(), useCampaignsStore(), useOutboundStore(), useSpySessionStore()]) store.clear();
  // Signing out clears the user; session-routing.ts follows that to the login page.
  useAuthStore().clear();
}

/** The picker saves the choice on the user's profile; an older server without the endpoint just keeps it locally. */
export async function changeLocale(code: string): Promise<void> {
  const locale = applyLocale(code);
  const auth = useAuthStore();
  if (!auth.user) return;
  auth.setLocale(locale);
  await api.saveLocale(locale).catch(() => {});
}
