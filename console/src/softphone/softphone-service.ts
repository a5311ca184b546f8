import type { TransferBody } from '@contract/agents.schemas';
import { watch, type WatchStopHandle } from 'vue';
import { api } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { User } from '../api/types';
import { useAgentStore } from '../stores/agent.store';
import { useCallsStore } from '../stores/calls.store';
import { usePopStore } from '../stores/pop.store';
import { useSoftphoneStore } from '../stores/softphone.store';
import { useWrapupStore } from '../stores/wrapup.store';
import type { SoftphoneAdapter } from './softphone-adapter';
import { LoopbackSoftphone } from './loopback-softphone';

// Module-level singleton: the adapter (and sip.js UserAgent inside it) never enters Pinia state.
let adapter: SoftphoneAdapter | null = null;
let stops: Array<() => void> = [];
let audioEl: HTMLAudioElement | null = null;
/** Calls whose leg ended on this phone: never attached again (the server's state for them may lag). */
const endedOnPhone = new Set<number>();

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
    // sip.js is most of a softphone's weight: fetched only when this browser really registers over WebRTC, so the
    // operator's first screen does not wait for it (issue #22.6).
    const { SipJsSoftphone } = await import('./sip-js-softphone');
    return new SipJsSoftphone(creds);
  } catch (err) {
    // No SIP account for this user (supervisors without an extension): no phone, not an error.
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/** Binds a phone to the stores (exported for the ordering tests in tests/unit/console/softphone-attach.test.ts). */
export function wireSoftphone(a: SoftphoneAdapter, me: User): void {
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
      store.attached = false;
      store.inCall = true;
      store.activeCallId = callId;
      store.remoteParty = remoteParty;
      store.answeredAt = new Date().toISOString();
      store.muted = false;
      store.held = false;
    }),
    a.on('ended', ({ callId }) => {
      if (callId !== null) endedOnPhone.add(callId);
      if (store.incoming?.callId === callId) store.incoming = null;
      const connected = callId !== null && store.activeCallId === callId;
      if (store.activeCallId === callId || callId === null) {
        store.inCall = false;
        store.activeCallId = null;
        store.remoteParty = null;
        store.answeredAt = null;
        store.muted = false;
        store.held = false;
      }
      // Only a call that connected needs a wrap-up (issue #20.5): a ring declined or let go is a missed offer, which
      // the server records. The server also opens it (agent state wrapup); openFor is idempotent by call id.
      // A call between two agents (an attended transfer's consultation) has no customer and no wrap-up.
      if (connected && useCallsStore().byId[callId]?.direction !== 'internal') wrapup.openFor(callId);
    }),
  );

  // The server is the source of truth for what rings and what ended; the adapter reacts to it.
  const pops = usePopStore();
  const calls = useCallsStore();
  const stopPop: WatchStopHandle = watch(() => pops.current, (pop) => {
    // A pop restored after a reload may be for a call already answered: that one is attached below, not rung.
    const status = pop ? calls.byId[pop.callId]?.status : undefined;
    if (pop && store.attached && pop.callId === store.activeCallId) store.remoteParty = partyOf(pop.callId);
    // Nor one this phone already carries: after an attended transfer the target's pop of the transferred call may come
    // after the call was attached, before the call itself says answered; ringing it would hide the Hang up.
    const carried = pop !== null && pop.callId === store.activeCallId;
    if (pop && !carried && pop.direction !== 'outbound' && status !== 'answered' && status !== 'ended') a.offered(pop.callId, pop.callerNumber ?? pop.callerNumberRaw ?? '');
  });
  const stopCalls: WatchStopHandle = watch(() => calls.forUser(me.id), (mine) => {
    for (const c of mine) {
      // An outbound call "offered" to its agent is the PBX ringing the agent first for an Originate: no Answer button,
      // it is attached below as an outgoing call.
      if (c.status === 'offered' && c.direction !== 'outbound' && c.callId !== store.activeCallId) a.offered(c.callId, c.callerNumber ?? '');
      if (c.status === 'ended') a.remoteEnded(c.callId);
      if (c.callId === store.activeCallId) store.held = c.onHold;
      if (store.attached && c.callId === store.activeCallId) {
        store.remoteParty = partyOf(c.callId);
        store.answeredAt ??= c.answeredAt;
      }
    }
  });
  // The agent's state decides what the phone shows when this browser's phone does not know the call: on a call the
  // server knows of (after a reload, an outbound call the PBX placed) the softphone attaches it and controls it
  // through the server; a ring that stopped without an answer leaves the softphone (issue #20.1/#20.2/#20.3).
  const agent = useAgentStore();
  const stopAgent: WatchStopHandle = watch(() => {
    const callId = agent.status?.callId ?? null;
    // The call's direction too: the agent's state may arrive before the call itself does. And whether the phone is
    // busy: after an attended transfer the target is on_call for the transferred call while its phone still holds
    // the consultation; the consultation's end (a call:updated that may come after the agent:state) frees the phone,
    // and only then can the transferred call be attached. Without it the target had no Hang up (shift-transfer flake).
    return [agent.state, callId, callId !== null ? calls.byId[callId]?.direction ?? null : null, store.inCall] as const;
  }, ([state, callId, direction], prev) => {
    // Ringing on an outbound call is the call being placed (click-to-dial, campaign): shown, and can be hung up.
    const outgoing = state === 'ringing' && direction === 'outbound';
    // Not a call this phone has just ended, nor one the server says ended: the agent's state follows a moment later.
    const over = callId !== null && (endedOnPhone.has(callId) || calls.byId[callId]?.status === 'ended');
    if ((state === 'on_call' || outgoing) && callId !== null && !store.inCall && !over) attach(callId);
    if (state !== 'on_call' && !outgoing && store.attached) detach();
    // The server moved the agent to wrap-up for the call this phone is on while the call itself goes on: the agent
    // transferred it (issue #20.4). Their leg is gone on the PBX; the phone ends the call as the server says.
    if (state === 'wrapup' && callId !== null && callId === store.activeCallId && !store.attached) a.remoteEnded(callId);
    if (prev?.[0] === 'ringing' && state !== 'ringing' && state !== 'on_call' && store.incoming?.callId != null) a.withdrawn?.(store.incoming.callId);
  }, { immediate: true });
  stops.push(stopPop, stopCalls, stopAgent);
}

