import type postgres from 'postgres';
import type { Logger } from '../logger';
import type { EventBus } from '../events/event-bus';
import type { PbxPort } from '../pbx/pbx-port';

// Keeps every PBX's view of the agents' SIP accounts current. Asterisk reads them from the ps_* views through
// realtime, behind full memory caches (pbx-config/sorcery.conf) that it does not read again by itself until they
// go stale: a user added, rotated or deactivated after Asterisk started would register with the old account, or
// not at all, for minutes. Migration 0032 announces every change to the columns the views read (whoever made it);
// on each announcement the PBXs whose AMI link this node holds repopulate their caches. What no announcement
// covers is caught up on too: the listening connection (re)established (changes while it was down) and an AMI link
// (re)connected (changes while the PBX was out of reach).
//
// Refreshes of one PBX never overlap: changes that arrive while one runs are served by a single refresh after it,
// so a bulk import of a thousand users costs at most two.

export const SIP_ACCOUNTS_CHANNEL = 'warmline_sip_accounts';

export interface SipAccountSyncDeps {
  /** The connection that LISTENs (postgres.js keeps it open and listens again after a reconnect). */
  sql: postgres.Sql;
  bus: EventBus;
  /** The PBXs this node holds the AMI link of (services.pbx). */
  pbx: ReadonlyMap<string, PbxPort>;
  log: Logger;
}

export interface SipAccountSync {
  /** Resolves when no refresh is running or due (tests wait on it instead of sleeping). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

interface Refresher { running: Promise<void> | null; again: boolean }

export function startSipAccountSync(deps: SipAccountSyncDeps): SipAccountSync {
  const log = deps.log.child({ part: 'sip-account-sync' });
  const refreshers = new Map<string, Refresher>();
  let stopped = false;

  const refresh = (pbxId: string, why: string): void => {
    if (stopped) return;
    let r = refreshers.get(pbxId);
    if (!r) refreshers.set(pbxId, r = { running: null, again: false });
    if (r.running) { r.again = true; return; }
    const state = r;
    // Cleared in finally, never inside the loop: a loop that ends before its first await (the link is down) would
    // clear it before the assignment below and leave a settled promise there for ever (no later run, stop() spinning).
    const loop = async (): Promise<void> => {
      do {
        state.again = false;
        const port = deps.pbx.get(pbxId);
        if (!port?.isConnected()) break; // the link's 'connected' brings us back
        try {
          await port.refreshSipAccounts();
          log.debug({ pbx: pbxId, why }, 'SIP accounts refreshed on the PBX');
        } catch (err) {
          log.warn({ pbx: pbxId, why, err: err instanceof Error ? err.message : String(err) }, 'SIP accounts not refreshed on the PBX');
        }
      } while (state.again && !stopped);
    };
    state.running = loop().finally(() => { state.running = null; });
  };
  const refreshAll = (why: string): void => { for (const id of deps.pbx.keys()) refresh(id, why); };

  const unsubscribe = deps.bus.subscribe('pbx.connection_changed', (e) => { if (e.connected) refresh(e.pbxId, 'pbx connected'); });
  // The first LISTEN is made at start, when every link is about to connect (and refresh then); a later one is
  // postgres.js listening again after its connection closed, which may have missed announcements. Should that
  // re-listen fail too (the database still down), sorcery.conf's object_lifetime_stale is the backstop.
  let first = true;
  let listening: { unlisten(): Promise<void> } | null = null;
  let retry: NodeJS.Timeout | null = null;
  const listen = (): void => {
    deps.sql.listen(SIP_ACCOUNTS_CHANNEL, (payload) => refreshAll(`changed: ${payload}`), () => {
      if (!first) refreshAll('listening again');
      first = false;
    }).then((l) => {
      if (stopped) void l.unlisten().catch(() => undefined);
      else listening = l;
    }, (err: unknown) => {
      if (stopped) return;
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'cannot LISTEN for SIP account changes; retrying in 5 s');
      retry = setTimeout(listen, 5_000);
      retry.unref();
    });
  };
  listen();

  const settled = async (): Promise<void> => {
    for (;;) {
      const running = [...refreshers.values()].map((r) => r.running).filter((p): p is Promise<void> => p !== null);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  };
  return {
    settled,
    async stop() {
      stopped = true;
      unsubscribe();
      if (retry) clearTimeout(retry);
      await listening?.unlisten().catch(() => undefined);
      await settled();
    },
  };
}
