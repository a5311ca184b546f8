// The PBX and the agent's browser of bench/screenpop-ami.bench.ts, run as a child process (forked with tsx) so that
// the server under test has its event loop to itself, as it has in production (Asterisk and the browser are other
// processes, usually other machines). Times are taken here, on one clock: t0 = the simulator writes AgentCalled on its
// AMI socket, t1 = the agent's socket.io client receives `screen-pop`. IPC with the parent:
//   child -> {type:'ready', amiPort}         parent -> {type:'go', url, token, customers, n, warmup}
//   child -> {type:'settle'} (between calls of the settled phase)   parent -> {type:'settled'} once its writes are done
//   child -> {type:'done', settled, backToBack, captureTimed, calledAt}  parent -> {type:'stop'}
// Three phases: settled (each call placed once the previous one's writes are done; the headline), back to back, and
// capture-timed (settled, with Answer() taking 15 ms as in the real capture, so the ring comes 16 ms after the
// Newchannel instead of in the same burst).
import { io } from 'socket.io-client';
import { startPbxSimulator } from '../../server/pbx/simulator/pbx-simulator';
import { benchPhone } from './bench-data';

type FromParent =
  | { type: 'go'; url: string; token: string; customers: number; n: number; warmup: number }
  | { type: 'settled' }
  | { type: 'stop' };

const send = (m: unknown) => process.send!(m);
/** Answer() in ../shared/ami-captures/inbound_answered: 15 ms from `Newstate Up` to the next dialplan step. */
const CAPTURE_ANSWER_MS = 15;
// The bench process is gone (crashed or killed): nothing will ask for more, so do not linger as an orphan.
process.on('disconnect', () => process.exit(1));
const ext = process.argv[2]!;
const sim = await startPbxSimulator({ username: 'bench', secret: 'bench-secret', agents: [ext], queues: { support: [ext] }, timing: { agentAnswerMs: null, ringTimeoutMs: 60_000 } });
/** Absolute high-resolution time, comparable with the parent's (same machine clock). */
const now = () => performance.timeOrigin + performance.now();

const calledAt = new Map<string, number>();
sim.onFrame((frame) => {
  if (frame[0]?.[1] !== 'AgentCalled') return;
  const linkedid = frame.find(([k]) => k === 'Linkedid')?.[1];
  if (linkedid) calledAt.set(linkedid, now());
});

let settledWaiter: (() => void) | null = null;

async function run(m: Extract<FromParent, { type: 'go' }>) {
  const socket = io(m.url, { auth: { token: m.token }, transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); });
  const waiting = new Map<string, (p: { match: string }) => void>();
  socket.on('screen-pop', (p: { linkedid: string; match: string }) => waiting.get(p.linkedid)?.(p));
  const t0s: Record<string, number> = {};

  async function once(settle: boolean): Promise<number> {
    const g = 1 + Math.floor(Math.random() * m.customers);
    let linkedid = '';
    const popped = new Promise<{ match: string }>((resolve) => { queueMicrotask(() => waiting.set(linkedid, resolve)); });
    linkedid = sim.placeInboundCall({ from: benchPhone(g).replace('+1', ''), queue: 'support' }).linkedid;
    let timer: NodeJS.Timeout | undefined;
    const pop = await Promise.race([popped, new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no screen-pop within 10 s for call ${linkedid} (rerun with LOG_LEVEL=debug to see the server log)`)), 10_000);
    })]).finally(() => clearTimeout(timer));
    const t1 = now();
    const t0 = calledAt.get(linkedid);
    // A pop whose AgentCalled was never seen has no start: it fails the run rather than counting as 0 ms (before,
    // `?? t1` recorded it as an instant pop and pulled the percentiles down).
    if (t0 === undefined) throw new Error(`screen-pop for call ${linkedid} without its AgentCalled start time`);
    t0s[linkedid] = t0;
    if (pop.match === 'unknown') throw new Error(`bench customer ${g} not matched`);
    // The caller gives up while it rings: the agent is offered the next call at once (no wrap-up in between).
    sim.hangup({ linkedid, by: 'caller' });
    calledAt.delete(linkedid);
    waiting.delete(linkedid);
    if (settle) {
      const settled = new Promise<void>((resolve) => { settledWaiter = resolve; });
      send({ type: 'settle' });
      await settled;
    }
    await new Promise((r) => setTimeout(r, 5));
    return t1 - t0;
  }

  for (let i = 0; i < m.warmup; i++) await once(true);
  for (const k of Object.keys(t0s)) delete t0s[k];
  const settled: number[] = [];
  for (let i = 0; i < m.n; i++) settled.push(await once(true));
  const settledT0 = { ...t0s };
  const backToBack: number[] = [];
  for (let i = 0; i < m.n; i++) backToBack.push(await once(false));
  sim.timing.answerMs = CAPTURE_ANSWER_MS;
  const captureTimed: number[] = [];
  for (let i = 0; i < m.n; i++) captureTimed.push(await once(true));
  socket.close();
  return { settled, backToBack, captureTimed, calledAt: settledT0 };
}

process.on('message', (m: FromParent) => {
  if (m.type === 'go') {
    run(m).then((r) => send({ type: 'done', ...r }), (err: unknown) => send({ type: 'error', message: String(err) }));
  } else if (m.type === 'settled') {
    const w = settledWaiter;
    settledWaiter = null;
    w?.();
  } else if (m.type === 'stop') {
    void sim.stop().finally(() => process.exit(0));
  }
});
send({ type: 'ready', amiPort: sim.port });
