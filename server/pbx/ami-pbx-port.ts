import type { LiveChannelSnapshot } from './pbx-events';
import { PbxActionError, PREDICTIVE_CONTEXTS, type CustomerOriginateRequest, type OriginateRequest, type PbxPort, type PbxQueueMember, type PbxSpySession, type QueueAddOptions, type SpyMode } from './pbx-port';
import { AmiError } from './ami-errors';
import type { AmiClient } from './ami-client';
import { DEFAULT_TRUNK_DETECTION, extensionOf, type TrunkDetection } from './channel-names';
import { field, fieldOrNull } from './ami-frame';
import { toLiveChannels } from './live-channels';
import { originateActionIdSuffix } from './originate-tag';
import { HANGUP_BY_VARIABLE, SPY_VARIABLE } from './ami-translator';
import { QueueMembers } from './queue-members';
import { SPY_OPTIONS, SPY_STOPPED, SpyEnds, toSpySessions } from './spy-sessions';

// PbxPort over AMI. Originate is Async (the answer comes later as OriginateResponse + channel events; the ActionID
// carries the CRM call id so a failure can be matched even when no channel was created).

export interface AmiPbxPortOptions {
  pbxId: string;
  /**
   * Dial string template for an agent's phone; `{ext}` is replaced. Used until the PBX has told us the member's
   * interface (QueueStatus / QueueMember* frames): `PJSIP/{ext}` (pbx-config) or `SIP/{ext}` for chan_sip sites.
   */
  channelTemplate?: string;
  /** Dialplan context where the agent leg continues to the customer number (pbx-config: from-agents). */
  originateContext?: string;
  originateTimeoutMs?: number;
  /**
   * Dial string of a predictive dial's customer leg; `{number}` is the E.164 number. pbx-config: a Local channel into
   * [dial-out], the one place that knows the carrier's number format (see originateCustomer).
   */
  customerChannelTemplate?: string;
  /** Dial string template for queue member interfaces in QueuePause. */
  interfaceTemplate?: string;
  trunkDetection?: TrunkDetection;
  /** The sorcery memory caches holding the agents' realtime SIP accounts (pbx-config/sorcery.conf), in refresh order. */
  sipAccountCaches?: readonly string[];
}

/** pbx-config: the customer of a predictive dial is called through [dial-out] (Local/<number>@dial-out, /n: kept). */
export const CUSTOMER_CHANNEL = 'Local/{number}@dial-out/n';

export const SIP_ACCOUNT_CACHES = ['warmline_auths', 'warmline_aors', 'warmline_endpoints'] as const;


/**
 * The agent's own phone rings first for every Originate (click-to-dial, campaign dial, supervision): it asked for the
 * call, so it should pick up by itself. `Call-Info: ...;answer-after=0` on that INVITE (res_pjsip_header_funcs) is
 * what the browser softphone and most desk phones auto-answer on; without it the browser showed nothing to answer
 * and the Originate timed out.
 */
const AUTO_ANSWER = { 'PJSIP_HEADER(add,Call-Info)': '<sip:warmline.invalid>;answer-after=0' };

export class AmiPbxPort implements PbxPort {
  readonly pbxId: string;
  private readonly o: Required<Omit<AmiPbxPortOptions, 'pbxId'>>;
  readonly members = new QueueMembers();
  private readonly spyEnds = new SpyEnds(SPY_VARIABLE);

  constructor(private readonly client: AmiClient, options: AmiPbxPortOptions) {
    this.pbxId = options.pbxId;
    client.on('frame', (frame) => { this.members.learn(frame); this.spyEnds.learn(frame); });
    client.on('disconnected', () => this.members.forgetPauses());
    this.o = {
      channelTemplate: options.channelTemplate ?? 'PJSIP/{ext}', originateContext: options.originateContext ?? 'from-agents',
      originateTimeoutMs: options.originateTimeoutMs ?? 30_000, interfaceTemplate: options.interfaceTemplate ?? options.channelTemplate ?? 'PJSIP/{ext}',
      trunkDetection: options.trunkDetection ?? DEFAULT_TRUNK_DETECTION,
      customerChannelTemplate: options.customerChannelTemplate ?? CUSTOMER_CHANNEL,
      sipAccountCaches: options.sipAccountCaches ?? SIP_ACCOUNT_CACHES,
    };
  }

