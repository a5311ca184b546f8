import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { EventBus } from '../../../server/events/event-bus';
import { startFanout } from '../../../server/realtime/fanout';
import type { WarmlineIo } from '../../../server/realtime/gateway';
import { startScreenPop } from '../../../server/screenpop/screenpop.wiring';
import { ScreenPopService } from '../../../server/screenpop/screenpop.service';
import type { ScreenPopRepository } from '../../../server/screenpop/screenpop.repository';
import { fixedLocaleDefaults } from '../../../server/settings/locale-defaults';

// The screen pop must be subscribed to the call lifecycle before the fanout (the bus runs handlers in
// subscription order; on call.offered the pop's call details are refreshed first). startFanout takes the started
// screen pop, so it cannot be started first, and refuses one that is no longer subscribed.
// Mutation caught: dropping the check at the top of startFanout.
const log = pino({ level: 'silent' });
const io = { to: () => io, emit: () => true } as unknown as WarmlineIo;
// No event is published here, so the repository is never reached.
const screenPopService = () => new ScreenPopService({} as ScreenPopRepository, log, { locale: fixedLocaleDefaults('US', 'UTC') });

describe('screen pop before fanout', () => {
  it('starts the fanout with a subscribed screen pop, its handlers after the pop\'s', () => {
    const bus = new EventBus(log);
    const screenPop = startScreenPop({ bus, screenPop: screenPopService() });
    const popHandlers = (bus as unknown as { emitter: NodeJS.EventEmitter }).emitter.listeners('call.offered');
    const stop = startFanout(bus, io, { screenPop }, log);
    const all = (bus as unknown as { emitter: NodeJS.EventEmitter }).emitter.listeners('call.offered');
    expect(all.slice(0, popHandlers.length)).toEqual(popHandlers);
    expect(all.length).toBeGreaterThan(popHandlers.length);
    stop();
    screenPop.stop();
  });

  it('refuses a screen pop that is not subscribed', () => {
    const bus = new EventBus(log);
    const screenPop = startScreenPop({ bus, screenPop: screenPopService() });
    screenPop.stop();
    expect(screenPop.subscribed).toBe(false);
    expect(() => startFanout(bus, io, { screenPop }, log)).toThrow(/start it first/);
  });
});
