import type { PbxEvent } from '../../server/pbx/pbx-events';

let seq = 0;

/** A queue call's PbxEvent sequence as the translator yields it for the real inbound-answered capture. */
export function inboundAnsweredCall(opts: { extension: string; caller?: string; queue?: string; start?: Date; waitS?: number; talkS?: number; pbxId?: string }) {
  seq += 1;
  const pbxId = opts.pbxId ?? 'main';
  const linkedid = `${1795367000 + seq}.${seq}`;
  const t0 = (opts.start ?? new Date('2026-11-22T17:07:27Z')).getTime();
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  const wait = opts.waitS ?? 2;
  const talk = opts.talkS ?? 12;
  const queue = opts.queue ?? 'support';
  const base = { pbxId, linkedid };
  const events: PbxEvent[] = [
    { ...base, type: 'call.started', at: at(0), uniqueid: linkedid, channel: `PJSIP/trunk-${seq}`, direction: 'inbound', callerNumber: opts.caller ?? '+12125550101', callerName: 'Customer', calledNumber: '5000', crmCallId: null, extension: null },
    { ...base, type: 'call.recording_started', at: at(0), path: `/var/spool/asterisk/monitor/in-${linkedid}.wav` },
    { ...base, type: 'call.queued', at: at(0), queue, position: 1 },
    { ...base, type: 'call.offered', at: at(0.2), queue, extension: opts.extension, agentUniqueid: `${linkedid}-a`, agentChannel: `PJSIP/${opts.extension}-0000${seq}` },
    { ...base, type: 'call.answered', at: at(wait), extension: opts.extension, queue, waitSeconds: wait, answeredUniqueid: `${linkedid}-a` },
    { ...base, type: 'call.leg_ended', at: at(wait + talk), uniqueid: `${linkedid}-a`, channel: `PJSIP/${opts.extension}-0000${seq}`, cause: 16, causeText: 'Normal Clearing' },
    { ...base, type: 'call.ended', at: at(wait + talk), cause: 16, causeText: 'Normal Clearing', hungUpBy: 'customer', failure: null },
  ];
  return { linkedid, events };
}

export function abandonedCall(opts: { caller?: string; queue?: string; waitS?: number; pbxId?: string }) {
  seq += 1;
  const pbxId = opts.pbxId ?? 'main';
  const linkedid = `${1795368000 + seq}.${seq}`;
  const t0 = Date.parse('2026-11-22T18:00:00Z');
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  const base = { pbxId, linkedid };
  const wait = opts.waitS ?? 35;
  const events: PbxEvent[] = [
    { ...base, type: 'call.started', at: at(0), uniqueid: linkedid, channel: `PJSIP/trunk-${seq}`, direction: 'inbound', callerNumber: opts.caller ?? '+12125550102', callerName: null, calledNumber: '5000', crmCallId: null, extension: null },
    { ...base, type: 'call.queued', at: at(0), queue: opts.queue ?? 'support', position: 1 },
    { ...base, type: 'call.abandoned', at: at(wait), queue: opts.queue ?? 'support', position: 1, waitSeconds: wait },
    { ...base, type: 'call.ended', at: at(wait), cause: 16, causeText: 'Normal Clearing', hungUpBy: 'customer', failure: null },
  ];
  return { linkedid, events };
}
