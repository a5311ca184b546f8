import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AmiClient } from '../../../server/pbx/ami-client';
import { AmiPbxPort } from '../../../server/pbx/ami-pbx-port';
import { createTranslatorState, translate } from '../../../server/pbx/ami-translator';
import type { PbxEvent } from '../../../server/pbx/pbx-events';
import { startPbxSimulator, type PbxSimulator } from '../../../server/pbx/simulator/pbx-simulator';
import { runScenario } from '../../../server/pbx/simulator/sim-scenarios';
import { fixturePath, loadRawFrames, replay } from './fixture-loader';

// The simulator is only useful if the translator sees the same thing from it as from a real Asterisk.

let sim: PbxSimulator | undefined;
let client: AmiClient | undefined;
afterEach(async () => { await client?.stop(); await sim?.stop(); client = undefined; sim = undefined; });

/** Call-level shape of an event sequence, without ids and times that differ between runs. */
function shape(events: PbxEvent[]): string[] {
  return events.filter((e) => e.type.startsWith('call.')).map((e) => {
    const o = e as unknown as Record<string, unknown>;
    const bits = ['direction', 'queue', 'hungUpBy', 'failure', 'cause', 'position'].filter((k) => k in o).map((k) => `${k}=${String(o[k])}`);
    if ('crmCallId' in o) bits.push(`crm=${o.crmCallId ? 'set' : 'null'}`);
    if ('path' in o) bits.push('path');
    return `${e.type}(${bits.join(',')})`;
  });
}

async function connect(opts: Parameters<typeof startPbxSimulator>[0]): Promise<{ sim: PbxSimulator; client: AmiClient; events: PbxEvent[] }> {
  sim = await startPbxSimulator({ username: 'u', secret: 's', tech: 'SIP', trunk: 'trunk', ...opts });
  client = new AmiClient({ host: '127.0.0.1', port: sim.port, username: 'u', secret: 's' });
  const events: PbxEvent[] = [];
  let state = createTranslatorState();
  client.on('frame', (f) => { const r = translate(state, f, 'sim', new Date()); state = r.state; events.push(...r.events); });
  const up = once(client, 'connected');
  client.start();
  await up;
  return { sim, client, events };
}

describe('PBX simulator fidelity', () => {
  it('inbound answered over TCP gives the same call events as the real capture', async () => {
    const { sim, events } = await connect({ agents: ['1002'], queues: { support: ['1002'] }, timing: { agentAnswerMs: null } });
    await runScenario(sim, 'inbound_answered', { stepMs: 30, agent: '1002' });
    await new Promise((r) => setTimeout(r, 100));
    const real = replay(loadRawFrames('inbound_answered.raw.jsonl')).events;
    expect(shape(events)).toEqual(shape(real));
    expect(events.find((e) => e.type === 'call.offered')).toMatchObject({ extension: '1002', agentChannel: expect.stringMatching(/^SIP\/1002-[0-9a-f]{8}$/) });
  });

  it('timing.answerMs puts Answer()\'s time between the Newchannel and the rest of the dialplan, as in the capture, with the same frames', async () => {
    const { sim } = await connect({ agents: ['1002'], queues: { support: ['1002'] }, timing: { agentAnswerMs: null } });
    const run = async (answerMs: number) => {
      sim.timing.answerMs = answerMs;
      const frames: Array<{ name: string; at: number }> = [];
      const off = sim.onFrame((f) => frames.push({ name: f[0]?.[1] ?? '', at: performance.now() }));
      const { linkedid } = sim.placeInboundCall({ from: '5551230001', queue: 'support', manual: true });
      await vi.waitFor(() => { expect(frames.map((f) => f.name)).toContain('AgentCalled'); });
      off();
      sim.hangup({ linkedid, by: 'caller' });
      await new Promise((r) => setTimeout(r, 50));
      const upTo = frames.slice(0, frames.findIndex((f) => f.name === 'AgentCalled') + 1);
      const at = (name: string) => upTo.find((f) => f.name === name)!.at;
      return { names: upTo.map((f) => f.name), gap: at('MixMonitorStart') - at('Newchannel') };
    };
    const instant = await run(0);
    const timed = await run(15);
    expect(timed.names).toEqual(instant.names);
    expect([instant.names[0], instant.names.at(-1)]).toEqual(['Newchannel', 'AgentCalled']);
    expect(timed.gap).toBeGreaterThanOrEqual(14);
  });

  it('an Originate through the PbxPort gives the same call events as the real click-to-dial capture', async () => {
    const { sim, client, events } = await connect({ agents: ['1002'], trunk: 'carrier', timing: { agentAnswerMs: 20, customerAnswerMs: 20 } });
    const port = new AmiPbxPort(client, { pbxId: 'sim', channelTemplate: 'SIP/{ext}' });
    await port.originate({ fromExtension: '1002', toNumber: '5551239999', crmCallId: 'crm-42' });
    await new Promise((r) => setTimeout(r, 150));
    sim.hangup({ extension: '1002', by: 'caller' });
    await new Promise((r) => setTimeout(r, 100));
    const real = replay(loadRawFrames('originate_outbound.raw.jsonl')).events;
    expect(shape(events)).toEqual(shape(real));
    expect(events.find((e) => e.type === 'call.started')).toMatchObject({ crmCallId: 'crm-42', calledNumber: '5551239999', direction: 'outbound' });
  });

  it('uses the capture header names and order for every event type both produce', async () => {
    const { sim } = await connect({ agents: ['1002'], queues: { support: ['1002'] }, timing: { agentAnswerMs: null } });
    const simOrders = new Map<string, string>();
    sim.onFrame((f) => { const name = f[0]?.[1] ?? ''; if (!simOrders.has(name)) simOrders.set(name, f.map(([k]) => k).join(',')); });
    await runScenario(sim, 'inbound_answered', { stepMs: 20, agent: '1002' });
    await runScenario(sim, 'originate_success', { stepMs: 20, agent: '1002' });
    const realOrders = new Map<string, Set<string>>();
    for (const file of ['inbound_answered.raw.jsonl', 'originate_outbound.raw.jsonl']) {
      for (const line of readFileSync(fixturePath(file), 'utf8').split('\n').filter(Boolean)) {
        const o = JSON.parse(line) as { kind: string; name: string; headers: [string, string][] };
        if (o.kind !== 'event') continue;
        const keys = o.headers.map(([k]) => (k.startsWith('ChanVariable(') ? 'ChanVariable(x)' : k)).join(',');
        realOrders.set(o.name, (realOrders.get(o.name) ?? new Set()).add(keys));
      }
    }
    let compared = 0;
    for (const [name, order] of simOrders) {
      const real = realOrders.get(name);
      if (!real) continue;
      compared += 1;
      expect([...real], name).toContain(order.split(',').map((k) => (k.startsWith('ChanVariable(') ? 'ChanVariable(x)' : k)).join(','));
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  });
});
