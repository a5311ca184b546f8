// Load: N agents logged in over socket.io (default 300, in 3 queues), R new inbound calls/s (default 20) for S
// seconds (default 300) against the PBX simulator over AMI. Measures the screen-pop latency (simulator creates
// the call -> that agent's socket receives screen-pop), the calls-service backlog sampled each second, event-loop
// lag and RSS. Prints JSON. Only 127.0.0.1; stops by itself.
//   npx tsx bench/load.bench.ts [--agents 300] [--rate 20] [--seconds 300]
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { startPbxSimulator } from '../server/pbx/simulator/pbx-simulator';
import { runScenario } from '../server/pbx/simulator/sim-scenarios';
import { hashPassword } from '../server/auth/password';
import { startBenchStack, waitFor } from './support/bench-stack';
import { arg, percentiles } from './support/stats';

const agents = arg('agents', 300);
const rate = arg('rate', 20);
const seconds = arg('seconds', 300);
const progress = (m: string) => process.stderr.write(`[load] ${m}\n`);
const exts = Array.from({ length: agents }, (_, i) => String(3001 + i));
const queues: Record<string, string[]> = { sales: [], support: [], billing: [] };
exts.forEach((e, i) => queues[Object.keys(queues)[i % 3]!]!.push(e));

const sim = await startPbxSimulator({ username: 'warmline', secret: 'sim-secret', agents: exts, queues, timing: { agentAnswerMs: null } });
const stack = await startBenchStack(sim.port, { WRAPUP_SECONDS: '0' });
const sockets: Socket[] = [];
try {
  const { services } = stack;
  await waitFor(() => services.pbx.get('main')!.isConnected(), 10_000, 'AMI link');
  const hash = await hashPassword('bench-password');
  const offeredAt = new Map<string, number>();
  const popMs: number[] = [];
  sim.onFrame((f) => {
    if (f.find(([k]) => k === 'Event')?.[1] !== 'Newchannel') return;
    const linkedid = f.find(([k]) => k === 'Linkedid')?.[1];
    if (linkedid && !offeredAt.has(linkedid)) offeredAt.set(linkedid, performance.now());
  });
  progress(`creating ${agents} agents`);
  for (const ext of exts) {
    const id = await services.users.create({ username: `agent-${ext}`, displayName: `Agent ${ext}`, passwordHash: hash, role: 'operator', extension: ext, sipPassword: 'x' });
    const token = services.tokens.sign({ id, username: `agent-${ext}`, displayName: '', role: 'operator', extension: ext, locale: 'en' });
    const s = io(stack.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    s.on('screen-pop', (p: { linkedid: string }) => { const t = offeredAt.get(p.linkedid); if (t !== undefined) popMs.push(performance.now() - t); });
    await new Promise<void>((resolve, reject) => { s.once('connect', () => resolve()); s.once('connect_error', reject); });
    sockets.push(s);
    await services.agents.login(id);
    await services.agents.setState(id, 'ready', null);
  }
  progress(`${agents} agents ready; ${rate} calls/s for ${seconds} s`);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const backlog: number[] = [];
  const rss: number[] = [];
  const sampler = setInterval(() => { backlog.push(services.calls.backlog); rss.push(process.memoryUsage().rss / 2 ** 20); }, 1000);
  let started = 0;
  let failed = 0;
  const running: Array<Promise<unknown>> = [];
  const t0 = Date.now();
  const names = Object.keys(queues);
  while (Date.now() - t0 < seconds * 1000) {
    running.push(runScenario(sim, 'inbound_answered', { queue: names[started % 3], stepMs: 3000 }).catch(() => { failed += 1; }));
    started += 1;
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + (started * 1000) / rate - Date.now())));
  }
  await Promise.all(running);
  clearInterval(sampler);
  lag.disable();
  await waitFor(() => services.calls.backlog === 0, 60_000, 'backlog drained');
  const rows = await services.db.selectFrom('calls').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const half = Math.floor(backlog.length / 2);
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  console.log(JSON.stringify({
    agents, rate, seconds, callsStarted: started, scenarioErrors: failed, callsRecorded: Number(rows.n), pops: popMs.length,
    popMs: percentiles(popMs),
    backlog: { max: Math.max(...backlog), avgFirstHalf: Math.round(avg(backlog.slice(0, half)) * 10) / 10, avgSecondHalf: Math.round(avg(backlog.slice(half)) * 10) / 10 },
    eventLoopLagMs: { p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
    rssMb: { start: Math.round(rss[0] ?? 0), end: Math.round(rss.at(-1) ?? 0), max: Math.round(Math.max(...rss)) },
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, note: 'server, simulator, DB clients and 300 socket clients in one process' },
  }, null, 2));
} finally {
  for (const s of sockets) s.close();
  await stack.stop();
  await sim.stop();
}
process.exit(0);
