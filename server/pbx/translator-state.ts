import type { HangupParty, PbxEvent } from './pbx-events';
import type { SpyMode } from './pbx-port';
import { DEFAULT_TRUNK_DETECTION, type TrunkDetection } from './channel-names';
import { EMPTY_RECENT, recentAdd, recentGet, type Recent } from './recent-ids';

// The translator's memory: live non-Local channels by Uniqueid and live calls by Linkedid. Plain immutable data:
// translate() returns a new state object and never mutates the one it was given.

export interface TrackedChannel {
  readonly uniqueid: string;
  readonly linkedid: string;
  readonly channel: string;
  readonly extension: string | null;
  readonly trunk: boolean;
  readonly callerNumber: string | null;
  readonly callerName: string | null;
  readonly exten: string | null;
  readonly context: string | null;
  readonly up: boolean;
  readonly recordingFile: string | null;
  readonly mixMonitorFile: string | null;
  readonly crmCallId: string | null;
  readonly toNumber: string | null;
  readonly startedAt: string;
  /** Set when the channel's Hangup arrived before its Newchannel (frames out of order): it is already gone. */
  readonly gone?: EarlyHangup;
  /** The customer call (Linkedid) this channel was dialled for as an attended transfer's target (translator-consult.ts). */
  readonly consultOf?: string;
}

/** A Hangup seen for a channel not known yet. */
export interface EarlyHangup { readonly at: string; readonly cause: number | null; readonly causeText: string | null }

export interface Offer { readonly extension: string; readonly queue: string | null }

export type QueueStateName = 'none' | 'waiting' | 'left' | 'connected' | 'abandoned';

export interface TrackedCall {
  readonly linkedid: string;
  readonly startedAt: string;
  /** call.started is held back until the setup burst (VarSet CRM_CALL_ID...) is over; see flushStart. */
  readonly started: boolean;
  readonly firstUniqueid: string;
  readonly direction: 'inbound' | 'outbound' | 'internal';
  readonly channels: readonly string[];
  readonly crmCallId: string | null;
  readonly queue: string | null;
  readonly queueState: QueueStateName;
  readonly answered: boolean;
  readonly answeredUniqueids: readonly string[];
  readonly offers: Readonly<Record<string, Offer>>;
  readonly hungUpBy: HangupParty | null;
  readonly hungUpByFinal: boolean;
  /** The agent asked the server to hang the call up (HANGUP_BY_VARIABLE): their end, whatever the PBX reports next. */
  readonly hangupAskedBy?: HangupParty;
  readonly transferers: readonly string[];
  readonly firstCause: number | null;
  readonly firstCauseText: string | null;
  readonly dialStatus: string | null;
  readonly held: boolean;
  readonly recordings: readonly string[];
  /** Receipt time (ms) since when every channel of the call is gone; endGoneCalls() ends it after a grace. */
  readonly goneSince?: number;
  /**
   * An OriginateResponse failure that arrived while the originated leg was still up: reported (originate.failed)
   * when the call ends, after call.ended, with the reason its Hangup cause gives (Reason alone does not tell).
   */
  readonly originateFailure?: { readonly crmCallId: string; readonly reason: OriginateFailure | null; readonly viaLocal?: boolean };
  /** A consultation (translator-consult.ts): the customer call it is about, and whether its Local channel is gone. */
  readonly consultOf?: string;
  readonly consultLocalGone?: boolean;
}

export type OriginateFailure = 'busy' | 'no_answer' | 'failed' | 'congestion';

export interface TranslatorOptions extends TrunkDetection {}

export interface TranslatorState {
  readonly options: TranslatorOptions;
  readonly channels: Readonly<Record<string, TrackedChannel>>;
  readonly calls: Readonly<Record<string, TrackedCall>>;
  /** Last reported state per agent device, so repeated DeviceStateChange frames are reported once. */
  readonly devices: Readonly<Record<string, string>>;
  /**
   * Linkedids of ended calls and Uniqueids of hung-up channels: a frame replayed with the same ids (a second
   * listener, a replaying tool, a reconnect) or arriving after its call ended starts nothing (issue #27.5/6).
   */
  readonly ended: Recent<true>;
  /** Hangups of channels not known yet, kept until the channel's late Newchannel arrives. */
  readonly early: Recent<EarlyHangup>;
  /** Supervisors' spying channels by Uniqueid (SPY_VARIABLE), reported as spy.started/spy.ended, never as calls. */
  readonly spies?: Recent<SpyChannel>;
}

export interface SpyChannel { readonly channel: string; readonly extension: string | null; readonly mode: SpyMode }

