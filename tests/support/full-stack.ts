import { startPbxSimulator, type PbxSimulator, type PbxSimulatorOptions } from '../../server/pbx/simulator/pbx-simulator';
import { startPhonesHttp } from '../../server/pbx/simulator/sim-phones-http';
import { attachRecorder } from '../../server/pbx/simulator/sim-recorder';
import { startRuntime } from '../../server/runtime';
import { startPbxLinks } from '../../server/pbx-links';
import { createTestContext, type TestContext } from './test-app';
import { seedReferenceData } from '../../server/db/seed-reference';

export interface FullStack extends TestContext {
  sim: PbxSimulator;
  url: string;
  links: ReturnType<typeof startPbxLinks>;
  /** The simulator's desk-phone HTTP surface (only with `phones: true`). */
  phones: { url: string; close(): Promise<void> } | null;
  waitConnected(timeoutMs?: number): Promise<void>;
}

export interface FullStackOptions {
  sim?: PbxSimulatorOptions;
  env?: Record<string, string>;
  /** Start the simulator's phone surface and give it to the console's loopback softphone (SIP_WSS_URL=loopback:<url>). */
  phones?: boolean;
  /** MixMonitor writes real WAV files here and the server plays them back from here (RECORDINGS_DIR). */
  recordingsDir?: string;
}

// The whole server on a real database, talking AMI over TCP to the PBX simulator, listening on a real port.
export async function startFullStack(opts: FullStackOptions = {}): Promise<FullStack> {
  const sim = await startPbxSimulator({ username: 'warmline', secret: 'sim-secret', agents: ['1001', '1002', '1003'], queues: { support: ['1001', '1002', '1003'] }, ...opts.sim,
    ...(opts.recordingsDir ? { recordingsDir: opts.recordingsDir } : {}),
    timing: { agentAnswerMs: null, ...opts.sim?.timing } });
  const stopRecorder = opts.recordingsDir ? attachRecorder(sim, opts.recordingsDir) : () => {};
  const phones = opts.phones ? await startPhonesHttp(sim) : null;
  const ctx = await createTestContext({ env: {
    AMI_HOST: '127.0.0.1', AMI_PORT: String(sim.port), AMI_USERNAME: 'warmline', AMI_SECRET: 'sim-secret',
    ...(phones ? { SIP_WSS_URL: `loopback:${phones.url}` } : {}),
    ...(opts.recordingsDir ? { RECORDINGS_DIR: opts.recordingsDir } : {}),
    ...opts.env,
  } });
  await seedReferenceData(ctx.db.db);
  const stopRuntime = startRuntime(ctx.services, ctx.app);
  const links = startPbxLinks(ctx.services);
  const url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    ...ctx,
    sim,
    url,
    links,
    phones,
    async waitConnected(timeoutMs = 5000) {
      const t0 = Date.now();
      while (![...ctx.services.pbx.values()].every((p) => p.isConnected())) {
        if (Date.now() - t0 > timeoutMs) throw new Error('PBX link did not connect');
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      await links.stop();
      await stopRuntime();
      await ctx.close();
      stopRecorder();
      await phones?.close();
      await sim.stop();
    },
  };
}

export async function until<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}
