import { afterAll, beforeAll, expect, it } from 'vitest';
import { CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import type { AmiRecorder } from './support/ami-recorder';
import { captureScenario, pickCallEvents, seen } from './support/ami-capture';
import { startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { agentDialScenario, dialScenario, runSipp, type SippRun } from './support/sipp';
import { rejectScenario } from './support/sipp-carrier';

// Issue #26.5: the AMI fixtures of tests/fixtures/ami are recordings of real Asterisk, not the simulator's belief.
// Each scenario of the simulator-written fixtures is played here on the lab's Asterisk with real SIP phones (sipp)
// while a separate AMI session records every frame in wire order (support/ami-recorder.ts); the translator must
// make of the recording what the unit tests expect of the fixture. With WARMLINE_AMI_CAPTURE_DIR set the recordings
// are written there (`<name>.raw.jsonl` + `<name>.meta.json`), to be copied to tests/fixtures/ami (PROVENANCE.json:
// source real-asterisk, recordedBy, scenario from the meta, sha256 of the recording).

realPbxDescribe('real Asterisk: AMI captures of the fixture scenarios', () => {
  let stack: RealStack;
  let never: Agent; // 1001: rings, never answers
  let answers: Agent; // 1002: answers after 500 ms, waits for the other side's BYE
  let dialler: Agent; // 1003: places a direct call
  let refuser: Agent; // 1004: refuses (486 / 603)
  let refuserPhone: SippRun;

  beforeAll(async () => {
    stack = await startRealStack({ WRAPUP_SECONDS: '1', MISSED_OFFERS_BEFORE_PAUSE: '10' });
    never = await stack.addUser('rp-cap1', 'operator', '1001', ['support']);
    answers = await stack.addUser('rp-cap2', 'operator', '1002', ['support']);
    dialler = await stack.addUser('rp-cap3', 'operator', '1003');
    refuser = await stack.addUser('rp-cap4', 'operator', '1004');
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
    await stack.phone(never, { ringMs: null, talkMs: null });
    await stack.phone(answers, { ringMs: 500, talkMs: null });
    refuserPhone = await stack.phone(refuser, rejectScenario(486, 'Busy Here'));
  });
  afterAll(async () => stack?.close());

  const agentState = async (a: Agent) => (await stack.app.inject({ method: 'GET', url: '/api/agents/me/state', headers: { authorization: `Bearer ${a.token}` } })).json() as { state: string };
  const setState = async (a: Agent, state: 'ready' | 'paused') => {
    // The server follows the calls on its own AMI session and may still be working through the scenario before when
    // the recorder has seen its channels gone (a loaded machine: 409 agent-busy); a state stuck there fails here.
    await waitFor(`the server to end ${a.extension}'s ring or call`, async () => !['ringing', 'on_call'].includes((await agentState(a)).state),
      20_000, async () => JSON.stringify(await agentState(a)));
    const res = await stack.app.inject({ method: 'POST', url: '/api/agents/me/state', headers: { authorization: `Bearer ${a.token}` },
      payload: state === 'paused' ? { state, reason: 'break' } : { state } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const member = async (ext: string) => (await stack.pbx.cli('queue show support')).split('\n').find((l) => l.includes(`PJSIP/${ext})`)) ?? '';
  const capture = (name: string, scenario: string, run: (rec: AmiRecorder) => Promise<void>) => captureScenario(stack, name, scenario, run);
  const pick = pickCallEvents;
  const carrierDial = (from: string, talkMs: number, mediaPort: number) => runSipp(dialScenario({ to: '5000', from, talkMs }), {
    remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5070, mediaPort, timeoutS: 90,
  });
  const clickToDial = async (a: Agent, number: string) => {
    const res = await stack.app.inject({ method: 'POST', url: '/api/calls/originate', headers: { authorization: `Bearer ${a.token}` }, payload: { number } });
    expect(res.statusCode, res.body).toBeLessThan(300);
  };

  it('ring_no_answer: the first member lets it ring out (AgentRingNoAnswer), the next one answers', async () => {
    await setState(answers, 'paused');
    await setState(never, 'ready');
    await waitFor('1001 ready, 1002 paused', async () => /Not in use/.test(await member('1001')) && /paused/.test(await member('1002')), 10_000);
    const events = await capture('ring_no_answer', 'carrier -> 5000 (support); 1001 rings out (queue timeout 15 s); 1002 unpaused, answers; the caller hangs up after 3 s', async (rec) => {
      const carrier = carrierDial('+12122050061', 20_000, 16800);
      await waitFor('AgentRingNoAnswer', async () => seen(rec, 'AgentRingNoAnswer'), 30_000);
      // rrmemory tries the member after 1001 next (1001 cannot be paused while it rings: Warmline refuses).
      await setState(answers, 'ready');
      expect((await carrier.done).code).toBe(0);
    });
    const sut = pick(events).filter((e) => e.type !== 'call.leg_ended');
    expect(sut.filter((e) => ['call.offered', 'call.offer_withdrawn', 'call.answered'].includes(e.type as string))).toEqual([
      { type: 'call.offered', extension: '1001', queue: 'support' },
      { type: 'call.offer_withdrawn', extension: '1001', queue: 'support', reason: 'no_answer' },
      { type: 'call.offered', extension: '1002', queue: 'support' },
      { type: 'call.answered', extension: '1002', queue: 'support' },
    ]);
    expect(sut.at(-1)).toMatchObject({ type: 'call.ended', hungUpBy: 'customer' });
  });

  it('abandon: the caller hangs up while the member rings', async () => {
    await setState(answers, 'paused');
    await setState(never, 'ready');
    await waitFor('1001 ready', async () => /Not in use/.test(await member('1001')), 10_000);
    const events = await capture('abandon', 'carrier -> 5000 (support); 1001 rings, never answers; the caller hangs up (BYE) after 4 s in the queue', async () => {
      expect((await carrierDial('+12122050062', 4000, 16810).done).code).toBe(0);
    });
    const sut = pick(events);
    expect(sut.map((e) => e.type)).toContain('call.abandoned');
    expect(sut.find((e) => e.type === 'call.offer_withdrawn')).toMatchObject({ extension: '1001', reason: 'caller_left' });
    expect(sut.at(-1)).toMatchObject({ type: 'call.ended', hungUpBy: 'customer', failure: null });
  });

  it('direct_extension: 1003 dials 1002, no queue; 1003 hangs up', async () => {
    await setState(never, 'paused');
    const events = await capture('direct_extension', 'desk phone 1003 dials 1002 ([from-agents] Dial); 1002 answers after 500 ms; 1003 hangs up after 2 s', async () => {
      const run = runSipp(agentDialScenario({ from: '1003', to: '1002', talkMs: 2000 }), {
        remote: `127.0.0.1:${SIP_PORT}`, localIp: '127.0.0.1', localPort: dialler.sipPort, mediaPort: 16820, auth: { user: '1003', password: dialler.secret }, timeoutS: 60,
      });
      const done = await run.done;
      expect(done.code, done.output.slice(-3000)).toBe(0);
    });
    const sut = pick(events);
    expect(sut[0]).toMatchObject({ type: 'call.started', direction: 'internal' });
    expect(sut.filter((e) => e.type === 'call.offered' || e.type === 'call.answered'))
      .toEqual([{ type: 'call.offered', extension: '1002', queue: null }, { type: 'call.answered', extension: '1002', queue: null }]);
    expect(sut.at(-1)).toMatchObject({ type: 'call.ended', hungUpBy: 'agent', failure: null });
  });

  it.each([
    ['originate_busy', 'busy', 486],
    ['originate_failed', 'failed', 603],
    ['originate_no_answer', 'no_answer', null],
  ] as const)('%s: click-to-dial, the agent\'s phone refuses or never answers', async (name, failure, code) => {
    let agent = refuser;
    if (code === 603) {
      refuserPhone.kill();
      refuserPhone = await stack.phone(refuser, rejectScenario(603, 'Decline'));
    }
    if (code === null) agent = never;
    const events = await capture(name, code ? `click-to-dial by 1004 (Originate PJSIP/1004); the phone answers ${code}` : 'click-to-dial by 1001 (Originate PJSIP/1001, 30 s); the phone rings and never answers', async (rec) => {
      await clickToDial(agent, '+12122050063');
      await waitFor('OriginateResponse', async () => seen(rec, 'OriginateResponse'), 45_000);
    });
    const sut = pick(events);
    expect(sut.map((e) => e.type)).toEqual(['call.started', 'call.leg_ended', 'call.ended', 'originate.failed']);
    expect(sut[0]).toMatchObject({ direction: 'outbound' });
    expect(sut[2]).toMatchObject({ failure, hungUpBy: 'system' });
    expect(sut[3]).toMatchObject({ reason: failure });
  });
});