function partyOf(callId: number): string {
  const call = useCallsStore().byId[callId];
  const pop = usePopStore().current;
  const number = call ? (call.direction === 'outbound' ? call.calledNumber : call.callerNumber) : null;
  return (pop?.callId === callId ? pop.customer?.fullName ?? pop.callerNumber : null) ?? number ?? '';
}

function attach(callId: number): void {
  const store = useSoftphoneStore();
  const call = useCallsStore().byId[callId];
  if (store.incoming?.callId === callId) adapter?.withdrawn?.(callId);
  store.incoming = null;
  store.inCall = true;
  store.attached = true;
  store.activeCallId = callId;
  store.remoteParty = partyOf(callId);
  store.answeredAt = call?.answeredAt ?? (call?.direction === 'outbound' ? null : new Date().toISOString());
  store.held = call?.onHold ?? false;
  store.muted = false;
}

function detach(): void {
  const store = useSoftphoneStore();
  const callId = store.activeCallId;
  Object.assign(store, { inCall: false, attached: false, activeCallId: null, remoteParty: null, answeredAt: null, muted: false, held: false });
  if (callId !== null && useCallsStore().byId[callId]?.direction !== 'internal') useWrapupStore().openFor(callId);
}

export async function startSoftphone(me: User): Promise<void> {
  await stopSoftphone();
  const store = useSoftphoneStore();
  // No extension, no phone (an admin, a manager): asking for SIP credentials would only log a 404 on every load.
  if (!me.extension) {
    store.mode = null;
    return;
  }
  try {
    const a = await createAdapter();
    if (!a) {
      store.mode = null;
      return;
    }
    adapter = a;
    store.mode = a.kind;
    a.setAudioElement(audioEl);
    wireSoftphone(a, me);
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
  // An attached call with no leg in this browser: the server hangs it up on the PBX. With a leg here (the WebRTC phone
  // picked up the PBX's ring for click-to-dial), the phone hangs up itself, so the PBX records the agent hanging up.
  hangup: () => run(async (a) => {
    if (useSoftphoneStore().attached && !a.hasLeg?.()) await api.hangupMyCall();
    else await a.hangup();
  }),
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
  // Transfers go through the server (AMI BlindTransfer / Atxfer on the agent's leg): the same for a browser leg, a
  // restored call and a call the PBX placed, and the server learns the outcome from the PBX (issue #20.4).
  // A refused transfer is the transfer form's to show, under the field it names (issue #22.4): it is thrown to it.
  transfer: async (body: TransferBody): Promise<void> => {
    const store = useSoftphoneStore();
    store.error = null;
    await api.transferMyCall(body);
    if (body.mode === 'attended') store.consulting = true;
  },
  completeTransfer: () => run(async () => { await api.completeTransfer(); useSoftphoneStore().consulting = false; }),
  cancelTransfer: () => run(async () => { await api.cancelTransfer(); useSoftphoneStore().consulting = false; }),
  // Digits from this browser's own leg go in its media; without a leg the PBX plays them (AMI PlayDTMF).
  dtmf: (digit: string) => run(async (a) => {
    if (useSoftphoneStore().attached && !a.hasLeg?.()) await api.sendDtmf(digit);
    else a.sendDtmf(digit);
  }),
  // A supervisor's spy session (issue #20.9): the browser phone that carries the spy leg (sip.js picked it up by
  // itself, isAutoAnswer) ends it with a BYE; any other phone (the demo line, a desk phone, a reloaded console whose
  // WebRTC leg is gone) through the server, which hangs up the spying channel over AMI. The PBX's Hangup then
  // clears the session (supervision:session).
  stopSpy: async (): Promise<void> => {
    const store = useSoftphoneStore();
    const a = adapter;
    store.error = null;
    try {
      if (a?.kind === 'sip' && a.hasLeg?.() && !store.inCall && !store.incoming) await a.hangup();
      else await api.stopSpy();
    } catch (err) {
      store.error = err instanceof Error ? err.message : String(err);
    }
  },
  dial: (number: string, customerId: number | null = null, taskId: number | null = null) =>
    run((a) => a.dial(number, { customerId, taskId })),
};
