import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Real SIP user agents for the real-PBX suite: sipp (Debian's sip-tester) playing an agent's desk phone and the
// carrier. Scenarios are generated per use so ring and talk times are plain numbers in the XML.

const SIPP = '/usr/bin/sipp';
const workDir = mkdtempSync(path.join(tmpdir(), 'warmline-sipp-'));
let files = 0;
const running = new Set<ChildProcess>();

/** Ends every sipp this process started: a failed test must not leave a phone holding its port for the next. */
export function killAllSipp(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export interface SippRun {
  /** Resolves when sipp exits: code 0 means every call of the run succeeded. */
  done: Promise<{ code: number | null; output: string }>;
  kill(): void;
}

export interface SippOptions {
  remote: string;
  localIp: string;
  localPort: number;
  mediaPort?: number;
  /** Stop after this many calls (default 1); null: run until killed (a phone waiting for calls). */
  calls?: number | null;
  auth?: { user: string; password: string };
  keys?: Record<string, string>;
  service?: string;
  timeoutS?: number;
  /** Echo the RTP received (default, with mediaPort); false when the scenario plays a file (rtp_stream) on that port. */
  echo?: boolean;
}

export function runSipp(xml: string, o: SippOptions): SippRun {
  const file = path.join(workDir, `scenario-${++files}.xml`);
  writeFileSync(file, xml);
  const args = ['-sf', file, o.remote, '-i', o.localIp, '-p', String(o.localPort), '-nostdin', '-aa',
    '-trace_err', '-error_file', `${file}.errors.log`, '-timeout', String(o.timeoutS ?? 120), '-timeout_error'];
  // A phone that takes calls (calls: null) also gets Asterisk's qualify OPTIONS, which sipp answers (-aa) inside a
  // call of its own: a call count would be used up by them, so such a phone runs until it is killed.
  if (o.calls !== null) args.push('-m', String(o.calls ?? 1));
  if (process.env.WARMLINE_SIPP_TRACE) args.push('-trace_msg', '-message_file', `${file}.messages.log`);
  if (o.mediaPort) args.push('-mi', o.localIp, '-mp', String(o.mediaPort), ...(o.echo === false ? [] : ['-rtp_echo']));
  if (o.auth) args.push('-au', o.auth.user, '-ap', o.auth.password);
  if (o.service) args.push('-s', o.service);
  for (const [k, v] of Object.entries(o.keys ?? {})) args.push('-key', k, v);
  const child: ChildProcess = spawn(SIPP, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-20_000); });
  child.stderr?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-20_000); });
  const done = new Promise<{ code: number | null; output: string }>((resolve) => {
    child.once('exit', (code) => resolve({ code, output }));
  });
  return { done, kill: () => child.kill('SIGKILL') };
}

const sdp = (role: string) => `v=0
o=${role} 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0 8 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=sendrecv
`;

function xml(name: string, body: string): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>\n<scenario name="${name}">\n${body}\n</scenario>\n`;
}

export const msg = (text: string, attrs = '') => `<send${attrs}><![CDATA[\n${text.trim()}\n\n]]></send>`;

/**
 * A phone registering (digest auth, -au/-ap) with a Contact on another port, where answerCalls() listens: sipp maps a
 * scenario run to one Call-ID, so the phone's registration and its calls are two sipp processes.
 */
export function registerScenario(ext: string, contactPort: number, expires = 600): string {
  const register = (cseq: number, auth: string) => msg(`
REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
From: <sip:${ext}@[remote_ip]>;tag=[pid]reg${cseq}
To: <sip:${ext}@[remote_ip]>
Call-ID: [call_id]
CSeq: ${cseq} REGISTER
Contact: <sip:${ext}@[local_ip]:${contactPort}>
${auth}Max-Forwards: 70
Expires: ${expires}
User-Agent: warmline-test-phone
Content-Length: 0`, ' retrans="500"');
  return xml('register', [register(1, ''), '<recv response="401" auth="true"/>', register(2, '[authentication]\n'), '<recv response="200"/>'].join('\n'));
}

const ok = (extra = '') => `
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]${extra}
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[service]@[local_ip]:[local_port]>
Content-Length: 0`;

const bye = `
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
[last_From:]
[last_To:]
[last_Call-ID:]
CSeq: [last_cseq_number+1] BYE
Max-Forwards: 70
Content-Length: 0`;

/** The phone's 180 to the INVITE just received, with its To tag. */
/** A reply with no body to the request just received: `status` is e.g. "100 Trying", or "200 OK" to a BYE. */
export const bareReply = (status: string) => msg(`
SIP/2.0 ${status}
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0`);

export const ringingReply = (tag: string) => msg(`
SIP/2.0 180 Ringing
[last_Via:]
[last_From:]
[last_To:]${tag}
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[service]@[local_ip]:[local_port]>
Content-Length: 0`);

/** The phone's 200 answering the INVITE just received with `body` as its SDP (retransmitted until the ACK). */
export const answerReply = (tag: string, body: string) => msg(`
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]${tag}
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[service]@[local_ip]:[local_port]>
Content-Type: application/sdp
Content-Length: [len]

