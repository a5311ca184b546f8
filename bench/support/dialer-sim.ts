import { decideDials, type PacerSettings } from '../../server/campaigns/predictive-pacer';
import { measure, type DialSample, type HandleSample } from '../../server/campaigns/pacer-measurements';

// A campaign simulated with a virtual clock (discrete events, no timers): customers with answer rates that change
// through the run, ring times, answering machines, talk and wrap-up times; agents working it in preview, progressive
// or predictive mode. Predictive asks the real pacer (server/campaigns/predictive-pacer.ts) every second of
// simulated time, with measurements built by the real pacer-measurements.ts from what has happened so far.

export type DialMode = 'preview' | 'progressive' | 'predictive';

export interface SimOptions {
  mode: DialMode;
  agents: number;
  durationMs: number;
  seed: number;
  /** Live answer rate per 30-minute block (cycled), e.g. [0.3, 0.22, 0.38, 0.28]. */
  answerRates: number[];
  pacer?: Partial<PacerSettings>;
  /** Talk time median (s) and log-normal sigma; wrap-up median (s). */
  talk?: { medianS: number; sigma: number; wrapMedianS: number };
  /** The pacer's abandon period (rolling) and measurement window. */
  periodMs?: number;
  measureWindowMs?: number;
  /** Wait for a free agent after a live answer before the recorded message (the 2 s rule). */
  connectWithinMs?: number;
  /** Live answers and abandons already in the rolling period when the run starts (yesterday's shift). */
  warmPeriod?: { answered: number; abandoned: number };
  /** Calls handled before the run (yesterday's, times relative to this run's start): the service reads them too. */
  warmHandles?: readonly HandleSample[];
  /** Tell the pacer which busy agents are in wrap-up (default), or not (the pacer then counts from the connect). */
  phases?: boolean;
}

