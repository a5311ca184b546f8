import type { ServerToClientEvents } from '@contract/wire-events';
import type { User } from '../api/types';
import { api } from '../api/endpoints';
import { useAgentStore } from '../stores/agent.store';
import { useCallsStore } from '../stores/calls.store';
import { useCampaignsStore } from '../stores/campaigns.store';
import { useSoftphoneStore } from '../stores/softphone.store';
import { usePopStore } from '../stores/pop.store';
import { useRemindersStore } from '../stores/reminders.store';
import { useWallboardStore } from '../stores/wallboard.store';
import { useWrapupStore } from '../stores/wrapup.store';
import { useListsStore } from '../stores/lists.store';
import { useQueuesAdminStore } from '../stores/queues-admin.store';
import { useQueuesWaitingStore } from '../stores/queues-waiting.store';
import { useSpySessionStore } from '../stores/spy-session.store';
import { notifyTaskDue } from './task-toast';
import { closeSocket, openSocket, realtimeStatus } from './connection';

let currentUser: User | null = null;
let onExpired: (() => void) | null = null;

const SUPERVISION_ROLES = ['supervisor', 'admin'];
const CAMPAIGN_ROLES = ['campaign_manager', 'supervisor', 'admin'];

// The one place socket events become store actions. Every handler is idempotent: events may repeat or arrive
// late, and the stores compare seq (or ids) before changing anything.
function handlers(me: User): { [E in keyof ServerToClientEvents]: ServerToClientEvents[E] } {
  return {
    'screen-pop': (pop) => usePopStore().show(pop),
    'call:updated': (call) => {
      const changed = useCallsStore().upsert(call);
      // Every call of mine that ends needs a wrap-up: answered, failed, or an outbound attempt; not a call between two
      // agents (an attended transfer's consultation), which has no customer (issue #20.4).
      if (changed && call.status === 'ended' && call.agentUserId === me.id && call.direction !== 'internal') {
        if (useWrapupStore().openFor(call.callId)) void refreshWrapupDeadline();
      }
    },
    'agent:state': (status) => {
      if (status.userId === me.id) {
        useAgentStore().apply(status);
        if (status.state === 'wrapup') void refreshWrapupDeadline();
      }
      if (SUPERVISION_ROLES.includes(me.role)) useWallboardStore().applyAgent(status);
    },
    'task:due': (task) => {
      if (useRemindersStore().add(task)) notifyTaskDue(task);
    },
    'queue:stats': (stats) => useWallboardStore().applyQueue(stats),
    'queue:waiting': (change) => { if (me.extension) useQueuesWaitingStore().apply(change); },
    'wallboard:alert': (alert) => useWallboardStore().addAlert(alert),
    'supervision:session': (change) => useSpySessionStore().apply(change),
    'campaign:progress': (progress) => useCampaignsStore().progressChanged(progress.campaignId),
    'campaign:pacing': (pacing) => useCampaignsStore().pacingPushed(pacing),
    'session:expired': () => onExpired?.(),
    'lists:changed': () => { void useListsStore().load(); },
    'queues:changed': () => { void useQueuesAdminStore().changed(); },
  };
}

async function refreshWrapupDeadline(): Promise<void> {
  const snapshot = await useAgentStore().refresh();
  if (snapshot?.wrapupDeadline) useWrapupStore().setDeadline(snapshot.wrapupDeadline);
  const wrapupCall = snapshot?.callId;
  if (snapshot?.state === 'wrapup' && wrapupCall) useWrapupStore().openFor(wrapupCall);
}

/** The server is the truth of the agent's call (issue #20.2): after a reload the call and its pop come back from it. */
async function restoreCurrentCall(): Promise<void> {
  const current = await api.myCall().catch(() => null);
  if (!current?.call) return;
  useCallsStore().upsert({ ...current.call, seq: 0 });
  if (current.pop) usePopStore().show(current.pop);
  // An attended transfer in progress comes back with its Complete/Cancel (the softphone attaches the call from the
  // agent's state; the panel clears `consulting` when the phone leaves the call).
  useSoftphoneStore().consulting = current.consulting;
}

/** After every (re)connect: pushes may have been missed while offline, so snapshots replace local state. */
async function refetchSnapshots(me: User): Promise<void> {
  await Promise.all([
    refreshWrapupDeadline(),
    restoreCurrentCall(),
    useListsStore().load(),
    useWrapupStore().loadPending(),
    useRemindersStore().load(),
    me.extension ? useQueuesWaitingStore().load() : Promise.resolve(),
    CAMPAIGN_ROLES.includes(me.role) ? useCampaignsStore().refresh() : Promise.resolve(),
    // A supervisor's listen session survives a reload: the server reads it from the PBX (issue #20.9).
    SUPERVISION_ROLES.includes(me.role) && me.extension ? useSpySessionStore().load().catch(() => undefined) : Promise.resolve(),
    SUPERVISION_ROLES.includes(me.role)
      ? api.supervisionSnapshot().then((snap) => {
        useWallboardStore().applySnapshot(snap);
        if (snap) useCallsStore().replaceAll(snap.calls ?? []);
      }).catch(() => useWallboardStore().applySnapshot(null))
      : Promise.resolve(),
  ]);
}

export function connectRealtime(user: User, token: string, expired: () => void): void {
  disconnectRealtime();
  currentUser = user;
  onExpired = expired;
  const s = openSocket(token);
  const map = handlers(user);
  for (const [event, handler] of Object.entries(map)) {
    s.on(event as keyof ServerToClientEvents, handler as never);
  }
  s.on('connect', () => {
    realtimeStatus.value = 'online';
    void refetchSnapshots(user);
  });
  s.on('disconnect', (reason) => {
    realtimeStatus.value = s.active ? 'connecting' : 'offline';
    // The server closes a socket whose session ended (logout, deactivation, expiry: /me answers 401 and the
    // session ends) or whose role changed (/me answers: reconnect, joining the new role's rooms).
    if (reason === 'io server disconnect') {
      void api.me().then(() => { if (currentUser) s.connect(); }).catch(() => undefined);
    }
  });
  s.on('connect_error', (err) => {
    if (err.message === 'unauthorized') {
      onExpired?.();
      return;
    }
    realtimeStatus.value = 'connecting';
  });
}

export function disconnectRealtime(): void {
  closeSocket();
  currentUser = null;
}

export function realtimeUser(): User | null {
  return currentUser;
}