${body}`, ' retrans="500"');

export interface AnswerOptions {
  /** How long the phone rings before it answers; null: never answers (the caller or the queue cancels). */
  ringMs: number | null;
  /** Hang up after this long in the call; null: wait for the other side's BYE. */
  talkMs: number | null;
}

/**
 * Answers one INVITE: 180, then 200 with G.711 (RTP echoed by -rtp_echo) after ringMs, then BYE after talkMs or
 * waits for the BYE. A CANCEL while ringing is answered 200 + 487, as a phone does.
 */
/**
 * The BYE a called party (a UAS) sends to end the call it answered: to the caller's Contact, with the parties swapped
 * (the INVITE's From/To, saved by an <ereg> as remote_party/local_party/remote_contact). `tag`: its own To tag;
 * `cseq`: after the call's own re-INVITEs, if any.
 */
export function calleeBye(tag: string, cseq = 1): string {
  return `
BYE [$remote_contact] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: [$local_party]${tag}
To: [$remote_party]
[last_Call-ID:]
CSeq: ${cseq} BYE
Max-Forwards: 70
Content-Length: 0`;
}

export function answerScenario(o: AnswerOptions, role = 'agent'): string {
  const tag = `;tag=[pid]${role}[call_number]`;
  const ringing = ringingReply(tag);
  const answer = answerReply(tag, sdp(role));
  const cancelled = [
    '<label id="cancelled"/>',
    msg(ok()),
    msg(`
SIP/2.0 487 Request Terminated
[last_Via:]
[last_From:]
[last_To:]${tag}
[last_Call-ID:]
CSeq: [last_cseq_number] INVITE
Content-Length: 0`),
    '<recv request="ACK"/>',
    '<nop next="done"/>',
  ];
  // The phone's own BYE swaps From and To and goes to the caller's Contact: kept from the INVITE (only then: sipp
  // refuses a scenario that sets a variable it never reads).
  const invite = o.talkMs === null ? '<recv request="INVITE"/>' : `<recv request="INVITE"><action>
<ereg regexp="[^ ].*" search_in="hdr" header="From:" assign_to="remote_party"/>
<ereg regexp="[^ ].*" search_in="hdr" header="To:" assign_to="local_party"/>
<ereg regexp="sip:[^>;]*" search_in="hdr" header="Contact:" assign_to="remote_contact"/>
</action></recv>`;
  const phoneBye = calleeBye(tag);
  const steps = [invite, ringing];
  steps.push(o.ringMs === null
    ? '<recv request="CANCEL" next="cancelled"/>'
    : `<recv request="CANCEL" timeout="${Math.max(1, o.ringMs)}" ontimeout="answer" next="cancelled"/>`);
  steps.push('<label id="answer"/>', answer, '<recv request="ACK"/>');
  if (o.talkMs === null) {
    steps.push('<recv request="BYE"/>', msg(ok()), '<nop next="done"/>');
  } else {
    steps.push(`<recv request="BYE" timeout="${Math.max(1, o.talkMs)}" ontimeout="hangup" next="remote_bye"/>`,
      '<label id="remote_bye"/>', msg(ok()), '<nop next="done"/>',
      '<label id="hangup"/>', msg(phoneBye, ' retrans="500"'), '<recv response="200"/>', '<nop next="done"/>');
  }
  steps.push(...cancelled, '<label id="done"/>');
  return xml(`${role}-answer`, steps.join('\n'));
}

export interface DialOptions {
  /** The dialled number (request URI user part), e.g. a DID. */
  to: string;
  from: string;
  fromName?: string;
  /** Hang up after this long once answered; null: wait for the other side's BYE. */
  talkMs: number | null;
  /** Give up (CANCEL) if not answered after this long; null: wait. */
  cancelAfterMs?: number | null;
}

/** The carrier places a call into the PBX (an inbound customer call). */
export function dialScenario(o: DialOptions): string {
  const invite = msg(`
