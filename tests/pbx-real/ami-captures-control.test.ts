import { afterAll, beforeAll, expect, it } from 'vitest';
import { CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { captureScenario, pickCallEvents } from './support/ami-capture';
import { startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { dialScenario, runSipp } from './support/sipp';
import { holdScenario } from './support/sipp-hold';

// Issue #26.5, the call-control fixtures (blind_transfer, attended_transfer, hold) recorded from real Asterisk as
// ami-captures.test.ts records the others: real SIP phones (sipp), the transfers driven through Warmline's own API
// (AMI BlindTransfer; Atxfer, then the agent's leg hung up to complete), the hold by the phone itself (re-INVITE
// a=sendonly, then a=sendrecv). The translator must make of each recording what the fixture's unit test expects
// (tests/unit/pbx/ami-translator.scenarios.test.ts).

realPbxDescribe('real Asterisk: AMI captures of transfers and hold', () => {
  let stack: RealStack;
  let first: Agent; // 1001 (support): answers after 500 ms, waits for the other side's BYE
  let target: Agent; // 1002 (no queue): the transfer target, answers after 500 ms
  let holder: Agent; // 1003 (support): answers, holds, resumes, hangs up

  beforeAll(async () => {
    stack = await startRealStack({ WRAPUP_SECONDS: '1', MISSED_OFFERS_BEFORE_PAUSE: '10' });
    first = await stack.addUser('rp-ctl1', 'operator', '1001', ['support']);
    target = await stack.addUser('rp-ctl2', 'operator', '1002');
    holder = await stack.addUser('rp-ctl3', 'operator', '1003', ['support']);
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
    await stack.phone(first, { ringMs: 500, talkMs: null });
    await stack.phone(target, { ringMs: 500, talkMs: null });
    await stack.phone(holder, holdScenario({ ringMs: 500, talkMs: 1500, holdMs: 3000, afterMs: 1500 }));
  });
  afterAll(async () => stack?.close());

  const api = async (a: Agent, url: string, payload?: Record<string, unknown>) => {
    const res = await stack.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${a.token}` }, ...(payload === undefined ? {} : { payload }) });
    expect(res.statusCode, res.body).toBe(200);
  };
  const setState = (a: Agent, state: 'ready' | 'paused') => api(a, '/api/agents/me/state', state === 'paused' ? { state, reason: 'break' } : { state });
  const member = async (ext: string) => (await stack.pbx.cli('queue show support')).split('\n').find((l) => l.includes(`PJSIP/${ext})`)) ?? '';
  const onCall = (a: Agent) => waitFor(`${a.extension} on a call in Warmline`, async () => {
    const row = await stack.db.db.selectFrom('agent_state_log').select('state').where('user_id', '=', a.id).where('ended_at', 'is', null).executeTakeFirst();
    return row?.state === 'on_call';
  }, 20_000, async () => stack.pbx.cli('core show channels'));
  const channelUp = (ext: string) => waitFor(`PJSIP/${ext} up`, async () => new RegExp(`PJSIP/${ext}-\\S+\\s.*Up`).test(await stack.pbx.cli('core show channels')),
    20_000, async () => `${await stack.pbx.cli('core show channels')}\n${stack.pbx.output().slice(-6000)}`);
  const carrierDial = (from: string, talkMs: number | null, mediaPort: number) => runSipp(dialScenario({ to: '5000', from, talkMs }), {
    remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5070, mediaPort, timeoutS: 90,
  });
  const only = async (ready: Agent, paused: Agent) => {
    await setState(paused, 'paused');
    await setState(ready, 'ready');
    await waitFor(`${ready.extension} the only ready member`, async () => /Not in use/.test(await member(ready.extension)) && /paused/.test(await member(paused.extension)), 10_000);
  };

  it('blind_transfer: 1001 answers, blind-transfers to 1002 (AMI BlindTransfer), 1002 answers, the caller hangs up', async () => {
    await only(first, holder);
    const events = await captureScenario(stack, 'blind_transfer', 'carrier -> 5000 (support); 1001 answers after 500 ms; Warmline blind-transfers it to 1002 (AMI BlindTransfer, [from-agents]); 1002 answers after 500 ms; the caller hangs up 10 s after the first answer', async () => {
      const carrier = carrierDial('+12122050071', 10_000, 16830);
      await onCall(first);
      await api(first, '/api/agents/me/call/transfer', { mode: 'blind', target: { kind: 'agent', userId: target.id } });
      expect((await carrier.done).code).toBe(0);
    });
    const sut = pickCallEvents(events);
    expect(sut.find((e) => e.type === 'call.transferred')).toMatchObject({ kind: 'blind', toExtension: '1002' });
    expect(sut.filter((e) => e.type === 'call.answered').map((e) => e.extension)).toEqual(['1001', '1002']);
    expect(sut.filter((e) => e.type === 'call.ended')).toEqual([expect.objectContaining({ hungUpBy: 'customer', failure: null })]);
  });

  it('attended_transfer: 1001 consults 1002 (AMI Atxfer), completes by hanging up its leg, the caller hangs up', async () => {
    await only(first, holder);
    const events = await captureScenario(stack, 'attended_transfer', 'carrier -> 5000 (support); 1001 answers after 500 ms; Warmline starts an attended transfer to 1002 (AMI Atxfer, [from-agents]); 1002 answers after 500 ms; Warmline completes it (AMI Hangup of 1001\'s leg); the caller hangs up 12 s after the first answer', async () => {
      const carrier = carrierDial('+12122050072', 12_000, 16840);
      await onCall(first);
      await api(first, '/api/agents/me/call/transfer', { mode: 'attended', target: { kind: 'agent', userId: target.id } });
      await channelUp('1002');
      await api(first, '/api/agents/me/call/transfer/complete');
      expect((await carrier.done).code).toBe(0);
    });
    const started = events.find((e) => e.type === 'call.started') as { linkedid: string };
    const transferred = events.find((e) => e.type === 'call.transferred');
    expect(transferred).toMatchObject({ linkedid: started.linkedid, kind: 'attended', toExtension: '1002' });
    const customerCall = events.filter((e) => 'linkedid' in e && e.linkedid === started.linkedid);
    expect(pickCallEvents(customerCall).filter((e) => e.type === 'call.answered').map((e) => e.extension)).toEqual(['1001', '1002']);
    expect(pickCallEvents(customerCall).filter((e) => e.type === 'call.ended')).toEqual([expect.objectContaining({ hungUpBy: 'customer' })]);
  });

  it('hold: 1003 holds (re-INVITE sendonly) and resumes, then hangs up', async () => {
    await only(holder, first);
    const events = await captureScenario(stack, 'hold', 'carrier -> 5000 (support); 1003 answers after 500 ms; after 1.5 s its phone holds (re-INVITE a=sendonly), resumes 3 s later (a=sendrecv), hangs up (BYE) 1.5 s after', async () => {
      expect((await carrierDial('+12122050073', null, 16850).done).code).toBe(0);
    });
    const sut = pickCallEvents(events);
    expect(sut.filter((e) => e.type === 'call.held' || e.type === 'call.unheld').map((e) => e.type)).toEqual(['call.held', 'call.unheld']);
    expect(sut.at(-1)).toMatchObject({ type: 'call.ended', hungUpBy: 'agent' });
  });
});
