import { afterAll, beforeAll, expect, it } from 'vitest';
import { CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { captureScenario, pickCallEvents } from './support/ami-capture';
import { CARRIER_PORT, startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { answerScenario, runSipp, type SippRun } from './support/sipp';
import { ringThenRejectScenario } from './support/sipp-carrier';
import { seedCampaign, seedCustomer } from '../factories/campaign.factory';

// Predictive dials (issue #24) that never reach a person, through a real Asterisk loaded with pbx-config/: the pacer
// originates Local/<number>@dial-out/n, [dial-out] Dials the carrier (sipp at 127.0.0.2), and the customer's phone
// rings. Either it rings until the Originate's timeout (the pacer's ringTimeoutMs, 30 s), or it rings and is then
// refused (486 busy, 603 declined). Neither was answered, so neither may count as answered or abandoned in the
// abandon cap: the dial's outcome is what the carrier said. Each dial is recorded on an AMI session of its own
// (support/ami-capture.ts); with WARMLINE_AMI_CAPTURE_DIR set the recordings are written there, and the no-answer
// one is tests/fixtures/ami/predictive_no_answer.raw.jsonl, which the simulator's Local-path no-answer is compared
// with (tests/unit/pbx/simulator-predictive-fidelity.tcp.test.ts).

realPbxDescribe('real Asterisk: predictive dials that ring out or are refused after ringing', () => {
  let stack: RealStack;
  let agent: Agent;
  let mediaPort = 16900;

  beforeAll(async () => {
    stack = await startRealStack({ DIALER_PACING_MS: '0', WRAPUP_SECONDS: '60' });
    agent = await stack.addUser('rp-ring-op', 'operator', '1001');
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
  });
  afterAll(async () => { await stack?.close(); });

  const db = () => stack.db.db;
  const explain = async () => `${await stack.pbx.cli('core show channels verbose')}\nasterisk:\n${stack.pbx.output().slice(-5000)}`;

  /** The call events the translator made of the recording (support/ami-capture.ts pickCallEvents). */
  const callEvents = (hungUpBy: string, cause: number, failure: string) => [
    { type: 'call.started', extension: null, direction: 'outbound' },
    { type: 'call.leg_ended', cause },
    { type: 'call.ended', hungUpBy, failure, cause },
    { type: 'originate.failed', reason: failure },
  ];

  async function campaignFor(number: string, tag: string) {
    await seedCustomer(stack.server.services, { phone: number, tags: [tag], timezone: 'UTC' });
    const { campaign } = await seedCampaign(stack.server.services, { all: [{ type: 'tags', match: 'any', tags: [tag] }] },
      { mode: 'predictive', agentIds: [agent.id], amdAction: 'off', start: true });
    return campaign;
  }

  async function ready(): Promise<void> {
    await stack.server.services.agents.endWrapup(agent.id, null, 'submitted').catch(() => undefined);
    const res = await stack.app.inject({ method: 'POST', url: '/api/agents/me/state', headers: { authorization: `Bearer ${agent.token}` }, payload: { state: 'ready' } });
    expect(res.statusCode, res.body).toBe(200);
  }

  /** The pacer dials the campaign's one customer while `carrier` plays them; resolves with the ended dial and the call events. */
  async function dialOnce(name: string, scenario: string, number: string, tag: string, carrierXml: string) {
    const campaign = await campaignFor(number, tag);
    await ready();
    let carrier: SippRun | undefined;
    let dial;
    const events = await captureScenario(stack, name, scenario, async () => {
      carrier = runSipp(carrierXml, { remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: CARRIER_PORT, mediaPort, service: number, timeoutS: 90 });
      mediaPort += 4;
      try {
        const view = await stack.server.services.predictive.paceNow(campaign.id);
        expect(view, 'the pacer dialled').toMatchObject({ dialsNow: 1, agentsWaiting: 1 });
        dial = await waitFor('the dial ended', async () => {
          const d = await db().selectFrom('campaign_dials').selectAll().where('campaign_id', '=', campaign.id).executeTakeFirst();
          return d?.outcome ? d : null;
        }, 60_000, explain);
      } catch (err) { carrier.kill(); throw err; }
      const done = await carrier.done;
      expect(done.code, done.output).toBe(0);
    });
    const attempt = await db().selectFrom('campaign_attempts').selectAll().where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow();
    const figures = await stack.server.services.predictive.pacing(campaign.id);
    await stack.server.services.campaigns.stop(campaign.id, null);
    return { dial: dial!, attempt, figures, events: pickCallEvents(events) };
  }

  it('the customer never answers: the dial rings out at the Originate\'s timeout and is no answer, not abandoned', async () => {
    const number = '+12122050111';
    const { dial, attempt, figures, events } = await dialOnce('predictive_no_answer',
      `predictive dial (Originate Local/${number}@dial-out/n, Timeout 30 s, AMD off); the carrier rings (180) and never answers; the Originate times out`,
      number, `rp-ring-${process.pid}-n`, answerScenario({ ringMs: null, talkMs: null }, 'carrier'));
    expect(dial).toMatchObject({ outcome: 'no_answer', disposition: null, answered_at: null, user_id: null });
    expect(attempt).toMatchObject({ outcome: 'no_answer', last_user_id: null });
    expect(attempt.status).not.toBe('dialing');
    expect(figures).toMatchObject({ answered: 0, abandoned: 0 });
    // The Originate gave up on the Local half at its timeout; Dial cancelled the carrier leg (cause 19).
    expect(events).toEqual(callEvents('system', 19, 'no_answer'));
  });

  it.each([
    [486, 'Busy Here', 'busy'],
    [603, 'Decline', 'failed'],
  ] as const)('the customer\'s phone rings, then answers %i %s: the dial is %s, not abandoned', async (code, reason, outcome) => {
    const number = `+1212205012${code === 486 ? 1 : 2}`;
    const { dial, attempt, figures, events } = await dialOnce(`predictive_ring_${code}`,
      `predictive dial (Originate Local/${number}@dial-out/n, AMD off); the carrier rings (180) for 1.5 s, then answers ${code} ${reason}`,
      number, `rp-ring-${process.pid}-${code}`, ringThenRejectScenario(code, reason, 1500));
    expect(dial).toMatchObject({ outcome, disposition: null, answered_at: null, user_id: null });
    expect(attempt).toMatchObject({ outcome, last_user_id: null });
    expect(figures).toMatchObject({ answered: 0, abandoned: 0 });
    // The carrier ended it (HangupRequest on its leg with the cause of its answer): hung up by the customer's side.
    expect(events).toEqual(callEvents('customer', code === 486 ? 17 : 21, outcome));
  });
});
