// The load generator of bench/load.bench.ts run as a child process (forked with tsx): the PBX simulator and the
// agents' socket.io clients, so that the server under test gets the event loop to itself and its CPU is
// measured honestly. Talks to the parent over the IPC channel:
//   child -> {type:'ready', amiPort}        parent -> {type:'agents', url, tokens}
//   child -> {type:'connected'}             parent -> {type:'go', rate, seconds, queues}
//   child -> {type:'done', ...figures}      parent -> {type:'stop'}
import { io, type Socket } from 'socket.io-client';
import { startPbxSimulator } from '../../server/pbx/simulator/pbx-simulator';
import { runScenario } from '../../server/pbx/simulator/sim-scenarios';

export interface DriverFigures { started: number; failed: number; popMs: number[]; cpuMs: number; wallMs: number; /** time spent placing calls (wallMs also waits for the last ones to end) */ placingMs: number }

type FromParent =
  | { type: 'agents'; url: string; tokens: string[] }
  | { type: 'go'; rate: number; seconds: number }
  | { type: 'stop' };

const send = (m: unknown) => process.send!(m);
// The bench process is gone (crashed or killed): nothing will ask for more, so do not linger as an orphan.
process.on('disconnect', () => process.exit(1));
const agents = Number(process.argv[2] ?? 300);
const exts = Array.from({ length: agents }, (_, i) => String(3001 + i));
const queues: Record<string, string[]> = { sales: [], support: [], billing: [] };
exts.forEach((e, i) => queues[Object.keys(queues)[i % 3]!]!.push(e));

const sim = await startPbxSimulator({ username: 'warmline', secret: 'sim-secret', agents: exts, queues, timing: { agentAnswerMs: null } });
const offeredAt = new Map<string, number>();
const popMs: number[] = [];
const sockets: Socket[] = [];
sim.onFrame((f) => {
  if (f.find(([k]) => k === 'Event')?.[1] !== 'Newchannel') return;
  const linkedid = f.find(([k]) => k === 'Linkedid')?.[1];
  if (linkedid && !offeredAt.has(linkedid)) offeredAt.set(linkedid, performance.now());
});

async function connectAll(url: string, tokens: string[]): Promise<void> {
  for (const token of tokens) {
    const s = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    s.on('screen-pop', (p: { linkedid: string }) => { const t = offeredAt.get(p.linkedid); if (t !== undefined) popMs.push(performance.now() - t); });
    await new Promise<void>((resolve, reject) => { s.once('connect', () => resolve()); s.once('connect_error', reject); });
    sockets.push(s);
  }
}

async function run(rate: number, seconds: number): Promise<DriverFigures> {
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  const names = Object.keys(queues);
  const running: Array<Promise<unknown>> = [];
  let started = 0;
  let failed = 0;
  while (Date.now() - t0 < seconds * 1000) {
    running.push(runScenario(sim, 'inbound_answered', { queue: names[started % 3], stepMs: 3000 }).catch(() => { failed += 1; }));
    started += 1;
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + (started * 1000) / rate - Date.now())));
  }
  const placingMs = Date.now() - t0;
  await Promise.all(running);
  const cpu = process.cpuUsage(cpu0);
  return { started, failed, popMs, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: Date.now() - t0, placingMs };
}

process.on('message', (m: FromParent) => {
  if (m.type === 'agents') {
    connectAll(m.url, m.tokens).then(() => send({ type: 'connected' }), (err: unknown) => send({ type: 'error', message: String(err) }));
  } else if (m.type === 'go') {
    run(m.rate, m.seconds).then((figures) => send({ type: 'done', figures }), (err: unknown) => send({ type: 'error', message: String(err) }));
  } else if (m.type === 'stop') {
    for (const s of sockets) s.close();
    void sim.stop().finally(() => process.exit(0));
  }
});
send({ type: 'ready', amiPort: sim.port });
