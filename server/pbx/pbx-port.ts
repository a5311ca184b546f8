import type { LiveChannelSnapshot, SpyMode } from './pbx-events';

export type { SpyMode };

// The small set of actions the rest of the server may ask of a PBX. Only server/pbx implements it (over AMI).

export interface OriginateRequest {
  /** Who is called first: an agent's extension (click-to-dial, preview/progressive dialer) or a number. */
  fromExtension: string;
  toNumber: string;
  crmCallId: string;
  callerId?: string;
  timeoutMs?: number;
  variables?: Record<string, string>;
}

/**
 * Predictive dialing (issue #24): the customer is called first, with no agent on the line, through [dial-out]. When
 * they answer, their channel runs pbx-config's [campaign-predictive] (AMD(), then 2 s for the server to `redirect` it to
 * [campaign-connect] with a free agent's extension, else the recorded abandon message).
 */
export interface CustomerOriginateRequest {
  toNumber: string;
  crmCallId: string;
  callerId?: string;
  /** How long the customer's phone rings before the dial is given up (no answer). */
  timeoutMs: number;
  /** What an answering machine gets (AMD_ACTION in the dialplan). */
  amdAction: 'off' | 'hangup' | 'message';
  variables?: Record<string, string>;
}

/**
 * Dialplan contexts of pbx-config/extensions.conf that predictive dials use: [dial-out] hands the answered customer
 * to `answered` (the Originate's own Local half waits there at `originatedExten`), which sends it on to `answer`.
 */
export const PREDICTIVE_CONTEXTS = { answered: 'campaign-answered', originatedExten: 'originated', answer: 'campaign-predictive', connect: 'campaign-connect' } as const;

/**
 * A PBX action that did not happen: `refused` when the PBX answered no (its reason in `pbxMessage`, e.g. Asterisk's
 * "Extension does not exist."), `unavailable` when it could not be asked (link down, no answer in time).
 */
export class PbxActionError extends Error {
  constructor(readonly kind: 'refused' | 'unavailable', readonly action: string, readonly pbxMessage: string) {
    super(`${action} ${kind === 'refused' ? 'refused by the PBX' : 'not delivered to the PBX'}: ${pbxMessage}`);
    this.name = 'PbxActionError';
  }
}

/**
 * A member of a queue as the PBX reports it (QueueStatus). `dynamic`: added over AMI, so QueueRemove can remove it;
 * `named`: under the interface name queueAdd uses (so queueRemove and queuePenalty reach it).
 */
export interface PbxQueueMember { queue: string; extension: string; iface: string; penalty: number; dynamic: boolean; named: boolean }

/** A supervisor's phone in a ChanSpy session Warmline started (AmiPbxPort.spy), as the PBX lists it now. */
export interface PbxSpySession {
  /** The supervisor's spying channel, and the extension of its phone. */
  channel: string;
  uniqueid: string;
  extension: string | null;
  /** The agent's channel being listened to. */
  targetChannel: string;
  mode: SpyMode;
  startedAt: string;
}

export interface QueueAddOptions { penalty: number; paused: boolean; reason?: string; memberName?: string }

export interface PbxPort {
  readonly pbxId: string;
  isConnected(): boolean;
  originate(req: OriginateRequest): Promise<void>;
  originateCustomer(req: CustomerOriginateRequest): Promise<void>;
  /** `askedBy` 'agent': the agent pressed Hang up; the call is recorded as ended by them (ami-translator HANGUP_BY_VARIABLE). */
  hangup(channel: string, cause?: number, askedBy?: 'agent'): Promise<void>;
  queuePause(extension: string, paused: boolean, reason?: string, queue?: string): Promise<void>;
  /** Makes the PBX look at the agent's phone now (registration and reachability), before the agent is offered calls. */
  checkPhone(extension: string): Promise<void>;
  /** Start a ChanSpy session: the supervisor's phone rings, then hears (and per mode speaks into) the target. */
  spy(supervisorExtension: string, targetChannel: string, mode: SpyMode): Promise<void>;
  /** The spy sessions running on the PBX now (what a reloaded console and Stop start from: the PBX is the truth). */
  spySessions(): Promise<PbxSpySession[]>;
  /** Ends a spy session (AMI Hangup of the spying channel), so that every node stops listing it at once. */
  stopSpy(channel: string, uniqueid: string): Promise<void>;
  redirect(channel: string, context: string, exten: string): Promise<void>;
  /** AMI BlindTransfer: whoever is bridged with `channel` goes to exten@context; `channel` leaves the call. */
  blindTransfer(channel: string, context: string, exten: string): Promise<void>;
  /** AMI Atxfer: the PBX holds `channel`'s peer and dials exten@context from `channel` (the consultation). */
  attendedTransfer(channel: string, context: string, exten: string): Promise<void>;
  /** AMI CancelAtxfer: ends the consultation `channel` started and gives it back its held party. */
  cancelAttendedTransfer(channel: string): Promise<void>;
  /** AMI PlayDTMF: plays one digit to `channel` (the PBX sends it on towards that channel's far end). */
  playDtmf(channel: string, digit: string): Promise<void>;
  /**
   * Makes the PBX read the agents' SIP accounts again (server/sip/sip-account-sync.ts): a user created, rotated or
   * deactivated in Warmline registers, or no longer does, from now on.
   */
  refreshSipAccounts(): Promise<void>;
  liveChannels(): Promise<LiveChannelSnapshot[]>;
  /** Every member of every queue the PBX has loaded now (a realtime queue appears once something used it). */
  queueMembers(): Promise<PbxQueueMember[]>;
  /** Adds the agent's phone to a queue; `present` when it was already a member (Asterisk's "Already there"). */
  queueAdd(queue: string, extension: string, opts: QueueAddOptions): Promise<'added' | 'present'>;
  /** `absent` when it was not a member (Asterisk's "Not there"). */
  queueRemove(queue: string, extension: string): Promise<'removed' | 'absent'>;
  queuePenalty(queue: string, extension: string, penalty: number): Promise<void>;
}
