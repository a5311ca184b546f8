// The AMI events Warmline asks the PBX not to send, added with `Action: Filter` after every login (Asterisk 10+;
// the filter lives for that session only, so a reconnect adds it again). Real Asterisk sends ~170 events for one
// answered queue call (../shared/ami-captures/inbound_answered.raw.jsonl): 107 of them VarSet, most of the rest
// dialplan steps and RTCP reports. The translator reads none of those, but every one of them is written by
// Asterisk, read and parsed by the server before the frame it does need: an AgentCalled comes after 26 frames,
// of which 15 are dropped here. Fewer frames mean an earlier screen pop and less CPU per call on both sides.
//
// Exclude filters only (Asterisk: "implied include-all, then the excludes"), so an event the translator may need
// some day is never lost by omission. Legacy syntax: POSIX extended regex against the whole event text; `!` marks
// an exclude. The translator keeps working unfiltered (a PBX that refuses the Filter action costs CPU only);
// tests/unit/pbx/ami-event-filters.test.ts checks, on the real captures, that filtering changes no PbxEvent.
//
// What stays: every VarSet of a variable the translator reads (RECORDING_FILE, MIXMONITOR_FILENAME, CRM_CALL_ID,
// CRM_TO_NUMBER) or that a site's dialplan sets; only the variables Asterisk's own applications set on every
// call (Dial, Queue, bridging, RTP QoS, SIP headers) are dropped. `[^n]Variable` keeps ChanVariable headers out.
export const AMI_EVENT_FILTERS: readonly string[] = [
  // One per dialplan priority executed.
  '!Event: Newexten',
  '!Event: VarSet.*[^n]Variable: (ANSWEREDTIME|BRIDGEPEER|BRIDGEPVTCALLID|DIALEDPEER|DIALEDTIME|DIALSTATUS|MEMBER|PROGRESSTIME|QE|QUEUE|RINGTIME|RTPAUDIOQOS|SIP)',
  // Periodic RTP reports, every few seconds per channel while a call is up.
  '!Event: RTCP(Sent|Received)',
  // Connected-line updates and dial progress: the call's own events (DialBegin/DialEnd, AgentCalled) say it.
  '!Event: NewConnectedLine',
  '!Event: DialState',
];
