import { STATE_DESC, type Frame, type Header, type SimChannel, type SimMember, type SimModel } from './sim-model';

// Event builders with the header names and order of the Asterisk 20.20 captures (tests/fixtures/ami/*.raw.jsonl):
// Event, Privilege, Timestamp, then the channel snapshot block (ast_manager_build_channel_state_string), then the
// event's own fields. `channelVars` mirrors manager.conf channelvars (the captures used RECORDING_FILE).

export class FrameBuilder {
  constructor(private readonly model: SimModel, private readonly channelVars: string[]) {}

  chan(ch: SimChannel, p = ''): Header[] {
    const h: Header[] = [
      [`${p}Channel`, ch.name], [`${p}ChannelState`, String(ch.state)], [`${p}ChannelStateDesc`, STATE_DESC[ch.state] ?? 'Unknown'],
      [`${p}CallerIDNum`, ch.callerNum], [`${p}CallerIDName`, ch.callerName], [`${p}ConnectedLineNum`, ch.connectedNum],
      [`${p}ConnectedLineName`, ch.connectedName], [`${p}Language`, 'en'], [`${p}AccountCode`, ''], [`${p}Context`, ch.context],
      [`${p}Exten`, ch.exten], [`${p}Priority`, String(ch.priority)], [`${p}Uniqueid`, ch.uniqueid], [`${p}Linkedid`, ch.linkedid],
    ];
    for (const v of this.channelVars) h.push([`${p}ChanVariable`, `${v}=${ch.vars[v] ?? ''}`]);
    return h;
  }

  event(name: string, privilege: string, ...rest: Header[]): Frame {
    return [['Event', name], ['Privilege', privilege], ['Timestamp', this.model.timestamp()], ...rest];
  }

  chanEvent(name: string, privilege: string, ch: SimChannel, ...rest: Header[]): Frame {
    return this.event(name, privilege, ...this.chan(ch), ...rest);
  }

  varSet(ch: SimChannel, variable: string, value: string): Frame {
    ch.vars[variable] = value;
    return this.chanEvent('VarSet', 'dialplan,all', ch, ['Variable', variable], ['Value', value]);
  }

  newexten(ch: SimChannel, application: string, appData: string): Frame {
    ch.application = application;
    ch.appData = appData;
    return this.chanEvent('Newexten', 'dialplan,all', ch, ['Extension', ch.exten], ['Application', application], ['AppData', appData]);
  }

  dial(name: 'DialBegin' | 'DialState' | 'DialEnd', caller: SimChannel | null, dest: SimChannel, last: Header): Frame {
    return this.event(name, 'call,all', ...(caller ? this.chan(caller) : []), ...this.chan(dest, 'Dest'), last);
  }

  device(device: string, state: string): Frame {
    return this.event('DeviceStateChange', 'call,all', ['Device', device], ['State', state]);
  }

  memberStatus(queue: string, m: SimMember): Frame {
    return this.event('QueueMemberStatus', 'agent,all', ...this.memberFields(queue, m));
  }

  memberFields(queue: string, m: SimMember): Header[] {
    return [
      ['Queue', queue], ['MemberName', m.name], ['Interface', m.interface], ['StateInterface', m.interface],
      ['Membership', m.dynamic ? 'dynamic' : 'static'], ['Penalty', String(m.penalty)], ['CallsTaken', String(m.callsTaken)], ['LastCall', String(m.lastCall)],
      ['LastPause', String(m.lastPause)], ['LoginTime', String(m.loginTime)], ['InCall', m.inCall ? '1' : '0'],
      ['Status', String(m.status)], ['Paused', m.paused ? '1' : '0'], ['PausedReason', m.pausedReason],
      ['Ringinuse', '0'], ['Wrapuptime', '0'],
    ];
  }

  bridge(name: string, id: string, count: number, ch?: SimChannel): Frame {
    const b: Header[] = [['BridgeUniqueid', id], ['BridgeType', 'basic'], ['BridgeTechnology', 'simple_bridge'],
      ['BridgeCreator', '<unknown>'], ['BridgeName', '<unknown>'], ['BridgeNumChannels', String(count)],
      ['BridgeVideoSourceMode', 'none']];
    return this.event(name, 'call,all', ...b, ...(ch ? this.chan(ch) : []));
  }

  rtcpSent(ch: SimChannel): Frame {
    return this.chanEvent('RTCPSent', 'reporting,all', ch, ['To', '127.0.0.1:16081'], ['From', '127.0.0.1:10403'],
      ['MES', '88.1'], ['SSRC', '0x67cb8a79'], ['PT', '200(SR)'], ['ReportCount', '1'], ['SentNTP', this.model.timestamp()],
      ['SentRTP', '515360'], ['SentPackets', '249'], ['SentOctets', '39840'], ['Report0SourceSSRC', '0xca110000'],
      ['Report0FractionLost', '0'], ['Report0CumulativeLost', '0'], ['Report0HighestSequence', '250'],
      ['Report0SequenceNumberCycles', '0'], ['Report0IAJitter', '2'], ['Report0LSR', '0'], ['Report0DLSR', '0.0000']);
  }

  hangup(ch: SimChannel, cause: number): Frame {
    return this.chanEvent('Hangup', 'call,all', ch, ['Cause', String(cause)], ['Cause-txt', CAUSE_TEXT[cause] ?? 'Unknown']);
  }

  cdr(a: SimChannel, b: SimChannel | null, lastApp: string, lastData: string, answeredAt: number | null): Frame {
    const fmt = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
    const now = Date.now();
    return this.event('Cdr', 'cdr,all', ['AccountCode', ''], ['Source', a.callerNum], ['Destination', a.exten],
      ['DestinationContext', a.context], ['CallerID', `"${a.callerName}" <${a.callerNum}>`], ['Channel', a.name],
      ['DestinationChannel', b?.name ?? ''], ['LastApplication', lastApp], ['LastData', lastData],
      ['StartTime', fmt(a.createdAt)], ['AnswerTime', answeredAt ? fmt(answeredAt) : ''], ['EndTime', fmt(now)],
      ['Duration', String(Math.round((now - a.createdAt) / 1000))],
      ['BillableSeconds', String(answeredAt ? Math.round((now - answeredAt) / 1000) : 0)],
      ['Disposition', answeredAt ? 'ANSWERED' : 'NO ANSWER'], ['AMAFlags', 'DOCUMENTATION'], ['UniqueID', a.uniqueid], ['UserField', '']);
  }
}

export const CAUSE_TEXT: Record<number, string> = {
  0: 'Unknown', 1: 'Unallocated (unassigned) number', 16: 'Normal Clearing', 17: 'User busy',
  18: 'No user responding', 19: 'User alerting, no answer', 21: 'Call Rejected', 26: 'Answered elsewhere',
  34: 'Circuit/channel congestion',
};

export function serializeFrame(frame: Frame): string {
  let out = '';
  for (const [k, v] of frame) out += `${k}: ${v}\r\n`;
  return `${out}\r\n`;
}
