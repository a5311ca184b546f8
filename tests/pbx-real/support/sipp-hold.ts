// An agent's desk phone that answers a call, puts it on hold as a phone does (a re-INVITE with a=sendonly), takes it
// off hold (a=sendrecv) and hangs up (BYE): the PBX's own Hold/Unhold and music-on-hold events, for the hold fixture
// (issue #26.5). Same conventions as support/sipp.ts (one call per run, -rtp_echo media).
import { answerReply, calleeBye, msg, ringingReply } from './sipp';

const sdp = (direction: 'sendrecv' | 'sendonly', version: number) => `v=0
o=agent 53655765 ${2353687637 + version} IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0 8 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=${direction}
`;


export interface HoldOptions {
  ringMs: number;
  /** Talk before the hold, on hold, and after the hold before hanging up. */
  talkMs: number;
  holdMs: number;
  afterMs: number;
}

export function holdScenario(o: HoldOptions): string {
  const tag = ';tag=[pid]holder[call_number]';
  const reinvite = (cseq: number, direction: 'sendrecv' | 'sendonly') => msg(`
INVITE [$remote_contact] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: [$local_party]${tag}
To: [$remote_party]
[last_Call-ID:]
CSeq: ${cseq} INVITE
Contact: <sip:[service]@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

${sdp(direction, cseq)}`, ' retrans="500"');
  const ack = (cseq: number) => msg(`
ACK [$remote_contact] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: [$local_party]${tag}
To: [$remote_party]
[last_Call-ID:]
CSeq: ${cseq} ACK
Max-Forwards: 70
Content-Length: 0`);
  const steps = [
    `<recv request="INVITE"><action>
<ereg regexp="[^ ].*" search_in="hdr" header="From:" assign_to="remote_party"/>
<ereg regexp="[^ ].*" search_in="hdr" header="To:" assign_to="local_party"/>
<ereg regexp="sip:[^>;]*" search_in="hdr" header="Contact:" assign_to="remote_contact"/>
</action></recv>`,
    ringingReply(tag),
    `<pause milliseconds="${o.ringMs}"/>`,
    answerReply(tag, sdp('sendrecv', 0)),
    '<recv request="ACK"/>',
    `<pause milliseconds="${o.talkMs}"/>`,
    reinvite(1, 'sendonly'), '<recv response="100" optional="true"/>', '<recv response="200"/>', ack(1),
    `<pause milliseconds="${o.holdMs}"/>`,
    reinvite(2, 'sendrecv'), '<recv response="100" optional="true"/>', '<recv response="200"/>', ack(2),
    `<pause milliseconds="${o.afterMs}"/>`,
    msg(calleeBye(tag, 3), ' retrans="500"'),
    '<recv response="200"/>',
  ];
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>\n<scenario name="agent-hold">\n${steps.join('\n')}\n</scenario>\n`;
}
