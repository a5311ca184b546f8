import type { AppServices } from '../services';
import type { ScreenPopPayload } from '@contract/wire-events';

export interface ScreenPopWiring {
  /**
   * True from startScreenPop until stop(). The fanout takes this object, not a bare builder, and refuses one
   * that is not subscribed: see startScreenPop.
   */
  readonly subscribed: boolean;
  buildScreenPop: (callId: number, userId: number) => Promise<ScreenPopPayload | null>;
  stop: () => void;
}

// Subscribes the screen pop to the call lifecycle. The bus runs handlers in subscription order, and on
// call.offered the pop's call details must be refreshed before the fanout asks for the pop: so the fanout is
// started with this function's result (startFanout's `screenPop`), which exists only once these subscriptions do.
export function startScreenPop(services: Pick<AppServices, 'bus' | 'screenPop'>): ScreenPopWiring {
  const { bus, screenPop } = services;
  const offs = [
    bus.subscribe('call.arriving', (e) => screenPop.lookAhead(e.pbxId, e.linkedid, e.direction, e.callerNumber)),
    bus.subscribe('call.started', (e) => { void screenPop.prefetch(e.call.callId, e.call); }),
    bus.subscribe('call.queued', (e) => {
      screenPop.noteCall(e.call);
      void screenPop.prefetch(e.call.callId, e.call);
    }),
    bus.subscribe('call.offer_early', (e) => {
      screenPop.noteCall(e.call);
      void screenPop.prefetch(e.call.callId, e.call);
    }),
    bus.subscribe('call.offered', (e) => {
      screenPop.noteCall(e.call);
      void screenPop.prefetch(e.call.callId, e.call);
    }),
    // The lookup made before the callee's number was known found nobody: look again with the number (#27.2).
    bus.subscribe('call.callee_known', (e) => {
      screenPop.forget(e.call.callId);
      void screenPop.prefetch(e.call.callId, e.call);
    }),
    bus.subscribe('call.ended', (e) => screenPop.forget(e.call.callId)),
  ];
  let subscribed = true;
  return {
    get subscribed() { return subscribed; },
    buildScreenPop: (callId, userId) => screenPop.build(callId, userId),
    stop: () => {
      subscribed = false;
      offs.forEach((off) => off());
    },
  };
}

