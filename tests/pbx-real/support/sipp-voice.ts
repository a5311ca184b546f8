import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bareReply, calleeBye, msg } from './sipp';

// A carrier whose callee speaks: sipp answers and plays a WAV (exec rtp_stream, sipp 3.6: 8 kHz mu-law, payload 0,
// sent from the -mp port, so no -rtp_echo) that app_amd classifies deterministically with pbx-config/amd.conf
// (Asterisk's defaults: initial_silence 2500, greeting 1500, after_greeting_silence 800, maximum_number_of_words 2).
// - human: a short "Hello?" (~0.5 s, under `greeting`, at most 2 words) 0.3 s after the answer, then 6 s of silence:
//   HUMAN once 800 ms of silence follow it (cause HUMAN-800-800).
// - machine: a 15 s voicemail greeting: MACHINE once 1.5 s of voice are heard (LONGGREETING) or a third word (MAXWORDS).
// Spoken with espeak-ng and shaped with sox at test time (the same tools as pbx-config/sounds, docs/CAMPAIGNS.md).

export type Voice = 'human' | 'machine';

const TEXT: Record<Voice, string> = {
  human: 'Hello?',
  machine: 'Hi, you have reached the voicemail of Alex Morgan at Northwind Trading. I can\'t take your call right now. '
    + 'Please leave your name, your number and a short message after the tone, and I will call you back as soon as I can.',
};
// Leading silence shorter than initial_silence; trailing silence longer than after_greeting_silence.
const PAD: Record<Voice, [number, number]> = { human: [0.3, 6], machine: [0.3, 2] };

/** Why voices cannot be made here, or null. */
export function voiceSkipReason(): string | null {
  for (const bin of ['/usr/bin/espeak-ng', '/usr/bin/sox']) {
    try { accessSync(bin, constants.X_OK); } catch { return `${bin} is not installed (Debian packages espeak-ng and sox)`; }
  }
  return null;
}

/** The two WAVs, 8 kHz mono mu-law (what rtp_stream sends as payload 0), in a fresh folder. */
export function makeVoices(): Record<Voice, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'warmline-voice-'));
  const out = {} as Record<Voice, string>;
  for (const v of ['human', 'machine'] as const) {
    const raw = path.join(dir, `${v}-raw.wav`);
    out[v] = path.join(dir, `${v}.wav`);
    execFileSync('/usr/bin/espeak-ng', ['-v', 'en-us', '-s', '160', '-w', raw, TEXT[v]]);
    execFileSync('/usr/bin/sox', [raw, '-r', '8000', '-c', '1', '-e', 'u-law', out[v], 'highpass', '300', 'lowpass', '3400',
      'silence', '1', '0.05', '1%', 'reverse', 'silence', '1', '0.05', '1%', 'reverse', 'norm', '-3', 'pad', String(PAD[v][0]), String(PAD[v][1])]);
  }
  return out;
}

const sdp = `v=0
o=carrier 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0 101
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=sendrecv
`;

export interface VoiceAnswerOptions {
  ringMs: number;
  wav: string;
  /** Hang up this long after the answer; null: wait for the PBX's BYE. */
  talkMs: number | null;
  /** The user part the INVITE's Request-URI must carry (what the carrier was asked to call); the call fails otherwise. */
  expectUser?: string;
}

/** The callee answers after ringMs (PCMU only), plays `wav` once, and hangs up after talkMs or waits for the BYE. */
export function voiceAnswerScenario(o: VoiceAnswerOptions): string {
  const tag = ';tag=[pid]voice[call_number]';
  const check = o.expectUser
    ? `<ereg regexp="^INVITE sip:${o.expectUser.replace(/[^0-9+]/g, '').replace('+', '\\+')}@" search_in="msg" check_it="true" assign_to="ruri"/>` : '';
  const keep = o.talkMs === null ? '' : `
<ereg regexp="[^ ].*" search_in="hdr" header="From:" assign_to="remote_party"/>
<ereg regexp="[^ ].*" search_in="hdr" header="To:" assign_to="local_party"/>
<ereg regexp="sip:[^>;]*" search_in="hdr" header="Contact:" assign_to="remote_contact"/>`;
  const seen = o.expectUser ? '\nX-Warmline-Seen: [$ruri]' : '';
  const reply = (status: string, body: string | null) => msg(`
SIP/2.0 ${status}
[last_Via:]
[last_From:]
[last_To:]${tag}
[last_Call-ID:]
[last_CSeq:]${status.startsWith('180') ? seen : ''}
Contact: <sip:[service]@[local_ip]:[local_port]>
${body === null ? 'Content-Length: 0' : `Content-Type: application/sdp\nContent-Length: [len]\n\n${body}`}`, body === null ? '' : ' retrans="500"');
  const ok = bareReply('200 OK');
  const steps = [
    `<recv request="INVITE"><action>${check}${keep}</action></recv>`,
    reply('180 Ringing', null),
    `<pause milliseconds="${Math.max(1, o.ringMs)}"/>`,
    reply('200 OK', sdp),
    '<recv request="ACK"/>',
    `<nop><action><exec rtp_stream="${o.wav},1,0"/></action></nop>`,
  ];
  if (o.talkMs === null) {
    steps.push('<recv request="BYE"/>', ok);
  } else {
    steps.push(`<recv request="BYE" timeout="${Math.max(1, o.talkMs)}" ontimeout="hangup" next="remote_bye"/>`,
      '<label id="remote_bye"/>', ok, '<nop next="done"/>',
      '<label id="hangup"/>', msg(calleeBye(tag), ' retrans="500"'), '<recv response="200"/>', '<label id="done"/>');
  }
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>\n<scenario name="voice-answer">\n${steps.join('\n')}\n</scenario>\n`;
}
