// The load generator of bench/load.bench.ts run as a child process (forked with tsx): the PBX simulator and the
// agents' socket.io clients, so that the server under test gets the event loop to itself and its CPU is
// measured honestly. Talks to the parent over the IPC channel:
//   child -> {type:'ready', amiPort}        parent -> {type:'agents', url, tokens}
//   child -> {type:'connected'}             parent -> {type:'go', rate, seconds, queues}
//   child -> {type:'done', ...figures}      parent -> {type:'stop'}
import { io, type Socket } from 'socket.io-client';
import { startPbxSimulator } from '../../server/pbx/simulator/pbx-simulator';
import { runScenario } from '../../server/pbx/simulator/sim-scenarios';
import { benchPhone, heavyCustomer } from './bench-data';

export interface DriverFigures {
  /** where the callers were drawn from (see callerFor) */
  callers: { customer: number; heavy: number; unknown: number };
  /** the pops' match field as the agents received it */
  matches: Record<string, number>;
  started: number; failed: number; popMs: number[]; /** pops whose call's Newchannel was never seen */ popsWithoutStart: number; cpuMs: number; wallMs: number; /** time spent placing calls (wallMs also waits for the last ones to end) */ placingMs: number }

type FromParent =
  | { type: 'agents'; url: string; tokens: string[] }
  | { type: 'go'; rate: number; seconds: number; customers: number }
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
let popsWithoutStart = 0;
const matches: Record<string, number> = {};
const callers = { customer: 0, heavy: 0, unknown: 0 };

// The caller of the next call, from the kept customers database (customers > 0): 90% a random customer's own number,
// 5% one of the 100 customers with the most interactions (the heaviest pops), 5% a number nobody has.
function callerFor(customers: number): string | undefined {
  const r = Math.random();
  if (customers === 0 || r >= 0.95) { callers.unknown += 1; return customers === 0 ? undefined : `555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`; }
  const g = r < 0.05 ? heavyCustomer(Math.floor(Math.random() * Math.min(100, customers))) : 1 + Math.floor(Math.random() * customers);
  if (r < 0.05) callers.heavy += 1; else callers.customer += 1;
  return benchPhone(g).replace('+1', '');
}
const sockets: Socket[] = [];
sim.onFrame((f) => {
  if (f.find(([k]) => k === 'Event')?.[1] !== 'Newchannel') return;
  const linkedid = f.find(([k]) => k === 'Linkedid')?.[1];
  if (linkedid && !offeredAt.has(linkedid)) offeredAt.set(linkedid, performance.now());
});

async function connectAll(url: string, tokens: string[]): Promise<void> {
  for (const token of tokens) {
    const s = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    s.on('screen-pop', (p: { linkedid: string; match: string }) => {
      matches[p.match] = (matches[p.match] ?? 0) + 1;
      const t = offeredAt.get(p.linkedid);
      // No start time: counted and reported (the bench then fails), never recorded as a sample.
      if (t === undefined) popsWithoutStart += 1;
      else popMs.push(performance.now() - t);
    });
    await new Promise<void>((resolve, reject) => { s.once('connect', () => resolve()); s.once('connect_error', reject); });
    sockets.push(s);
  }
}

async function run(rate: number, seconds: number, customers: number): Promise<DriverFigures> {
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  const names = Object.keys(queues);
  const running: Array<Promise<unknown>> = [];
  let started = 0;
  let failed = 0;
  while (Date.now() - t0 < seconds * 1000) {
    running.push(runScenario(sim, 'inbound_answered', { queue: names[started % 3], stepMs: 3000, from: callerFor(customers) }).catch(() => { failed += 1; }));
    started += 1;
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + (started * 1000) / rate - Date.now())));
  }
  const placingMs = Date.now() - t0;
  await Promise.all(running);
  const cpu = process.cpuUsage(cpu0);
  return { callers, matches, started, failed, popMs, popsWithoutStart, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: Date.now() - t0, placingMs };
}

process.on('message', (m: FromParent) => {
  if (m.type === 'agents') {
    connectAll(m.url, m.tokens).then(() => send({ type: 'connected' }), (err: unknown) => send({ type: 'error', message: String(err) }));
  } else if (m.type === 'go') {
    run(m.rate, m.seconds, m.customers).then((figures) => send({ type: 'done', figures }), (err: unknown) => send({ type: 'error', message: String(err) }));
  } else if (m.type === 'stop') {
    for (const s of sockets) s.close();
    void sim.stop().finally(() => process.exit(0));
  }
});
send({ type: 'ready', amiPort: sim.port });
