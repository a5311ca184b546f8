import { once } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AmiClient, type AmiClientOptions } from '../../../server/pbx/ami-client';
import { AMI_EVENT_FILTERS } from '../../../server/pbx/ami-event-filters';
import type { AmiFrame } from '../../../server/pbx/ami-frame';
import { startPbxSimulator, type PbxSimulator } from '../../../server/pbx/simulator/pbx-simulator';

// The AMI client against the simulator over real TCP on 127.0.0.1.

let sim: PbxSimulator | undefined;
let sut: AmiClient | undefined;
afterEach(async () => { await sut?.stop(); await sim?.stop(); sut = undefined; sim = undefined; });

async function connected(opts: Partial<AmiClientOptions> = {}): Promise<{ sim: PbxSimulator; sut: AmiClient }> {
  sim = await startPbxSimulator({ username: 'u', secret: 's', agents: ['1001', '1002'], timing: { agentAnswerMs: null } });
  sut = new AmiClient({ host: '127.0.0.1', port: sim.port, username: 'u', secret: 's', reconnectMinMs: 100, ...opts });
  const up = once(sut, 'connected');
  sut.start();
  await up;
  return { sim, sut };
}

describe('AmiClient', () => {
  it('logs in and gets a Pong with the PBX timestamp', async () => {
    const { sut } = await connected();
    const res = await sut.action({ Action: 'Ping' });
    expect(res).toMatchObject({ response: 'Success', ping: 'Pong' });
    expect(res.actionid).toMatch(/^wl-\d+$/);
  });

  it('gives every action a distinct ActionID even when sent in the same millisecond', async () => {
    const { sut } = await connected();
    const ids = (await Promise.all(Array.from({ length: 20 }, () => sut.action({ Action: 'Ping' })))).map((r) => r.actionid);
    expect(new Set(ids).size).toBe(20);
  });

  it('collects QueueStatus list events by ActionID until QueueStatusComplete', async () => {
    const { sut } = await connected();
    const frames: unknown[] = [];
    sut.on('frame', (f) => frames.push(f));
    const res = await sut.listAction({ Action: 'QueueStatus' });
    expect(res.response).toMatchObject({ eventlist: 'start' });
    expect(res.events.map((e) => e.event)).toEqual(['QueueParams', 'QueueMember', 'QueueMember']);
    expect(frames.some((f) => (f as { event: string }).event === 'QueueMember')).toBe(false);
  });

  it('rejects an unknown action with the PBX message', async () => {
    const { sut } = await connected();
    await expect(sut.action({ Action: 'NoSuchThing' })).rejects.toMatchObject({ code: 'ami-action-failed', message: expect.stringContaining('Invalid/unknown command') });
  });

  it('times out an action the PBX never answers, and the link stays usable', async () => {
    const { sim, sut } = await connected();
    sim.setActionBehaviour('CoreSettings', 'ignore');
    const started = Date.now();
    await expect(sut.action({ Action: 'CoreSettings' }, { timeoutMs: 150 })).rejects.toMatchObject({ code: 'ami-timeout' });
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(sut.action({ Action: 'Ping' })).resolves.toMatchObject({ ping: 'Pong' });
  });

  it('refuses CR or LF in header values and keys before writing anything', async () => {
    const { sim, sut } = await connected();
    const before = sim.model.channels.size;
    await expect(sut.action({ Action: 'Originate', Channel: 'PJSIP/1001\r\nAction: Hangup' })).rejects.toMatchObject({ name: 'AmiHeaderInjectionError' });
    await expect(sut.action({ Action: 'Originate', Variable: { 'X\nY': '1' } })).rejects.toMatchObject({ name: 'AmiHeaderInjectionError' });
    await expect(sut.action({ Action: 'Ping' }, { actionIdSuffix: '\r\n' })).rejects.toMatchObject({ name: 'AmiHeaderInjectionError' });
    expect(sim.model.channels.size).toBe(before);
  });

  it('rejects pending actions with a clear error when the connection drops, then reconnects within ~1 s', async () => {
    const { sim, sut } = await connected({ reconnectMinMs: 1000 });
    sim.setActionBehaviour('CoreSettings', 'ignore');
    const pending = sut.action({ Action: 'CoreSettings' }, { timeoutMs: 5000 });
    const down = once(sut, 'disconnected');
    const t0 = Date.now();
    sim.dropAllConnections();
    await expect(pending).rejects.toMatchObject({ code: 'ami-disconnected', message: expect.stringContaining('connection lost') });
    await down;
    await once(sut, 'connected');
    expect(Date.now() - t0).toBeLessThan(2000);
    await expect(sut.action({ Action: 'Ping' })).resolves.toMatchObject({ ping: 'Pong' });
  });

  it('declares the link dead after unanswered Pings and reconnects', async () => {
    const { sim, sut } = await connected({ pingIntervalMs: 50, pingTimeoutMs: 50, maxMissedPongs: 2 });
    sim.setActionBehaviour('Ping', 'ignore');
    const [reason] = (await once(sut, 'disconnected')) as [Error & { code?: string }];
    expect(reason.code).toBe('ami-keepalive');
    sim.setActionBehaviour('Ping', undefined);
    await once(sut, 'connected');
    expect(sut.isConnected()).toBe(true);
  });

  it('keeps a link whose Pongs are late while its events keep coming (a loaded node), and drops it once they stop', async () => {
    const { sim, sut } = await connected({ pingIntervalMs: 50, pingTimeoutMs: 50, maxMissedPongs: 2 });
    sim.setActionBehaviour('Ping', 'ignore');
    let drops = 0;
    sut.on('disconnected', () => { drops++; });
    // Mutation caught: counting a Ping as missed while frames arrive drops this link within ~150 ms.
    for (let i = 0; i < 25; i++) {
      expect(sim.pauseMember('PJSIP/1001', i % 2 === 0, 'test', null)).toBe(true);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(drops).toBe(0);
    const [reason] = (await once(sut, 'disconnected')) as [Error & { code?: string }];
    expect(reason.code).toBe('ami-keepalive');
  });

  it('keeps retrying a failed login with a doubling backoff capped at the maximum', async () => {
    sim = await startPbxSimulator({ username: 'u', secret: 's' });
    sut = new AmiClient({ host: '127.0.0.1', port: sim.port, username: 'u', secret: 'wrong', reconnectMinMs: 20, reconnectMaxMs: 80 });
    sut.start();
    await new Promise((r) => setTimeout(r, 400));
    expect(sut.isConnected()).toBe(false);
    expect(sut.backoffMs()).toBe(80);
    await expect(sut.action({ Action: 'Ping' })).rejects.toMatchObject({ code: 'ami-not-connected' });
  });

  it('delivers call events as frames', async () => {
    const { sim, sut } = await connected();
    const names: string[] = [];
    sut.on('frame', (f) => names.push(String(f.event)));
    sim.placeInboundCall({ from: '5551230001', queue: 'support', manual: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(names).toEqual(expect.arrayContaining(['Newchannel', 'QueueCallerJoin', 'AgentCalled']));
  });

  it('asks the PBX to filter events: this session stops getting them, another session still does, and again after a reconnect', async () => {
    const { sim, sut } = await connected({ eventFilters: AMI_EVENT_FILTERS });
    const plain = new AmiClient({ host: '127.0.0.1', port: sim.port, username: 'u', secret: 's', reconnectMinMs: 100 });
    const plainUp = once(plain, 'connected');
    plain.start();
    await plainUp;
    try {
      const seen = async () => {
        const filtered: AmiFrame[] = [];
        const whole: AmiFrame[] = [];
        const onF = (f: AmiFrame) => filtered.push(f);
        const onW = (f: AmiFrame) => whole.push(f);
        sut.on('frame', onF);
        plain.on('frame', onW);
        await sut.action({ Action: 'Ping' }); // the Filter actions were sent before 'connected'; a Ping answered after them
        sim.placeInboundCall({ from: '5551230001', queue: 'support', manual: true });
        await vi.waitFor(() => { expect(filtered.map((f) => f.event)).toContain('AgentCalled'); });
        await vi.waitFor(() => { expect(whole.map((f) => f.event)).toContain('AgentCalled'); });
        sut.off('frame', onF);
        plain.off('frame', onW);
        return { filtered, whole };
      };
      const names = (fs: AmiFrame[]) => fs.map((f) => String(f.event));
      const first = await seen();
      expect(names(first.whole)).toEqual(expect.arrayContaining(['Newexten', 'NewConnectedLine', 'DialState']));
      expect(names(first.filtered)).not.toEqual(expect.arrayContaining(['Newexten']));
      expect(names(first.filtered).filter((n) => ['Newexten', 'NewConnectedLine', 'DialState'].includes(n))).toEqual([]);
      expect(first.filtered.filter((f) => f.event === 'VarSet').map((f) => Object.keys(f.variable as Record<string, string>)[0]))
        .toEqual(expect.arrayContaining(['RECORDING_FILE', 'MIXMONITOR_FILENAME']));
      expect(first.filtered.length).toBeLessThan(first.whole.length * 0.7);

      const down = once(sut, 'disconnected');
      sim.dropAllConnections();
      await down;
      await once(sut, 'connected');
      if (!plain.isConnected()) await once(plain, 'connected');
      const again = await seen();
      expect(names(again.filtered).filter((n) => ['Newexten', 'NewConnectedLine', 'DialState'].includes(n))).toEqual([]);
    } finally {
      await plain.stop();
    }
  });

  it('keeps the link up when the PBX refuses a filter, and answers like Asterisk', async () => {
    const { sut } = await connected({ eventFilters: ['!Event: (Newexten'] });
    await expect(sut.action({ Action: 'Filter', Operation: 'Add', Filter: 'Event: (' }))
      .rejects.toMatchObject({ message: expect.stringContaining('Filter did not compile') });
    await expect(sut.action({ Action: 'Filter', Operation: 'Remove', Filter: 'Event: Hangup' }))
      .rejects.toMatchObject({ message: expect.stringContaining('Unknown operation') });
    await expect(sut.action({ Action: 'Filter', Operation: 'Add', Filter: '!Event: Newexten' })).resolves.toMatchObject({ response: 'Success' });
    expect(sut.isConnected()).toBe(true);
    await expect(sut.action({ Action: 'Ping' })).resolves.toMatchObject({ ping: 'Pong' });
  });
});
