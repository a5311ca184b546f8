import { io as connect, type Socket } from 'socket.io-client';
import pino from 'pino';
import { createTestContext, type TestContext } from './test-app';
import type { TestUser } from '../factories/user.factory';
import { startFanout } from '../../server/realtime/fanout';
import { startScreenPop, type ScreenPopWiring } from '../../server/screenpop/screenpop.wiring';
import type { ScreenPopPayload } from '@contract/wire-events';

export interface PopHarness {
  ctx: TestContext;
  wiring: ScreenPopWiring;
  /** Opens an agent's console socket; the pops it receives are collected in `pops`, in order. */
  connectAgent(user: TestUser): Promise<{ socket: Socket; pops: ScreenPopPayload[] }>;
  close(): Promise<void>;
}

/**
 * A real app listening on a port, with the screen pop wired as main.ts wires it: the screen pop subscribes first,
 * then the fanout asks it on call.offered.
 */
export async function startPopHarness(options: Parameters<typeof createTestContext>[0] = {}): Promise<PopHarness> {
  const ctx = await createTestContext(options);
  const wiring = startScreenPop(ctx.services);
  const stopFanout = startFanout(ctx.services.bus, ctx.app.gateway.io, { screenPop: wiring }, pino({ level: 'silent' }));
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const address = ctx.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const sockets: Socket[] = [];
  return {
    ctx,
    wiring,
    async connectAgent(user) {
      const socket = connect(`http://127.0.0.1:${port}`, { auth: { token: user.token }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      const pops: ScreenPopPayload[] = [];
      socket.on('screen-pop', (p: ScreenPopPayload) => pops.push(p));
      await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); });
      return { socket, pops };
    },
    async close() {
      for (const s of sockets) s.close();
      stopFanout();
      wiring.stop();
      await ctx.close();
    },
  };
}

/** The first pop in `pops` that `matches`, waiting for it up to `timeoutMs`. */
export async function waitForPop(pops: ScreenPopPayload[], matches: (p: ScreenPopPayload) => boolean, what: string, timeoutMs = 5000): Promise<ScreenPopPayload> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pop = pops.find(matches);
    if (pop) return pop;
    if (Date.now() > deadline) throw new Error(`no screen-pop for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
