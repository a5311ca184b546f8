import type { AppServices } from '../services';
import type { ScreenPopPayload } from '../realtime/wire-events';
import type { ArrivalGate } from '../calls/calls.service';
import type { ScreenPopService } from './screenpop.service';

export interface ScreenPopWiring {
  buildScreenPop: (callId: number, userId: number) => Promise<ScreenPopPayload | null>;
  stop: () => void;
}

// Subscribes the screen pop to the call lifecycle. Call before startFanout so that, on call.offered, the call
// details are refreshed before the fanout asks for the pop (the bus runs handlers in subscription order).
export function startScreenPop(services: Pick<AppServices, 'bus' | 'screenPop' | 'calls'>): ScreenPopWiring {
  const { bus, screenPop, calls } = services;
  screenPop.setLinkOrder((pbxId, linkedid, write) => calls.after(pbxId, linkedid, write));
  calls.setArrivalGate(arrivalGate(screenPop));
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
    bus.subscribe('call.ended', (e) => screenPop.forget(e.call.callId)),
  ];
  return {
    buildScreenPop: (callId, userId) => screenPop.build(callId, userId),
    stop: () => {
      offs.forEach((off) => off());
      screenPop.setLinkOrder(undefined);
      calls.setArrivalGate(undefined);
    },
  };
}

/** What a new call's rows wait for (CallsService.setArrivalGate): its caller lookup. */
export function arrivalGate(screenPop: Pick<ScreenPopService, 'lookAheadOf'>): ArrivalGate {
  return (pbxId, linkedid) => screenPop.lookAheadOf(pbxId, linkedid);
}
