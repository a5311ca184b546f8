import { field, fieldOrNull, type AmiFrame } from './ami-frame';
import { answer, withdrawOffer } from './translator-call-events';
import { newCall, type Draft, type TrackedCall, type TrackedChannel } from './translator-state';

// Asterisk's attended transfer (AMI Atxfer, the atxfer feature) dials the target through a Local channel pair on the
// customer call's own Linkedid (tests/fixtures/ami/attended_transfer.raw.jsonl): `Local/<exten>@<context>;2` runs the
// dialplan (Dial() to an agent, Queue(), dial-out) and the target's channel joins the customer call's Linkedid. The
// translator drops Local channels, so the consultation used to be invisible: the target's phone rang but the server
// never knew the target was busy, and a consultation through a queue had nobody to hand the call to.
// It is reported as what the two agents live: an internal call from the transferring agent to the target, keyed
// `<Linkedid>/consult/<Local;2 Uniqueid>`. The target's channel belongs to it (TrackedChannel.consultOf) until the
// transfer completes (AttendedTransfer: the channel goes back to the customer call, which the target answers) or the
// Local channel that dialled it hangs up (cancelled, or nobody answered).

export type EndCall = (d: Draft, call: TrackedCall, cause: number | null, causeText: string | null) => void;

export const consultKey = (linkedid: string, localUniqueid: string) => `${linkedid}/consult/${localUniqueid}`;

const isSecondHalf = (channel: string | null) => !!channel && /;2$/.test(channel);

/** A frame of a Local channel: the ;2 half's dialling is a consultation's ring, its Hangup may end one. */
export function handleLocalFrame(d: Draft, name: string, ev: AmiFrame, endCall: EndCall): void {
  const local = fieldOrNull(ev, 'channel');
  const localUid = fieldOrNull(ev, 'uniqueid');
  const linkedid = fieldOrNull(ev, 'linkedid');
  if (!isSecondHalf(local) || !localUid || !linkedid) return;
  const key = consultKey(linkedid, localUid);
  if (name === 'dialbegin' || name === 'agentcalled') { consultRings(d, ev, linkedid, key); return; }
  const consult = d.call(key);
  if (!consult) return;
  const destUid = fieldOrNull(ev, 'destuniqueid');
  const dest = d.channel(destUid);
  if (name === 'hangup') {
    // The target's channel may still be there (its Hangup follows): then that Hangup ends the consultation.
    if (consult.channels.length === 0) endCall(d, consult, null, null);
    else d.setCall({ ...consult, consultLocalGone: true });
    return;
  }
  if (!destUid || !dest) return;
  if (name === 'agentconnect' || (name === 'dialend' && field(ev, 'dialstatus') === 'ANSWER')) {
    answer(d, consult, dest.extension, null, null, destUid);
  } else if (name === 'agentringnoanswer' || name === 'dialend') {
    const status = field(ev, 'dialstatus');
    withdrawOffer(d, consult, destUid, status === 'BUSY' ? 'busy' : status === 'CANCEL' ? 'caller_left' : 'no_answer');
  }
}

function consultRings(d: Draft, ev: AmiFrame, linkedid: string, key: string): void {
  const main = d.call(linkedid);
  const destUid = fieldOrNull(ev, 'destuniqueid');
  const dest = d.channel(destUid);
  // Only an answered call is consulted about; a Local channel dialling a trunk (a number) stays the customer call's.
  if (!main?.started || !main.answered || !destUid || !dest || dest.trunk || !dest.extension || dest.consultOf) return;
  let consult = d.call(key);
  if (!consult) {
    const transferer = main.channels.map((u) => d.channel(u)).find((ch): ch is TrackedChannel => !!ch && !ch.trunk && ch.up && !!ch.extension);
    consult = { ...newCall(key, destUid, d.at), started: true, channels: [], answered: false, consultOf: linkedid };
    d.emit({ type: 'call.started', pbxId: d.pbxId, linkedid: key, at: d.at, uniqueid: fieldOrNull(ev, 'uniqueid') ?? key,
      channel: field(ev, 'channel') ?? '', direction: 'internal', callerNumber: transferer?.extension ?? null,
      callerName: transferer?.callerName ?? null, calledNumber: fieldOrNull(ev, 'exten'), crmCallId: null, extension: transferer?.extension ?? null });
  }
  d.setChannel({ ...dest, linkedid: key, consultOf: linkedid });
  d.setCall({ ...main, channels: main.channels.filter((u) => u !== destUid) });
  d.setCall({ ...consult, channels: [...consult.channels, destUid], offers: { ...consult.offers, [destUid]: { extension: dest.extension, queue: null } } });
  d.emit({ type: 'call.offered', pbxId: d.pbxId, linkedid: key, at: d.at, queue: null, extension: dest.extension, agentUniqueid: destUid, agentChannel: dest.channel });
}

/**
 * AttendedTransfer of a customer call consulted through a Local channel: the consultation ends and its answered
 * target's channel goes back to the customer call. Returns that channel (the agent who now has the call), if any.
 */
export function settleConsultation(d: Draft, ev: AmiFrame, endCall: EndCall): TrackedChannel | null {
  if (field(ev, 'result') !== 'Success') return null;
  const linkedid = fieldOrNull(ev, 'transfereelinkedid');
  const main = d.call(linkedid);
  if (!main || !linkedid) return null;
  let target: TrackedChannel | null = null;
  for (const consult of Object.values(d.calls).filter((c) => c.consultOf === linkedid)) {
    const answered = consult.answeredUniqueids.map((u) => d.channel(u)).find((ch): ch is TrackedChannel => !!ch && consult.channels.includes(ch.uniqueid));
    if (answered) {
      const { consultOf: _, ...back } = answered;
      target = { ...back, linkedid };
      d.setChannel(target);
      const now = d.call(linkedid) ?? main;
      d.setCall({ ...now, channels: [...now.channels, answered.uniqueid] });
      // The target's leg was recorded on the consultation; the customer call needs its own, or the target has no
      // channel of the call to hang up, transfer or be listened to on (a restored console acts through it).
      if (answered.extension) {
        d.emit({ type: 'call.leg_started', pbxId: d.pbxId, linkedid, at: d.at, uniqueid: answered.uniqueid, channel: answered.channel,
          role: 'agent', extension: answered.extension });
      }
    }
    endCall(d, { ...consult, channels: consult.channels.filter((u) => u !== answered?.uniqueid) }, 16, 'Normal Clearing');
  }
  return target;
}
