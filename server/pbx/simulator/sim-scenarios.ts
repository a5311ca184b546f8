import type { PbxSimulator } from './pbx-simulator';
import type { SimCall } from './sim-engine';
import type { OriginateOutcome } from './sim-engine-legs';

// Whole-call scripts. Each returns the call's Linkedid once the call has ended; steps are spaced by `stepMs`.

export const SCENARIOS = [
  'inbound_answered', 'abandon', 'ring_no_answer', 'direct_extension', 'originate_success', 'originate_busy',
  'originate_no_answer', 'originate_failed', 'blind_transfer', 'attended_transfer', 'hold',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface ScenarioOptions {
  from?: string;
  queue?: string;
  /** The agent who takes the call (first member when omitted). */
  agent?: string;
  /** Second agent: transfer target, direct-call callee, next member after a ring-no-answer. */
  other?: string;
  stepMs?: number;
  crmCallId?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
let originateSeq = 0;

function membersOf(sim: PbxSimulator, queue: string): string[] {
  return sim.options.queues[queue] ?? sim.options.agents;
}

async function waitEnded(sim: PbxSimulator, call: SimCall, stepMs: number): Promise<void> {
  for (let i = 0; i < 200 && sim.engine.calls.has(call.linkedid); i++) await sleep(Math.max(5, stepMs / 2));
}

export async function runScenario(sim: PbxSimulator, name: ScenarioName, o: ScenarioOptions = {}): Promise<string> {
  const step = o.stepMs ?? 1000;
  const from = o.from ?? `555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const queue = o.queue ?? Object.keys(sim.options.queues)[0] ?? 'support';
  const members = membersOf(sim, queue);
  const agent = o.agent ?? members[0] ?? '1001';
  const other = o.other ?? members.find((m) => m !== agent) ?? '1002';

  if (name.startsWith('originate_')) {
    const outcome: OriginateOutcome = name === 'originate_success' ? 'answer' : name === 'originate_busy' ? 'busy'
      : name === 'originate_no_answer' ? 'no_answer' : 'failed';
    const crmCallId = o.crmCallId ?? `sim-${Date.now()}-${++originateSeq}`;
    const call = sim.originateFromAction({ ext: agent, actionId: `sim-${originateSeq}|crm=${crmCallId}`, context: 'from-agents',
      exten: from, callerId: `"Warmline" <${agent}>`, variables: { CRM_CALL_ID: crmCallId }, application: null, data: null, outcome });
    if (outcome === 'answer') {
      await sleep(step); sim.answer(agent);
      await sleep(step); sim.answer(sim.options.trunk);
      await sleep(step * 2); sim.hangup({ linkedid: call.linkedid, by: 'caller' });
    }
    await waitEnded(sim, call, step);
    return call.linkedid;
  }

  if (name === 'direct_extension') {
    const call = sim.placeInternalCall(agent, other, true);
    await sleep(step); sim.answer(other);
    await sleep(step); sim.hangup({ linkedid: call.linkedid, by: 'agent' });
    return call.linkedid;
  }

  const call = sim.placeInboundCall({ from, queue, manual: true });
  await sleep(step);
  if (name === 'abandon') {
    sim.hangup({ linkedid: call.linkedid, by: 'caller' });
    return call.linkedid;
  }
  if (name === 'ring_no_answer') {
    const first = call.ringing[0]?.endpoint;
    const firstLeg = call.ringing[0];
    if (firstLeg) sim.engine.memberNoAnswer(call, firstLeg);
    await sleep(step); sim.distribute(call);
    const next = call.ringing[0]?.endpoint;
    if (next && next !== first) sim.answer(next);
    await sleep(step); sim.hangup({ linkedid: call.linkedid, by: 'caller' });
    return call.linkedid;
  }
  const ringing = call.ringing[0]?.endpoint ?? agent;
  sim.answer(ringing);
  await sleep(step);
  if (name === 'hold') {
    sim.hold(ringing, true); await sleep(step); sim.hold(ringing, false); await sleep(step);
  } else if (name === 'blind_transfer') {
    const target = ringing === other ? agent : other;
    sim.blindTransfer(ringing, target); await sleep(step); sim.answer(target); await sleep(step);
  } else if (name === 'attended_transfer') {
    sim.attendedTransfer(ringing, ringing === other ? agent : other); await sleep(step);
  }
  sim.hangup({ linkedid: call.linkedid, by: name === 'hold' ? 'agent' : 'caller' });
  await waitEnded(sim, call, step);
  return call.linkedid;
}

export interface LoadOptions {
  callsPerSecond: number;
  durationMs?: number;
  scenarios?: ScenarioName[];
  callers?: string[];
  stepMs?: number;
  onError?: (err: unknown) => void;
}

/** Starts N calls per second with a random scenario mix; returns a stop function. */
export function startLoad(sim: PbxSimulator, o: LoadOptions): () => void {
  const mix = o.scenarios ?? ['inbound_answered', 'inbound_answered', 'inbound_answered', 'abandon', 'ring_no_answer',
    'originate_success', 'direct_extension', 'hold'];
  let n = 0;
  const interval = setInterval(() => {
    const name = mix[Math.floor(Math.random() * mix.length)] ?? 'inbound_answered';
    const from = o.callers?.length ? o.callers[n++ % o.callers.length] : undefined;
    runScenario(sim, name, { from, stepMs: o.stepMs ?? 2000 }).catch((err) => o.onError?.(err));
  }, Math.max(1, Math.round(1000 / Math.max(0.001, o.callsPerSecond))));
  const stop = () => clearInterval(interval);
  if (o.durationMs) setTimeout(stop, o.durationMs).unref?.();
  return stop;
}
