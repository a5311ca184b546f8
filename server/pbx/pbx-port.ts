import type { LiveChannelSnapshot } from './pbx-events';

// The small set of actions the rest of the server may ask of a PBX. Only server/pbx implements it (over AMI).
export type SpyMode = 'listen' | 'whisper' | 'barge';

export interface OriginateRequest {
  /** Who is called first: an agent's extension (click-to-dial, preview/progressive dialer) or a number. */
  fromExtension: string;
  toNumber: string;
  crmCallId: string;
  callerId?: string;
  timeoutMs?: number;
  variables?: Record<string, string>;
}

export interface PbxPort {
  readonly pbxId: string;
  isConnected(): boolean;
  originate(req: OriginateRequest): Promise<void>;
  hangup(channel: string, cause?: number): Promise<void>;
  queuePause(extension: string, paused: boolean, reason?: string, queue?: string): Promise<void>;
  /** Start a ChanSpy session: the supervisor's phone rings, then hears (and per mode speaks into) the target. */
  spy(supervisorExtension: string, targetChannel: string, mode: SpyMode): Promise<void>;
  redirect(channel: string, context: string, exten: string): Promise<void>;
  liveChannels(): Promise<LiveChannelSnapshot[]>;
}
