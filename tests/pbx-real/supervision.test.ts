import { afterAll, beforeAll, expect, it } from 'vitest';
import { CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { dialScenario, runSipp } from './support/sipp';
import { watchAmi, type AmiWatch } from './support/ami-watch';
import { field } from '../../server/pbx/ami-frame';

// Supervision on a live queue call through a real Asterisk: the supervisor asks Warmline to listen, whisper or
// barge; Warmline originates the supervisor's phone into ChanSpy on the agent's channel. Checked on the PBX itself:
// the spying channel runs ChanSpy with the mode's options (listen q: nobody hears a beep and the supervisor is
// muted; whisper w: the agent alone hears the supervisor; barge B: both parties hear them; E: the spy ends with the
// spied call), Asterisk reports ChanSpyStart with the supervisor as spyer and the agent's channel as spyee, and
// Warmline audits each session. The spy session is not a customer call: the carrier's call is recorded once.

const CALLER = '+12122050031';
const OPTIONS = { listen: 'qE', whisper: 'qwE', barge: 'qBE' } as const;

realPbxDescribe('real Asterisk: listen, whisper and barge', () => {
  let stack: RealStack;
  let agent: Agent;
  let supervisor: Agent;
  let ami: AmiWatch;

  beforeAll(async () => {
    stack = await startRealStack({ WRAPUP_SECONDS: '30' });
    agent = await stack.addUser('rp-sv-op', 'operator', '1001', ['support']);
    supervisor = await stack.addUser('rp-sv-sup', 'supervisor', '1009');
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
    ami = await watchAmi();
    await stack.phone(agent, { ringMs: 300, talkMs: null });
    // The supervisor hangs up their phone 4 s into each session.
    await stack.phone(supervisor, { ringMs: 200, talkMs: 4000 });
  });

  afterAll(async () => {
    await ami?.stop();
    await stack?.close();
  });

  it('spies on the agent\'s channel with the options of each mode, and records only the customer\'s call', async () => {
    const ready = await stack.app.inject({ method: 'POST', url: '/api/agents/me/state', headers: { authorization: `Bearer ${agent.token}` }, payload: { state: 'ready' } });
    expect(ready.statusCode, ready.body).toBe(200);
    const queue = () => stack.pbx.cli('queue show support');
    await waitFor('1001 ready in support', async () => /PJSIP\/1001\)[^\n]*\(Not in use\)/.test(await queue()), 20_000, queue);

    const carrier = runSipp(dialScenario({ to: '5000', from: CALLER, talkMs: 25_000 }), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5070, mediaPort: 16400, timeoutS: 90,
    });
    const call = await waitFor('the answered call', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('direction', '=', 'inbound').where('answered_at', 'is not', null).executeTakeFirst();
      return row ?? null;
    }, 30_000, async () => JSON.stringify(await stack.db.db.selectFrom('calls').selectAll().execute()));
    const agentLeg = await waitFor('the agent\'s leg', () => stack.db.db.selectFrom('call_legs').select('channel').where('call_id', '=', call.id)
      .where('role', '=', 'agent').where('ended_at', 'is', null).executeTakeFirst());
    expect(agentLeg.channel).toMatch(/^PJSIP\/1001-/);

    const spyers: string[] = [];
    for (const mode of ['listen', 'whisper', 'barge'] as const) {
      const started = ami.frames.length;
      const res = await stack.app.inject({ method: 'POST', url: '/api/supervision/spy', headers: { authorization: `Bearer ${supervisor.token}` }, payload: { callId: call.id, mode } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ channel: agentLeg.channel });

      const spyStart = await ami.waitFor('ChanSpyStart', (f) => ami.frames.indexOf(f) >= started);
      expect(field(spyStart, 'spyerchannel')).toMatch(/^PJSIP\/1009-/);
      expect(field(spyStart, 'spyeechannel')).toBe(agentLeg.channel);
      const spyer = field(spyStart, 'spyerchannel')!;

      // `core show channels concise`: Channel!Context!Exten!Prio!State!Application!Data!...
      const concise = await stack.pbx.cli('core show channels concise');
      const line = concise.split('\n').find((l) => l.startsWith(`${spyer}!`));
      expect(line, concise).toBeDefined();
      const [, , , , state, app, data] = line!.split('!');
      expect(state).toBe('Up');
      expect(app).toBe('ChanSpy');
      expect(data).toBe(`${agentLeg.channel},${OPTIONS[mode]}`);
      const verbose = await stack.pbx.cli('core show channels verbose');
      const spyLine = verbose.split('\n').find((l) => l.startsWith(`${spyer} `)) ?? '';
      expect(spyLine.split(/\s+/).slice(4, 7), verbose).toEqual(['Up', 'ChanSpy', `${agentLeg.channel},${OPTIONS[mode]}`]);

      // The supervisor hangs up; the customer and the agent stay connected.
      await ami.waitFor('HangupRequest', (f) => ami.frames.indexOf(f) >= started && field(f, 'channel') === spyer);
      expect((await stack.db.db.selectFrom('calls').select('ended_at').where('id', '=', call.id).executeTakeFirstOrThrow()).ended_at).toBeNull();
      // One session per supervisor (issue #20.9): the next mode is refused (409) until the server has seen this one
      // end (its first hangup request, c8db6c8); this test's own AMI watch may see that frame first.
      await waitFor('the session over for the server', async () => {
        const s = await stack.app.inject({ method: 'GET', url: '/api/supervision/session', headers: { authorization: `Bearer ${supervisor.token}` } });
        return s.statusCode === 200 && s.json().session === null;
      });
      spyers.push(spyer);
    }
    // ChanSpy leaves once the spied channel's audio hook lets go, which takes a frame through that channel: here no
    // phone sends RTP of its own, so the sessions end with the spied call (E), as each one's ChanSpyStop says.

    const audits = await stack.db.db.selectFrom('audit_log').select(['action', 'target']).where('user_id', '=', supervisor.id).where('action', 'like', 'supervision.%').orderBy('id').execute();
    expect(audits).toEqual(['listen', 'whisper', 'barge'].map((m) => ({ action: `supervision.${m}`, target: `call:${call.id}` })));

    const done = await carrier.done;
    expect(done.code, done.output).toBe(0);
    const ended = await waitFor('the call to end', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('id', '=', call.id).executeTakeFirst();
      return row?.status === 'ended' ? row : null;
    });
    expect(ended.outcome).toBe('answered');
    expect(ended.agent_user_id).toBe(agent.id);
    expect(ended.hung_up_by).toBe('customer');
    for (const spyer of spyers) {
      await ami.waitFor('ChanSpyStop', (f) => field(f, 'spyerchannel') === spyer);
      await ami.waitFor('Hangup', (f) => field(f, 'channel') === spyer);
    }
    // The three spy sessions are no customer calls: nothing inbound or outbound besides the carrier's call, and
    // nothing on the supervisor's name.
    const calls = await stack.db.db.selectFrom('calls').selectAll().execute();
    expect(calls.filter((c) => c.direction !== 'internal').map((c) => c.id)).toEqual([call.id]);
    expect(calls.filter((c) => c.agent_user_id === supervisor.id || c.caller_number === '1009')).toEqual([]);
  });
});
