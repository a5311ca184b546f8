// The simulator's PBX state: channels named and numbered like Asterisk (`PJSIP/1002-0000000a`, Uniqueid
// `epoch.N`, Linkedid = Uniqueid of the oldest channel), bridges, queues with members and their paused state.

export type Header = [string, string];
export type Frame = Header[];

export const STATE_DESC: Record<number, string> = { 0: 'Down', 4: 'Ring', 5: 'Ringing', 6: 'Up' };

export interface SimChannel {
  name: string;
  endpoint: string;
  uniqueid: string;
  linkedid: string;
  state: number;
  callerNum: string;
  callerName: string;
  connectedNum: string;
  connectedName: string;
  context: string;
  exten: string;
  priority: number;
  vars: Record<string, string>;
  application: string;
  appData: string;
  bridgeId: string | null;
  createdAt: number;
  queue: string | null;
  queuePosition: number | null;
  queueJoinedAt: number | null;
}

export interface SimMember {
  extension: string;
  interface: string;
  name: string;
  paused: boolean;
  pausedReason: string;
  callsTaken: number;
  lastCall: number;
  lastPause: number;
  loginTime: number;
  inCall: boolean;
  /** Asterisk AST_DEVICE_* number: 1 not in use, 2 in use, 6 ringing, 8 on hold. */
  status: number;
  penalty: number;
  /** Added over AMI (QueueAdd): QueueRemove may remove it. Members of the configuration are static. */
  dynamic: boolean;
}

export interface SimQueue {
  name: string;
  members: SimMember[];
  waiting: string[];
  completed: number;
  abandoned: number;
}

export class SimModel {
  readonly channels = new Map<string, SimChannel>();
  readonly bridges = new Map<string, Set<string>>();
  readonly queues = new Map<string, SimQueue>();
  private channelSeq = 0;
  private uniqueSeq = 0;
  private lastMicros = 0;
  readonly bootEpoch = Math.floor(Date.now() / 1000);

  constructor(readonly tech: string, queues: Record<string, string[]>) {
    for (const [name, exts] of Object.entries(queues)) {
      this.queues.set(name, {
        name, waiting: [], completed: 0, abandoned: 0,
        members: exts.map((extension) => ({
          extension, interface: `${tech}/${extension}`, name: `Agent ${extension}`, paused: false, pausedReason: '',
          callsTaken: 0, lastCall: 0, lastPause: 0, loginTime: this.bootEpoch, inCall: false, status: 1, penalty: 0, dynamic: false,
        })),
      });
    }
  }

  /** Strictly increasing `epoch.micros` like Asterisk's Timestamp header. */
  timestamp(): string {
    const micros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  newChannel(endpoint: string, spec: Partial<SimChannel> & { linkedid?: string }): SimChannel {
    const seq = this.channelSeq++;
    const uniqueid = `${Math.floor(Date.now() / 1000)}.${this.uniqueSeq++}`;
    const ch: SimChannel = {
      name: `${this.tech}/${endpoint}-${seq.toString(16).padStart(8, '0')}`, endpoint, uniqueid,
      linkedid: spec.linkedid ?? uniqueid, state: 0, callerNum: '<unknown>', callerName: '<unknown>',
      connectedNum: '<unknown>', connectedName: '<unknown>', context: 'default', exten: 's', priority: 1,
      vars: { RECORDING_FILE: '' }, application: '', appData: '', bridgeId: null, createdAt: Date.now(),
      queue: null, queuePosition: null, queueJoinedAt: null, ...spec,
    };
    ch.linkedid = spec.linkedid ?? uniqueid;
    this.channels.set(ch.uniqueid, ch);
    return ch;
  }

  byName(name: string): SimChannel | undefined {
    for (const ch of this.channels.values()) if (ch.name === name) return ch;
    return undefined;
  }

  member(queue: string, extension: string): SimMember | undefined {
    return this.queues.get(queue)?.members.find((m) => m.extension === extension);
  }

  membersOf(extension: string): Array<{ queue: SimQueue; member: SimMember }> {
    const out: Array<{ queue: SimQueue; member: SimMember }> = [];
    for (const q of this.queues.values()) {
      const m = q.members.find((x) => x.extension === extension);
      if (m) out.push({ queue: q, member: m });
    }
    return out;
  }

  /** An agent channel currently up or ringing for this extension. */
  agentBusy(extension: string): boolean {
    for (const ch of this.channels.values()) if (ch.endpoint === extension) return true;
    return false;
  }
}