INVITE sip:${o.to}@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: "${o.fromName ?? o.from}" <sip:${o.from}@[local_ip]:[local_port]>;tag=[pid]carrier[call_number]
To: <sip:${o.to}@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:${o.from}@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

${sdp('carrier')}`, ' retrans="500" start_rtd="answer"');
  const ack = msg(`
ACK sip:${o.to}@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: "${o.fromName ?? o.from}" <sip:${o.from}@[local_ip]:[local_port]>;tag=[pid]carrier[call_number]
[last_To:]
[last_Call-ID:]
CSeq: 1 ACK
Contact: <sip:${o.from}@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Length: 0`);
  const steps = [invite,
    '<recv response="100" optional="true"/>',
    '<recv response="180" optional="true"/>',
    '<recv response="183" optional="true"/>',
    // sipp refuses a scenario that sets a variable it never reads: keep the Contact only when we send the BYE.
    o.talkMs === null ? '<recv response="200" rtd="answer"/>' : `<recv response="200" rtd="answer"><action>
<ereg regexp="sip:[^>;]*" search_in="hdr" header="Contact:" assign_to="remote_contact"/>
</action></recv>`,
    ack];
  if (o.talkMs === null) {
    steps.push('<recv request="BYE"/>', msg(ok()));
  } else {
    steps.push(`<recv request="BYE" timeout="${Math.max(1, o.talkMs)}" ontimeout="hangup" next="remote_bye"/>`,
      '<label id="remote_bye"/>', msg(ok()), '<nop next="done"/>',
      '<label id="hangup"/>', msg(bye.replace('[next_url]', '[$remote_contact]'), ' retrans="500"'), '<recv response="200"/>', '<label id="done"/>');
  }
  return xml('carrier-dial', steps.join('\n'));
}

/**
 * An agent's desk phone calling another extension through [from-agents]: INVITE, the PBX's 401 digest challenge
 * (-au/-ap), INVITE again with credentials, answered, hangs up (BYE) after talkMs.
 */
export function agentDialScenario(o: { from: string; to: string; talkMs: number }): string {
  const invite = (cseq: number, auth: string) => msg(`
INVITE sip:${o.to}@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:${o.from}@[remote_ip]>;tag=[pid]agent[call_number]
To: <sip:${o.to}@[remote_ip]>
Call-ID: [call_id]
CSeq: ${cseq} INVITE
Contact: <sip:${o.from}@[local_ip]:[local_port]>
${auth}Max-Forwards: 70
User-Agent: warmline-test-phone
Content-Type: application/sdp
Content-Length: [len]

${sdp('agent')}`, ' retrans="500"');
  const ack = (cseq: number) => msg(`
ACK sip:${o.to}@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:${o.from}@[remote_ip]>;tag=[pid]agent[call_number]
[last_To:]
[last_Call-ID:]
CSeq: ${cseq} ACK
Max-Forwards: 70
Content-Length: 0`);
  const hangup = `
BYE [$remote_contact] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:${o.from}@[remote_ip]>;tag=[pid]agent[call_number]
[last_To:]
[last_Call-ID:]
CSeq: 3 BYE
Max-Forwards: 70
Content-Length: 0`;
  return xml('agent-dial', [
    invite(1, ''), '<recv response="100" optional="true"/>', '<recv response="401" auth="true"/>', ack(1),
    invite(2, '[authentication]\n'), '<recv response="100" optional="true"/>', '<recv response="180" optional="true"/>',
    '<recv response="183" optional="true"/>',
    `<recv response="200"><action>
<ereg regexp="sip:[^>;]*" search_in="hdr" header="Contact:" assign_to="remote_contact"/>
</action></recv>`,
    ack(2), `<pause milliseconds="${o.talkMs}"/>`, msg(hangup, ' retrans="500"'), '<recv response="200"/>',
  ].join('\n'));
}
