// What server/pbx tells the rest of the server. Produced by the pure translator from AMI frames; no AMI field
// names leak past this file. Keyed by the PBX id and the call's Linkedid; channels by Uniqueid.
// Times are ISO strings taken from the AMI Timestamp header when present (the PBX clock), else receipt time.

/** Who ended the call: the customer's side (the caller of an inbound call, the callee of an outbound one), an agent, or the PBX/an AMI action. */
export type HangupParty = 'customer' | 'agent' | 'system';

interface Base { pbxId: string; linkedid: string; at: string }

export type PbxEvent =
  | (Base & { type: 'call.started'; uniqueid: string; channel: string; direction: 'inbound' | 'outbound' | 'internal';
      callerNumber: string | null; callerName: string | null; calledNumber: string | null;
      /** The agent extension of the call's first channel (an agent's own or originated call), else null. */
      extension: string | null;
      /** Set by our Originate (CRM_CALL_ID channel variable) so the server can match an attempt to its call. */
      crmCallId: string | null;
      /** Produced by a resync from CoreShowChannels, not from a live Newchannel: the call may already be recorded. */
      resynced?: true })
  | (Base & { type: 'call.queued'; queue: string; position: number })
  | (Base & { type: 'call.offered'; queue: string | null; extension: string; agentUniqueid: string; agentChannel: string })
  | (Base & { type: 'call.offer_withdrawn'; queue: string | null; extension: string; reason: 'no_answer' | 'busy' | 'caller_left' | 'answered_elsewhere' | 'rejected' })
  | (Base & { type: 'call.answered'; extension: string | null; queue: string | null; waitSeconds: number | null; answeredUniqueid: string })
  | (Base & { type: 'call.abandoned'; queue: string; position: number; waitSeconds: number })
  | (Base & { type: 'call.held'; uniqueid: string })
  | (Base & { type: 'call.unheld'; uniqueid: string })
  | (Base & { type: 'call.transferred'; kind: 'blind' | 'attended'; target: string | null; toExtension: string | null })
  | (Base & { type: 'call.recording_started'; path: string })
  /** A leg that is neither the call's first channel nor a rung agent: the carrier leg of an outbound call. */
  | (Base & { type: 'call.leg_started'; uniqueid: string; channel: string; role: 'external';
      /** The number the dialplan dialled (the dialling channel's Exten): an Originate by another tool carries no CRM_TO_NUMBER. */
      dialledNumber: string | null })
  /**
   * An agent's channel that joins the call already up: the target of an attended transfer, rung and answered for the
   * consultation (a call of its own), becomes a leg of the customer call when the transfer completes.
   */
  | (Base & { type: 'call.leg_started'; uniqueid: string; channel: string; role: 'agent'; extension: string })
  | (Base & { type: 'call.leg_ended'; uniqueid: string; channel: string; cause: number | null; causeText: string | null })
  | (Base & { type: 'call.ended'; cause: number | null; causeText: string | null; hungUpBy: HangupParty;
      /** Set when the call never connected: how Asterisk saw it end. */
      failure: 'busy' | 'no_answer' | 'failed' | 'congestion' | null;
      /** The end was not observed: the call had vanished when a resync looked (server down, AMI link cut). */
      unseen?: true })
  /**
   * A predictive dial's customer channel moved on in [campaign-predictive] (pbx-config/extensions.conf sets
   * CAMPAIGN_STAGE = "stage|AMDSTATUS|AMDCAUSE"): live (an agent is wanted within 2 s), machine, abandoned (the
   * recorded message), connecting (redirected to an agent), gone (hung up during AMD).
   */
  | (Base & { type: 'campaign.dial_stage'; crmCallId: string; uniqueid: string; channel: string; stage: CampaignDialStage;
      amdStatus: 'MACHINE' | 'HUMAN' | 'NOTSURE' | 'HANGUP' | null; amdCause: string | null })
  | (Omit<Base, 'linkedid'> & { type: 'originate.failed'; crmCallId: string; reason: 'busy' | 'no_answer' | 'failed' | 'congestion' })
  | (Omit<Base, 'linkedid'> & { type: 'agent.device_state'; extension: string; state: 'idle' | 'ringing' | 'in_use' | 'busy' | 'unavailable' | 'on_hold' })
  | (Omit<Base, 'linkedid'> & { type: 'queue.member_status'; queue: string; extension: string; paused: boolean; pausedReason: string | null; inCall: boolean; status: number;
      /** A pause or unpause the PBX just applied (QueueMemberPause: an AMI QueuePause, the CLI, a feature code), not a status report. */
      pauseChanged: boolean })
  | (Omit<Base, 'linkedid'> & { type: 'queue.caller_count'; queue: string; count: number })
  /**
   * A supervisor's phone joined (ChanSpyStart) or left (its Hangup) a ChanSpy session Warmline originated
   * (AmiPbxPort.spy). `linkedid` is the spying channel's own; the spied call is found by `targetChannel`.
   */
  | (Base & { type: 'spy.started'; uniqueid: string; channel: string; extension: string; targetChannel: string; mode: SpyMode })
  | (Base & { type: 'spy.ended'; uniqueid: string; channel: string; extension: string | null });

/** How a supervisor joins an agent's call (ChanSpy): hear only, speak to the agent alone, or speak to both parties. */
export type SpyMode = 'listen' | 'whisper' | 'barge';

export type PbxEventType = PbxEvent['type'];

export const CAMPAIGN_DIAL_STAGES = ['live', 'machine', 'abandoned', 'connecting', 'gone'] as const;
export type CampaignDialStage = (typeof CAMPAIGN_DIAL_STAGES)[number];

/** A live call as seen by a resync (CoreShowChannels + QueueStatus) after reconnect or restart. */
export interface LiveChannelSnapshot {
  pbxId: string;
  linkedid: string;
  uniqueid: string;
  channel: string;
  state: 'down' | 'ringing' | 'up';
  callerNumber: string | null;
  calledNumber: string | null;
  extension: string | null;
  queue: string | null;
  bridgedTo: string | null;
  startedAt: string;
  /** Position in `queue` when the channel is waiting there (QueueStatus QueueEntry). Added by server/pbx. */
  queuePosition?: number | null;
  /** Dialplan context of the channel (trunk detection for calls first seen in a resync). Added by server/pbx. */
  context?: string | null;
}