export interface TranslateResult { state: TranslatorState; events: PbxEvent[] }

export function createTranslatorState(options: Partial<TranslatorOptions> = {}): TranslatorState {
  return { options: { ...DEFAULT_TRUNK_DETECTION, ...options }, channels: {}, calls: {}, devices: {}, ended: EMPTY_RECENT, early: EMPTY_RECENT, spies: EMPTY_RECENT };
}

export function newCall(linkedid: string, firstUniqueid: string, at: string): TrackedCall {
  return {
    linkedid, startedAt: at, started: false, firstUniqueid, direction: 'internal', channels: [firstUniqueid],
    crmCallId: null, queue: null, queueState: 'none', answered: false, answeredUniqueids: [], offers: {},
    hungUpBy: null, hungUpByFinal: false, transferers: [], firstCause: null, firstCauseText: null, dialStatus: null,
    held: false, recordings: [],
  };
}

/** Copy-on-write working copy of the state used while one frame is translated. */
export class Draft {
  channels: Record<string, TrackedChannel>;
  calls: Record<string, TrackedCall>;
  devices: Record<string, string>;
  ended: Recent<true>;
  early: Recent<EarlyHangup>;
  spies: Recent<SpyChannel>;
  private own = { channels: false, calls: false, devices: false, recent: false };

  constructor(private readonly base: TranslatorState, readonly pbxId: string, readonly at: string,
    readonly events: PbxEvent[] = [], readonly receivedMs = Date.parse(at)) {
    this.channels = base.channels as Record<string, TrackedChannel>;
    this.calls = base.calls as Record<string, TrackedCall>;
    this.devices = base.devices as Record<string, string>;
    this.ended = base.ended ?? EMPTY_RECENT;
    this.early = base.early ?? EMPTY_RECENT;
    this.spies = base.spies ?? EMPTY_RECENT;
  }

  isEnded(id: string | null): boolean { return !!id && recentGet(this.ended, id) === true; }
  markEnded(id: string): void { this.ended = recentAdd(this.ended, id, true); this.own.recent = true; }
  earlyHangup(uniqueid: string): EarlyHangup | undefined { return recentGet(this.early, uniqueid); }
  noteEarlyHangup(uniqueid: string, h: EarlyHangup): void { this.early = recentAdd(this.early, uniqueid, h); this.own.recent = true; }
  spy(uniqueid: string | null): SpyChannel | undefined { return uniqueid ? recentGet(this.spies, uniqueid) : undefined; }
  noteSpy(uniqueid: string, spy: SpyChannel): void { this.spies = recentAdd(this.spies, uniqueid, spy); this.own.recent = true; }

  get options(): TranslatorOptions { return this.base.options; }

  setChannel(ch: TrackedChannel): void {
    if (!this.own.channels) { this.channels = { ...this.channels }; this.own.channels = true; }
    this.channels[ch.uniqueid] = ch;
  }

  deleteChannel(uniqueid: string): void {
    if (!(uniqueid in this.channels)) return;
    if (!this.own.channels) { this.channels = { ...this.channels }; this.own.channels = true; }
    delete this.channels[uniqueid];
  }

  setCall(call: TrackedCall): void {
    if (!this.own.calls) { this.calls = { ...this.calls }; this.own.calls = true; }
    this.calls[call.linkedid] = call;
  }

  deleteCall(linkedid: string): void {
    if (!(linkedid in this.calls)) return;
    if (!this.own.calls) { this.calls = { ...this.calls }; this.own.calls = true; }
    delete this.calls[linkedid];
  }

  setDevice(device: string, state: string): void {
    if (!this.own.devices) { this.devices = { ...this.devices }; this.own.devices = true; }
    this.devices[device] = state;
  }

  channel(uniqueid: string | null): TrackedChannel | undefined {
    return uniqueid && Object.hasOwn(this.channels, uniqueid) ? this.channels[uniqueid] : undefined;
  }

  call(linkedid: string | null): TrackedCall | undefined {
    return linkedid && Object.hasOwn(this.calls, linkedid) ? this.calls[linkedid] : undefined;
  }

  emit(event: PbxEvent): void { this.events.push(event); }

  result(): TranslateResult {
    const changed = this.own.channels || this.own.calls || this.own.devices || this.own.recent;
    const state: TranslatorState = changed
      ? { options: this.base.options, channels: this.channels, calls: this.calls, devices: this.devices, ended: this.ended, early: this.early, spies: this.spies }
      : this.base;
    return { state, events: this.events };
  }
}