// The dialer's originate timeout (DialerOptions.originateTimeoutMs).
const RING_TIMEOUT_MS = 30_000;
const MACHINE_RATE = 0.12;
const BUSY_RATE = 0.06;
const WINDOW_MS = 30 * 60_000;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class EventQueue {
  private readonly heap: Array<{ at: number; seq: number; run: () => void }> = [];
  private seq = 0;
  push(at: number, run: () => void): void {
    const h = this.heap;
    h.push({ at, seq: this.seq++, run });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(h[p]!, h[i]!)) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  pop(): { at: number; run: () => void } | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
  private less(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}

interface Agent { id: number; free: boolean; busySince: number; talkMs: number; connects: number; wrapSince: number | null }
interface WindowStats { answered: number; abandoned: number; connects: number; dials: number; machines: number; reasons: Record<string, number> }

export interface SimResult {
  mode: DialMode;
  agents: number;
  simulatedHours: number;
  dials: number;
  liveAnswers: number;
  connects: number;
  abandoned: number;
  machineAnswers: number;
  humansDroppedAsMachine: number;
  agentUtilisation: number;
  connectsPerAgentHour: number;
  abandonRate: number;
  windows: Array<{ fromMin: number; toMin: number; liveAnswers: number; abandoned: number; abandonRate: number; connects: number; dials: number; pacerReasons: Record<string, number> }>;
  maxWindowAbandonRate: number;
  meanDialLevel: number | null;
  pacerReasons: Record<string, number>;
  /** Talk + wrap-up of every connected call (predictive), for the next day's run. */
  handleSamples: HandleSample[];
}

export function simulateCampaign(o: SimOptions): SimResult {
  const rand = rng(o.seed);
  const logn = (median: number, sigma: number) => {
    const u = Math.max(1e-12, rand()), v = rand();
    return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  };
  const connectWithin = o.connectWithinMs ?? 2_000;
  const talkCfg = o.talk ?? { medianS: 45, sigma: 0.8, wrapMedianS: 10 };
  const periodMs = o.periodMs ?? 24 * 3_600_000;
  // A warm start: the earlier answers sit at the start of the period (they stay in it for the whole run).
  const earlier = -(periodMs - o.durationMs - 1);
  const liveAt: number[] = new Array<number>(o.warmPeriod?.answered ?? 0).fill(earlier);
  const abandonAt: number[] = new Array<number>(o.warmPeriod?.abandoned ?? 0).fill(earlier);
  const q = new EventQueue();
  let now = 0;
  const agents: Agent[] = Array.from({ length: o.agents }, (_, id) => ({ id, free: true, busySince: 0, talkMs: 0, connects: 0, wrapSince: null }));
  const windows: WindowStats[] = Array.from({ length: Math.ceil(o.durationMs / WINDOW_MS) }, () => ({ answered: 0, abandoned: 0, connects: 0, dials: 0, machines: 0, reasons: {} as Record<string, number> }));
  const win = () => windows[Math.min(windows.length - 1, Math.floor(now / WINDOW_MS))]!;
  const dialSamples: DialSample[] = [];
  const handleSamples: HandleSample[] = [...(o.warmHandles ?? [])];
  const handledToday: HandleSample[] = [];
  const inFlight = new Set<DialSample>();
  const waiting: Array<{ deadline: number; done: boolean }> = [];
  let humansDropped = 0;
  let levelSum = 0, levelN = 0;
  const reasons: Record<string, number> = {};
  const detectMs = o.mode === 'predictive' ? 2_500 : 0;

  const answerRate = () => o.answerRates[Math.floor(now / WINDOW_MS) % o.answerRates.length]!;

  const busy = (a: Agent) => {
    if (a.free) a.busySince = now;
    a.free = false;
  };

  const freeAgent = (a: Agent) => {
    a.free = true;
    if (o.mode === 'predictive') {
      const w = waiting.find((x) => !x.done && x.deadline >= now);
      if (w) { w.done = true; talk(a); return; }
    }
    if (o.mode === 'progressive') agentDial(a, 1_500);
    if (o.mode === 'preview') agentDial(a, 1_500 + logn(8_000, 0.5));
  };

  // A live customer on the line with agent `a`: talk, then wrap-up, then free.
  const talk = (a: Agent) => {
    busy(a);
    a.connects++;
    win().connects++;
    const start = now;
    const t = Math.max(5_000, logn(talkCfg.medianS * 1000, talkCfg.sigma));
    const wrap = Math.max(2_000, logn(talkCfg.wrapMedianS * 1000, 0.5));
    a.talkMs += t;
    a.wrapSince = null;
    q.push(now + t, () => { a.wrapSince = now; });
    q.push(now + t + wrap, () => { const h = { connectedAtMs: start, wrapUpAtMs: start + t, freedAtMs: now }; handleSamples.push(h); handledToday.push(h); freeAgent(a); });
  };

  // Outcome of one dial to a customer, drawn at dial time.
  const draw = () => {
    const r = rand();
    const p = answerRate();
    if (r < p) return { kind: 'human' as const, at: Math.min(RING_TIMEOUT_MS - 500, logn(8_000, 0.5)) };
    if (r < p + MACHINE_RATE) return { kind: 'machine' as const, at: Math.min(RING_TIMEOUT_MS - 500, logn(10_000, 0.4)) };
    if (r < p + MACHINE_RATE + BUSY_RATE) return { kind: 'busy' as const, at: 2_000 + rand() * 2_000 };
    return { kind: 'noanswer' as const, at: RING_TIMEOUT_MS };
  };

  // Preview / progressive: the agent's phone first (leadMs: reading the card, auto-answer), then the customer.
  const agentDial = (a: Agent, leadMs: number) => {
    busy(a);
    q.push(now + leadMs, () => {
      win().dials++;
      const d = draw();
      q.push(now + d.at, () => {
        if (d.kind === 'human') { win().answered++; talk(a); return; }
        if (d.kind === 'machine') { win().machines++; q.push(now + 7_000 + 3_000, () => freeAgent(a)); return; }
        freeAgent(a);
      });
    });
  };

  const predictiveDial = () => {
    win().dials++;
    const d = draw();
    const sample: DialSample = { placedAtMs: now, answeredAtMs: null, live: null, endedAtMs: null };
    dialSamples.push(sample);
    inFlight.add(sample);
    q.push(now + d.at, () => {
      if (d.kind === 'busy' || d.kind === 'noanswer') { sample.endedAtMs = now; inFlight.delete(sample); return; }
      const answeredAt = now;
      // AMD listens first; 5 % of humans are taken for machines (dropped: a lost contact, reported), machines that
      // AMD is not sure about go to an agent like a human.
      const amdMachine = d.kind === 'human' ? rand() < 0.05 : rand() < 0.9;
      q.push(now + detectMs, () => {
        sample.answeredAtMs = answeredAt;
        sample.live = !amdMachine;
        inFlight.delete(sample);
        if (amdMachine) {
          win().machines++;
          if (d.kind === 'human') humansDropped++;
          return;
        }
        win().answered++;
        liveAt.push(now);
        const a = agents.find((x) => x.free);
        if (a) {
          if (d.kind === 'machine') { busy(a); a.wrapSince = null; q.push(now + 8_000, () => freeAgent(a)); return; }
          talk(a);
          return;
        }
        const w = { deadline: now + connectWithin, done: false };
        waiting.push(w);
        q.push(w.deadline, () => {
          if (!w.done) { w.done = true; win().abandoned++; abandonAt.push(now); }
          waiting.splice(waiting.indexOf(w), 1);
        });
      });
    });
  };

  const pace = () => {
    const stats = measure(dialSamples, handleSamples, { nowMs: now, windowMs: o.measureWindowMs ?? 30 * 60_000, ringTimeoutMs: RING_TIMEOUT_MS, detectMs });
    while (liveAt.length > 0 && liveAt[0]! < now - periodMs) liveAt.shift();
    while (abandonAt.length > 0 && abandonAt[0]! < now - periodMs) abandonAt.shift();
    const answered = liveAt.length, abandoned = abandonAt.length;
    const recentFrom = now - 30 * 60_000;
    const recent = { answered: liveAt.filter((t) => t >= recentFrom).length, abandoned: abandonAt.filter((t) => t >= recentFrom).length };
    const busy = agents.filter((a) => !a.free).map((a) => now - a.busySince);
    // The service knows an agent's wrap-up from its state (agent_state_log 'wrapup').
    const busyAgentsWrapUpMs = o.phases === false ? undefined : agents.filter((a) => !a.free).map((a) => (a.wrapSince === null ? null : now - a.wrapSince));
    const decision = decideDials({
      freeAgents: agents.filter((a) => a.free).length,
      busyAgentsElapsedMs: busy,
      busyAgentsWrapUpMs,
      inFlightElapsedMs: [...inFlight].map((d) => now - d.placedAtMs),
      period: { answered, abandoned },
      recent,
      stats,
      settings: o.pacer,
    });
    reasons[decision.reason] = (reasons[decision.reason] ?? 0) + 1;
    win().reasons[decision.reason] = (win().reasons[decision.reason] ?? 0) + 1;
    levelSum += decision.dialLevel;
    levelN++;
    for (let i = 0; i < decision.dials; i++) predictiveDial();
    if (dialSamples.length > 20_000) dialSamples.splice(0, 10_000);
    if (now + 1_000 < o.durationMs) q.push(now + 1_000, pace);
  };

  if (o.mode === 'predictive') q.push(0, pace);
  else for (const a of agents) freeAgent(a);

  for (let e = q.pop(); e && e.at <= o.durationMs; e = q.pop()) {
    now = e.at;
    e.run();
  }

  const hours = o.durationMs / 3_600_000;
  const sum = (f: (w: WindowStats) => number) => windows.reduce((s, w) => s + f(w), 0);
  const liveAnswers = sum((w) => w.answered), abandoned = sum((w) => w.abandoned), connects = sum((w) => w.connects);
  const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : 0);
  const ws = windows.map((w, i) => ({ fromMin: i * 30, toMin: (i + 1) * 30, liveAnswers: w.answered, abandoned: w.abandoned, abandonRate: rate(w.abandoned, w.answered), connects: w.connects, dials: w.dials, pacerReasons: w.reasons }));
  return {
    mode: o.mode,
    agents: o.agents,
    simulatedHours: hours,
    dials: sum((w) => w.dials),
    liveAnswers,
    connects,
    abandoned,
    machineAnswers: sum((w) => w.machines),
    humansDroppedAsMachine: humansDropped,
    agentUtilisation: rate(agents.reduce((s, a) => s + Math.min(a.talkMs, o.durationMs), 0), o.agents * o.durationMs),
    connectsPerAgentHour: Math.round((connects / (o.agents * hours)) * 100) / 100,
    abandonRate: rate(abandoned, liveAnswers),
    windows: ws,
    maxWindowAbandonRate: Math.max(...ws.map((w) => w.abandonRate)),
    meanDialLevel: levelN > 0 ? Math.round((levelSum / levelN) * 100) / 100 : null,
    pacerReasons: reasons,
    handleSamples: handledToday,
  };
}