  isConnected(): boolean { return this.client.isConnected(); }

  private autoAnswer(): Record<string, string> {
    return this.o.channelTemplate.startsWith('PJSIP/') ? AUTO_ANSWER : {};
  }

  private dial(ext: string, template = this.o.channelTemplate): string {
    if (!/^[A-Za-z0-9_.+-]{1,64}$/.test(ext)) throw new Error(`invalid extension "${ext}"`);
    return template.replace('{ext}', ext);
  }

  /** The agent's phone: as the PBX named it in its queue member frames, else from the configured template. */
  private phone(ext: string): string {
    const dial = this.dial(ext);
    return this.members.deviceOf(ext) ?? dial;
  }

  async originate(req: OriginateRequest): Promise<void> {
    await this.asDomainError('Originate', this.client.action({
      Action: 'Originate', Channel: this.phone(req.fromExtension), Context: this.o.originateContext, Exten: req.toNumber,
      Priority: 1, Async: 'true', Timeout: req.timeoutMs ?? this.o.originateTimeoutMs,
      CallerID: req.callerId ?? `"Warmline" <${req.fromExtension}>`,
      Variable: { ...this.autoAnswer(), ...(req.variables ?? {}), CRM_CALL_ID: req.crmCallId, CRM_TO_NUMBER: req.toNumber },
    }, { actionIdSuffix: originateActionIdSuffix(req.crmCallId) }));
  }

