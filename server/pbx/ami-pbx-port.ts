import type { LiveChannelSnapshot } from './pbx-events';
import { PbxActionError, type OriginateRequest, type PbxPort, type SpyMode } from './pbx-port';
import { AmiError } from './ami-errors';
import type { AmiClient } from './ami-client';
import { DEFAULT_TRUNK_DETECTION, type TrunkDetection } from './channel-names';
import { toLiveChannels } from './live-channels';
import { originateActionIdSuffix } from './originate-tag';
import { SPY_VARIABLE } from './ami-translator';

// PbxPort over AMI. Originate is Async (the answer comes later as OriginateResponse + channel events; the ActionID
// carries the CRM call id so a failure can be matched even when no channel was created).

export interface AmiPbxPortOptions {
  pbxId: string;
  /** Dial string template for an agent's phone; `{ext}` is replaced. pbx-config uses PJSIP endpoints. */
  channelTemplate?: string;
  /** Dialplan context where the agent leg continues to the customer number (pbx-config: from-agents). */
  originateContext?: string;
  originateTimeoutMs?: number;
  /** Dial string template for queue member interfaces in QueuePause. */
  interfaceTemplate?: string;
  trunkDetection?: TrunkDetection;
  /** The sorcery memory caches holding the agents' realtime SIP accounts (pbx-config/sorcery.conf), in refresh order. */
  sipAccountCaches?: readonly string[];
}

export const SIP_ACCOUNT_CACHES = ['warmline_auths', 'warmline_aors', 'warmline_endpoints'] as const;

const SPY_OPTIONS: Record<SpyMode, string> = { listen: 'qE', whisper: 'qwE', barge: 'qBE' };

export class AmiPbxPort implements PbxPort {
  readonly pbxId: string;
  private readonly o: Required<Omit<AmiPbxPortOptions, 'pbxId'>>;

  constructor(private readonly client: AmiClient, options: AmiPbxPortOptions) {
    this.pbxId = options.pbxId;
    this.o = {
      channelTemplate: options.channelTemplate ?? 'PJSIP/{ext}', originateContext: options.originateContext ?? 'from-agents',
      originateTimeoutMs: options.originateTimeoutMs ?? 30_000, interfaceTemplate: options.interfaceTemplate ?? options.channelTemplate ?? 'PJSIP/{ext}',
      trunkDetection: options.trunkDetection ?? DEFAULT_TRUNK_DETECTION,
      sipAccountCaches: options.sipAccountCaches ?? SIP_ACCOUNT_CACHES,
    };
  }

  isConnected(): boolean { return this.client.isConnected(); }

  private dial(ext: string, template = this.o.channelTemplate): string {
    if (!/^[A-Za-z0-9_.+-]{1,64}$/.test(ext)) throw new Error(`invalid extension "${ext}"`);
    return template.replace('{ext}', ext);
  }

  async originate(req: OriginateRequest): Promise<void> {
    await this.asDomainError('Originate', this.client.action({
      Action: 'Originate', Channel: this.dial(req.fromExtension), Context: this.o.originateContext, Exten: req.toNumber,
      Priority: 1, Async: 'true', Timeout: req.timeoutMs ?? this.o.originateTimeoutMs,
      CallerID: req.callerId ?? `"Warmline" <${req.fromExtension}>`,
      Variable: { ...(req.variables ?? {}), CRM_CALL_ID: req.crmCallId, CRM_TO_NUMBER: req.toNumber },
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
    if (!this.o.interfaceTemplate.startsWith('PJSIP/')) return;
    await this.client.action({ Action: 'PJSIPQualify', Endpoint: this.dial(extension, '{ext}') });
  }

  async hangup(channel: string, cause?: number): Promise<void> {
    await this.client.action({ Action: 'Hangup', Channel: channel, Cause: cause });
  }

  async queuePause(extension: string, paused: boolean, reason?: string, queue?: string): Promise<void> {
    await this.client.action({
      Action: 'QueuePause', Interface: this.dial(extension, this.o.interfaceTemplate), Paused: paused ? 'true' : 'false',
      Reason: reason, Queue: queue,
    });
  }

  /** The supervisor's phone rings; on answer ChanSpy attaches (q: quiet, E: leave when the spied channel hangs up). */
  async spy(supervisorExtension: string, targetChannel: string, mode: SpyMode): Promise<void> {
    await this.client.action({
      Action: 'Originate', Channel: this.dial(supervisorExtension), Application: 'ChanSpy',
      Data: `${targetChannel},${SPY_OPTIONS[mode]}`, Async: 'true', Timeout: this.o.originateTimeoutMs,
      CallerID: `"Supervision" <${supervisorExtension}>`, Variable: { [SPY_VARIABLE]: mode },
    });
  }

  async redirect(channel: string, context: string, exten: string): Promise<void> {
    await this.client.action({ Action: 'Redirect', Channel: channel, Context: context, Exten: exten, Priority: 1 });
  }

  // pbx-config/sorcery.conf keeps the realtime agent accounts in full memory caches (so app_queue and qualify know
  // every endpoint); a full cache is only read again when it goes stale. SorceryMemoryCachePopulate empties one
  // and reads its backends again, synchronously, before it answers. Auths and AORs first: an endpoint that appears
  // must find its auth and AOR already there. A site whose sorcery.conf names other caches sets sipAccountCaches.
  async refreshSipAccounts(): Promise<void> {
    for (const cache of this.o.sipAccountCaches) {
      await this.asDomainError('SorceryMemoryCachePopulate', this.client.action({ Action: 'SorceryMemoryCachePopulate', Cache: cache }));
    }
  }

  async liveChannels(): Promise<LiveChannelSnapshot[]> {
    const channels = await this.client.listAction({ Action: 'CoreShowChannels' });
    const queues = await this.client.listAction({ Action: 'QueueStatus' });
    return toLiveChannels(this.pbxId, channels.events, queues.events, new Date(), this.o.trunkDetection);
  }
}
