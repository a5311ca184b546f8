import { field, fieldOrNull, varSetName, type AmiFrame } from './ami-frame';
import { DEFAULT_TRUNK_DETECTION, extensionOf, type TrunkDetection } from './channel-names';
import type { PbxSpySession, SpyMode } from './pbx-port';

// ChanSpy's options per mode (AmiPbxPort.spy): q quiet (no beep, no name announced), w whisper to the spied channel
// only, B barge (both parties hear the supervisor), E leave when the spied channel hangs up.
export const SPY_OPTIONS: Record<SpyMode, string> = { listen: 'qE', whisper: 'qwE', barge: 'qBE' };

const MODE_BY_OPTIONS = new Map(Object.entries(SPY_OPTIONS).map(([mode, opts]) => [opts, mode as SpyMode]));

function durationSeconds(d: string | undefined): number {
  const m = /^(\d+):(\d{2}):(\d{2})$/.exec(d ?? '');
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : 0;
}

/**
 * The spy sessions Warmline started that the PBX runs now, from CoreShowChannel frames: a channel in ChanSpy whose
 * data is `<target>,<options>` with one of SPY_OPTIONS (another tool's ChanSpy, with other options, is not ours).
 */
export function toSpySessions(coreShowChannels: readonly AmiFrame[], now: Date = new Date(), opts: TrunkDetection = DEFAULT_TRUNK_DETECTION): PbxSpySession[] {
  const out: PbxSpySession[] = [];
  for (const ev of coreShowChannels) {
    if (field(ev, 'event') !== 'CoreShowChannel' || field(ev, 'application') !== 'ChanSpy') continue;
    const channel = fieldOrNull(ev, 'channel');
    const uniqueid = fieldOrNull(ev, 'uniqueid');
    const [targetChannel, options] = (field(ev, 'applicationdata') ?? '').split(',');
    const mode = MODE_BY_OPTIONS.get(options ?? '');
    if (!channel || !uniqueid || !targetChannel || !mode) continue;
    out.push({
      channel, uniqueid, extension: extensionOf(channel, opts), targetChannel, mode,
      startedAt: new Date(now.getTime() - durationSeconds(field(ev, 'duration')) * 1000).toISOString(),
    });
  }
  return out;
}

/** Value of SPY_VARIABLE that AmiPbxPort.stopSpy sets on a spying channel before hanging it up. */
export const SPY_STOPPED = 'stopped';

/**
 * Spying channels that were asked to leave but may still be listed in ChanSpy: ChanSpy leaves only when a frame
 * passes through the spied channel (tests/pbx-real/supervision-session.test.ts), and Asterisk 20 raises no hangup
 * request for an AMI Hangup. Learnt from this link's own frames, so every node knows, whichever node's link asked:
 * the phone's BYE (HangupRequest), a Stop from any node (VarSet SPY_VARIABLE=stopped, set by stopSpy). Forgotten at
 * the channel's Hangup.
 */
export class SpyEnds {
  private readonly leaving = new Set<string>();

  constructor(private readonly spyVariable: string) {}

  learn(frame: AmiFrame): void {
    const name = field(frame, 'event')?.toLowerCase();
    if (name !== 'hanguprequest' && name !== 'softhanguprequest' && name !== 'hangup' && name !== 'varset') return;
    const uniqueid = fieldOrNull(frame, 'uniqueid');
    if (!uniqueid) return;
    if (name === 'hangup') this.leaving.delete(uniqueid);
    else if (name !== 'varset' || (varSetName(frame) === this.spyVariable && field(frame, 'value') === SPY_STOPPED)) this.add(uniqueid);
  }

  add(uniqueid: string): void {
    this.leaving.add(uniqueid);
    // A Hangup missed while the link was down never removes its channel: keep the newest only.
    if (this.leaving.size > 1000) this.leaving.delete(this.leaving.values().next().value!);
  }

  has(uniqueid: string): boolean { return this.leaving.has(uniqueid); }
}