  // The customer first, with no agent leg, through pbx-config's [dial-out] like every outbound call (the carrier's
  // number format, TRUNK_NUMBER_FORMAT, lives there): the Originate's channel is a Local pair whose ;2 half runs
  // [dial-out]; its Dial hands the answered carrier channel (PJSIP/trunk-0000002a) to [campaign-answered] and on to
  // [campaign-predictive], and the Local pair leaves. The variables carry one underscore so that the Local half's
  // Dial passes them on to the carrier channel (Asterisk's inheritance: `_X` on the dialling channel is `X` on the
  // dialled one); manager.conf's channelvars then show CRM_CALL_ID on the carrier channel's events, which is how the
  // translator knows the call. The /n keeps the Local pair from optimising itself away.
  async originateCustomer(req: CustomerOriginateRequest): Promise<void> {
    if (!/^\+?[0-9]{3,20}$/.test(req.toNumber)) throw new PbxActionError('refused', 'Originate', `invalid number "${req.toNumber}"`);
    const passOn: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...(req.variables ?? {}), AMD_ACTION: req.amdAction, CRM_CALL_ID: req.crmCallId, CRM_TO_NUMBER: req.toNumber })) passOn[`_${k}`] = v;
    await this.asDomainError('Originate', this.client.action({
      Action: 'Originate', Channel: this.o.customerChannelTemplate.replace('{number}', req.toNumber), Context: PREDICTIVE_CONTEXTS.answered,
      Exten: PREDICTIVE_CONTEXTS.originatedExten, Priority: 1, Async: 'true', Timeout: req.timeoutMs, CallerID: req.callerId ?? '"Warmline"',
      Variable: { ...passOn, DIAL_OUT_ANSWERED: PREDICTIVE_CONTEXTS.answered },
    }, { actionIdSuffix: originateActionIdSuffix(req.crmCallId) }));
  }

  /** AMI failures as the rest of the server understands them (no AMI error leaves server/pbx). */
  private async asDomainError(action: string, pending: Promise<unknown>): Promise<void> {
    try {
      await pending;
    } catch (err) {
      if (err instanceof AmiError && err.code === 'ami-action-failed') {
        const message = typeof err.response?.message === 'string' ? err.response.message : err.message;
        throw new PbxActionError('refused', action, message);
      }
      throw new PbxActionError('unavailable', action, err instanceof Error ? err.message : String(err));
    }
  }

  // Asterisk qualifies the AORs it knows at start or reload. An agent endpoint Warmline created later (realtime,
  // pbx-config/sorcery.conf) registers, but its first contact is never qualified (pjsip_options.c adds a contact to
  // an AOR it does not manage yet only on the next REGISTER), so the endpoint stays Unavailable and app_queue keeps
  // the member "Invalid" and never rings it: seen on Asterisk 20.20.1 (tests/pbx-real). One PJSIPQualify fixes it.
  async checkPhone(extension: string): Promise<void> {
    if (!this.phone(extension).startsWith('PJSIP/')) return;
    await this.client.action({ Action: 'PJSIPQualify', Endpoint: this.dial(extension, '{ext}') });
  }

  async hangup(channel: string, cause?: number, askedBy?: 'agent'): Promise<void> {
    // Same link, in order: the VarSet reaches the translator before the hangup's own frames.
    if (askedBy) await this.client.action({ Action: 'Setvar', Channel: channel, Variable: HANGUP_BY_VARIABLE, Value: askedBy });
    await this.client.action({ Action: 'Hangup', Channel: channel, Cause: cause });
  }

  /**
   * Sent only when it changes what the PBX last reported for the member (see queue-members.ts): paused or not, and a
   * pause's reason, which is the record on the PBX. Every node learns the pauses from its own AMI link, so a standby
   * knows a pause its leader sent; a member the PBX has not described since the link came up is always sent to.
   */
  async queuePause(extension: string, paused: boolean, reason?: string, queue?: string): Promise<void> {
    const iface = this.dial(extension, this.o.interfaceTemplate);
    if (!this.members.pauseNeeded(extension, paused, reason ?? null, queue)) return;
    try {
      await this.client.action({
        Action: 'QueuePause', Interface: this.members.interfaceOf(extension) ?? iface, Paused: paused ? 'true' : 'false',
        Reason: reason, Queue: queue,
      });
    } catch (err) {
      // Real Asterisk refuses a pause of a phone that is a member of no queue ("Interface not found", app_queue): for
      // a phone the PBX never reported in a queue there is nothing to pause, and an agent in no queue (a transfer
      // target) must still be able to go ready. A known member's refusal is still an error.
      const refusal = err instanceof AmiError && err.code === 'ami-action-failed' ? String(err.response?.message ?? '') : '';
      if (!queue && this.members.interfaceOf(extension) === undefined && /interface not found/i.test(refusal)) return;
      throw err;
    }
    this.members.paused(extension, paused, reason ?? null, queue);
  }

  /** The supervisor's phone rings; on answer ChanSpy attaches (q: quiet, E: leave when the spied channel hangs up). */
  async spy(supervisorExtension: string, targetChannel: string, mode: SpyMode): Promise<void> {
    await this.client.action({
      Action: 'Originate', Channel: this.phone(supervisorExtension), Application: 'ChanSpy',
      Data: `${targetChannel},${SPY_OPTIONS[mode]}`, Async: 'true', Timeout: this.o.originateTimeoutMs,
      CallerID: `"Supervision" <${supervisorExtension}>`, Variable: { ...this.autoAnswer(), [SPY_VARIABLE]: mode },
    });
  }

  /** Spy sessions still listed in ChanSpy after their hangup request are left out (SpyEnds). */
  async spySessions(): Promise<PbxSpySession[]> {
    const channels = await this.client.listAction({ Action: 'CoreShowChannels' });
    return toSpySessions(channels.events, new Date(), this.o.trunkDetection).filter((s) => !this.spyEnds.has(s.uniqueid));
  }

  /**
   * Hangs a spying channel up. The VarSet tells every node's link that it is leaving (SpyEnds): Asterisk 20 raises no
   * hangup request for an AMI Hangup, and ChanSpy may stay listed a while after it.
   */
  async stopSpy(channel: string, uniqueid: string): Promise<void> {
    await this.client.action({ Action: 'Setvar', Channel: channel, Variable: SPY_VARIABLE, Value: SPY_STOPPED });
    await this.client.action({ Action: 'Hangup', Channel: channel });
    this.spyEnds.add(uniqueid);
  }

  async redirect(channel: string, context: string, exten: string): Promise<void> {
    await this.client.action({ Action: 'Redirect', Channel: channel, Context: context, Exten: exten, Priority: 1 });
  }

  // pbx-config/sorcery.conf keeps the realtime agent accounts in full memory caches (so app_queue and qualify know
  // every endpoint); a full cache is only read again when it goes stale. SorceryMemoryCachePopulate empties one
  // and reads its backends again, synchronously, before it answers. Auths and AORs first: an endpoint that appears
  // must find its auth and AOR already there. A site whose sorcery.conf names other caches sets sipAccountCaches.
  async blindTransfer(channel: string, context: string, exten: string): Promise<void> {
    await this.asDomainError('BlindTransfer', this.client.action({ Action: 'BlindTransfer', Channel: channel, Context: context, Exten: exten }));
  }

  async attendedTransfer(channel: string, context: string, exten: string): Promise<void> {
    await this.asDomainError('Atxfer', this.client.action({ Action: 'Atxfer', Channel: channel, Context: context, Exten: exten }));
  }

  async cancelAttendedTransfer(channel: string): Promise<void> {
    await this.asDomainError('CancelAtxfer', this.client.action({ Action: 'CancelAtxfer', Channel: channel }));
  }

  async playDtmf(channel: string, digit: string): Promise<void> {
    await this.asDomainError('PlayDTMF', this.client.action({ Action: 'PlayDTMF', Channel: channel, Digit: digit, Duration: 250 }));
  }

  async refreshSipAccounts(): Promise<void> {
    for (const cache of this.o.sipAccountCaches) {
      await this.asDomainError('SorceryMemoryCachePopulate', this.client.action({ Action: 'SorceryMemoryCachePopulate', Cache: cache }));
    }
  }

  // Queue membership (issue #21). Warmline's members are named with interfaceTemplate (`PJSIP/1002`); app_queue's
  // answers (apps/app_queue.c, Asterisk 20) that mean "nothing to do" are results here, not errors.
  async queueMembers(): Promise<PbxQueueMember[]> {
    const list = await this.client.listAction({ Action: 'QueueStatus' });
    const out: PbxQueueMember[] = [];
    for (const f of list.events) {
      this.members.learn(f);
      if (field(f, 'event')?.toLowerCase() !== 'queuemember') continue;
      const iface = fieldOrNull(f, 'location') ?? fieldOrNull(f, 'interface');
      const queue = fieldOrNull(f, 'queue');
      const extension = extensionOf(fieldOrNull(f, 'stateinterface')) ?? extensionOf(iface);
      if (!iface || !queue || !extension) continue;
      out.push({ queue, extension, iface, penalty: Number(field(f, 'penalty') ?? 0) || 0,
        dynamic: field(f, 'membership')?.toLowerCase() === 'dynamic', named: iface.toLowerCase() === this.memberInterface(extension).toLowerCase() });
    }
    return out;
  }

  /** The interface Warmline adds an agent under (and so the only one it removes or re-ranks). */
  private memberInterface(extension: string): string {
    return this.dial(extension, this.o.interfaceTemplate);
  }

  async queueAdd(queue: string, extension: string, opts: QueueAddOptions): Promise<'added' | 'present'> {
    const r = await this.outcome('QueueAdd', {
      Action: 'QueueAdd', Queue: queue, Interface: this.memberInterface(extension), Penalty: opts.penalty,
      Paused: opts.paused ? 'true' : 'false', Reason: opts.paused ? opts.reason : undefined, MemberName: opts.memberName,
    }, 'Unable to add interface: Already there');
    return r ? 'added' : 'present';
  }

  async queueRemove(queue: string, extension: string): Promise<'removed' | 'absent'> {
    const r = await this.outcome('QueueRemove', { Action: 'QueueRemove', Queue: queue, Interface: this.memberInterface(extension) },
      'Unable to remove interface: Not there');
    return r ? 'removed' : 'absent';
  }

  async queuePenalty(queue: string, extension: string, penalty: number): Promise<void> {
    await this.asDomainError('QueuePenalty', this.client.action({ Action: 'QueuePenalty', Queue: queue, Interface: this.memberInterface(extension), Penalty: penalty }));
  }

  /** true when the action did it, false when the PBX answered `noop` (the state was already the wanted one). */
  private async outcome(action: string, fields: Record<string, string | number | undefined>, noop: string): Promise<boolean> {
    try {
      await this.asDomainError(action, this.client.action(fields));
      return true;
    } catch (err) {
      if (err instanceof PbxActionError && err.kind === 'refused' && err.pbxMessage.trim() === noop) return false;
      throw err;
    }
  }

  async liveChannels(): Promise<LiveChannelSnapshot[]> {
    const channels = await this.client.listAction({ Action: 'CoreShowChannels' });
    const queues = await this.client.listAction({ Action: 'QueueStatus' });
    for (const f of queues.events) this.members.learn(f);
    return toLiveChannels(this.pbxId, channels.events, queues.events, new Date(), this.o.trunkDetection);
  }
}
