import type { LiveChannelSnapshot } from './pbx-events';
import { field, fieldOrNull, intField, type AmiFrame } from './ami-frame';
import { DEFAULT_TRUNK_DETECTION, extensionOf, isLocalChannel, type TrunkDetection } from './channel-names';

// CoreShowChannel + QueueStatus(QueueEntry) frames -> LiveChannelSnapshot (what a resync compares against).

function stateOf(desc: string | undefined): LiveChannelSnapshot['state'] {
  if (desc === 'Up') return 'up';
  if (desc === 'Ring' || desc === 'Ringing') return 'ringing';
  return 'down';
}

function durationSeconds(d: string | undefined): number {
  const m = /^(\d+):(\d{2}):(\d{2})$/.exec(d ?? '');
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : 0;
}

export function toLiveChannels(pbxId: string, coreShowChannels: readonly AmiFrame[], queueStatus: readonly AmiFrame[],
  now: Date = new Date(), opts: TrunkDetection = DEFAULT_TRUNK_DETECTION): LiveChannelSnapshot[] {
  const queueByUniqueid = new Map<string, { queue: string; position: number | null }>();
  for (const ev of queueStatus) {
    if (field(ev, 'event') !== 'QueueEntry') continue;
    const uid = fieldOrNull(ev, 'uniqueid');
    const queue = fieldOrNull(ev, 'queue');
    if (uid && queue) queueByUniqueid.set(uid, { queue, position: intField(ev, 'position') });
  }
  // A supervisor's phone running ChanSpy is a spy session, not a call (as in the translator, SPY_VARIABLE).
  const rows = coreShowChannels.filter((ev) => field(ev, 'event') === 'CoreShowChannel' && !isLocalChannel(field(ev, 'channel'))
    && field(ev, 'application') !== 'ChanSpy');
  const byBridge = new Map<string, string[]>();
  for (const ev of rows) {
    const bridge = fieldOrNull(ev, 'bridgeid');
    const channel = fieldOrNull(ev, 'channel');
    if (bridge && channel) byBridge.set(bridge, [...(byBridge.get(bridge) ?? []), channel]);
  }
  const out: LiveChannelSnapshot[] = [];
  for (const ev of rows) {
    const channel = fieldOrNull(ev, 'channel');
    const uniqueid = fieldOrNull(ev, 'uniqueid');
    if (!channel || !uniqueid) continue;
    const bridge = fieldOrNull(ev, 'bridgeid');
    const peers = bridge ? (byBridge.get(bridge) ?? []).filter((c) => c !== channel) : [];
    const app = field(ev, 'application');
    const queued = queueByUniqueid.get(uniqueid);
    const appQueue = app === 'Queue' ? (field(ev, 'applicationdata') ?? '').split(',')[0] || null : null;
    const exten = fieldOrNull(ev, 'exten');
    out.push({
      pbxId, uniqueid, channel, linkedid: fieldOrNull(ev, 'linkedid') ?? uniqueid,
      state: stateOf(field(ev, 'channelstatedesc')),
      callerNumber: fieldOrNull(ev, 'calleridnum'),
      calledNumber: exten && exten !== 's' ? exten : null,
      extension: extensionOf(channel, opts),
      queue: queued?.queue ?? appQueue,
      queuePosition: queued?.position ?? null,
      bridgedTo: peers[0] ?? null,
      startedAt: new Date(now.getTime() - durationSeconds(field(ev, 'duration')) * 1000).toISOString(),
      context: fieldOrNull(ev, 'context'),
    });
  }
  return out;
}
