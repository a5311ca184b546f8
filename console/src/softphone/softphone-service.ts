import { watch, type WatchStopHandle } from 'vue';
import { api } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { User } from '../api/types';
import { useCallsStore } from '../stores/calls.store';
import { usePopStore } from '../stores/pop.store';
import { useSoftphoneStore } from '../stores/softphone.store';
import { useWrapupStore } from '../stores/wrapup.store';
import type { SoftphoneAdapter } from './softphone-adapter';
import { LoopbackSoftphone } from './loopback-softphone';
import { SipJsSoftphone } from './sip-js-softphone';

// Module-level singleton: the adapter (and sip.js UserAgent inside it) never enters Pinia state.
let adapter: SoftphoneAdapter | null = null;
let stops: Array<() => void> = [];
let audioEl: HTMLAudioElement | null = null;

const LOOPBACK_FLAG = 'warmline.softphone';

/** ?softphone=loopback survives client-side navigation for the rest of the browser session. */
export function loopbackRequested(): boolean {
  const q = new URLSearchParams(window.location.search).get('softphone');
  if (q) sessionStorage.setItem(LOOPBACK_FLAG, q);
  return (q ?? sessionStorage.getItem(LOOPBACK_FLAG)) === 'loopback';
}

async function createAdapter(): Promise<SoftphoneAdapter | null> {
  try {
    const creds = await api.sip();
    if (creds.wssUrl.startsWith('loopback:')) return new LoopbackSoftphone(creds.wssUrl.slice('loopback:'.length), creds.extension);
    if (loopbackRequested()) return new LoopbackSoftphone(null, creds.extension);
    return new SipJsSoftphone(creds);
  } catch (err) {
    // No SIP account for this user (supervisors without an extension): no phone, not an error.
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

function wire(a: SoftphoneAdapter, me: User): void {
  const store = useSoftphoneStore();
  const wrapup = useWrapupStore();
  stops.push(
    a.on('registration', (state, error) => {
      store.registration = state;
      store.error = error ?? null;
    }),
    a.on('incoming', (call) => {
      store.incoming = call;
    }),
    a.on('accepted', ({ callId, remoteParty }) => {
      store.incoming = null;
      store.inCall = true;
      store.activeCallId = callId;
      store.remoteParty = remoteParty;
      store.answeredAt = new Date().toISOString();
      store.muted = false;
      store.held = false;
    }),
    a.on('ended', ({ callId }) => {
      if (store.incoming?.callId === callId) store.incoming = null;
      if (store.activeCallId === callId || callId === null) {
        store.inCall = false;
        store.activeCallId = null;
        store.remoteParty = null;
        store.answeredAt = null;
        store.muted = false;
        store.held = false;
      }
      // Declined, failed or finished: every call of this agent gets a wrap-up (idempotent by call id).
      if (callId !== null) wrapup.openFor(callId);
    }),
  );

  // The server is the source of truth for what rings and what ended; the adapter reacts to it.
  const pops = usePopStore();
  const calls = useCallsStore();
  const stopPop: WatchStopHandle = watch(() => pops.current, (pop) => {
    if (pop && pop.direction !== 'outbound') a.offered(pop.callId, pop.callerNumber ?? pop.callerNumberRaw ?? '');
  });
  const stopCalls: WatchStopHandle = watch(() => calls.forUser(me.id), (mine) => {
    for (const c of mine) {
      if (c.status === 'offered') a.offered(c.callId, c.callerNumber ?? '');
      if (c.status === 'ended') a.remoteEnded(c.callId);
      if (c.callId === store.activeCallId) store.held = c.onHold;
    }
  });
  stops.push(stopPop, stopCalls);
}

export async function startSoftphone(me: User): Promise<void> {
  await stopSoftphone();
  const store = useSoftphoneStore();
  try {
    const a = await createAdapter();
    if (!a) {
      store.mode = null;
      return;
    }
    adapter = a;
    store.mode = a.kind;
    a.setAudioElement(audioEl);
    wire(a, me);
    await a.register();
  } catch (err) {
    store.registration = 'failed';
    store.error = err instanceof Error ? err.message : String(err);
  }
}

export async function stopSoftphone(): Promise<void> {
  stops.forEach((s) => s());
  stops = [];
  const a = adapter;
  adapter = null;
  if (a) await a.unregister().catch(() => {});
  useSoftphoneStore().clear();
}

export function bindRemoteAudio(el: HTMLAudioElement | null): void {
  audioEl = el;
  adapter?.setAudioElement(el);
}

async function run(action: (a: SoftphoneAdapter) => Promise<void> | void): Promise<void> {
  const store = useSoftphoneStore();
  if (!adapter) return;
  store.error = null;
  try {
    await action(adapter);
  } catch (err) {
    store.error = err instanceof Error ? err.message : String(err);
  }
}

// The UI calls these; the store follows from adapter events, not from optimistic guesses.
export const softphone = {
  answer: () => run((a) => a.answer()),
  decline: () => run((a) => a.decline()),
  hangup: () => run((a) => a.hangup()),
  toggleHold: () => run(async (a) => {
    const store = useSoftphoneStore();
    if (store.held) await a.unhold();
    else await a.hold();
    store.held = !store.held;
  }),
  toggleMute: () => run((a) => {
    const store = useSoftphoneStore();
    if (store.muted) a.unmute();
    else a.mute();
    store.muted = !store.muted;
  }),
  transfer: (target: string) => run((a) => a.blindTransfer(target)),
  dtmf: (digit: string) => run((a) => a.sendDtmf(digit)),
  dial: (number: string, customerId: number | null = null, taskId: number | null = null) =>
    run((a) => a.dial(number, { customerId, taskId })),
};
