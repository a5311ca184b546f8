import type { PbxEvent } from './pbx-events';
import { field, fieldOrNull, intField, type AmiFrame } from './ami-frame';
import { extensionOf } from './channel-names';
import type { Draft } from './translator-state';

type DeviceState = Extract<PbxEvent, { type: 'agent.device_state' }>['state'];

// Asterisk device states (DeviceStateChange State / ast_devstate2str) as the console shows them.
const DEVICE_STATES: Record<string, DeviceState> = {
  NOT_INUSE: 'idle', INUSE: 'in_use', BUSY: 'busy', RINGING: 'ringing', RINGINUSE: 'ringing', ONHOLD: 'on_hold',
  UNAVAILABLE: 'unavailable', INVALID: 'unavailable', UNKNOWN: 'unavailable',
};

/** Agent/queue presence frames that are not about one call. Returns true when the frame was consumed. */
export function handlePresenceEvent(d: Draft, name: string, ev: AmiFrame): boolean {
  if (name === 'devicestatechange') {
    const device = field(ev, 'device') ?? '';
    const extension = extensionOf(device, d.options);
    const state = DEVICE_STATES[field(ev, 'state') ?? ''];
    // Asterisk repeats DeviceStateChange for the same state (e.g. RINGING twice while a queue member rings).
    if (!extension || !state || d.devices[device] === state) return true;
    d.setDevice(device, state);
    d.emit({ type: 'agent.device_state', pbxId: d.pbxId, at: d.at, extension, state });
    return true;
  }
  if (name === 'queuememberstatus' || name === 'queuememberpause') {
    const queue = fieldOrNull(ev, 'queue');
    const extension = extensionOf(field(ev, 'interface') ?? field(ev, 'stateinterface') ?? field(ev, 'location'), d.options);
    if (!queue || !extension) return true;
    d.emit({
      type: 'queue.member_status', pbxId: d.pbxId, at: d.at, queue, extension,
      paused: field(ev, 'paused') === '1', pausedReason: fieldOrNull(ev, 'pausedreason'),
      inCall: field(ev, 'incall') === '1', status: intField(ev, 'status') ?? 0, pauseChanged: name === 'queuememberpause',
    });
    return true;
  }
  return false;
}
