import { afterAll, beforeAll, expect, it } from 'vitest';
import { field, type AmiFrame } from '../../server/pbx/ami-frame';
import { CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { watchAmi, type AmiWatch } from './support/ami-watch';
import { CARRIER_PORT, startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { runSipp, type SippRun } from './support/sipp';
import { busyScenario } from './support/sipp-carrier';
import { makeVoices, voiceAnswerScenario, voiceSkipReason, type Voice } from './support/sipp-voice';
import { seedCampaign, seedCustomer } from '../factories/campaign.factory';

// Predictive dials with answering-machine detection on (issue #24), through a real Asterisk loaded with pbx-config/:
// the pacer originates the customer through [dial-out] (Local/<number>@dial-out/n), the carrier (sipp at 127.0.0.2)
// answers and plays a known recording, and app_amd (pbx-config/amd.conf) runs on the answered carrier channel in
// [campaign-predictive]. A short "Hello?" then silence is a person (connected to the free agent); a long voicemail
// greeting is a machine (hung up, or left the recorded message, as the campaign says). And with
// TRUNK_NUMBER_FORMAT=digits the carrier is asked for the number without its '+', which only [dial-out] knows.

const voiceSkip = voiceSkipReason();
if (voiceSkip) console.log(`[pbx-real] predictive-amd: ${voiceSkip}`);

realPbxDescribe('real Asterisk: predictive dials with AMD, through [dial-out]', () => {
  let stack: RealStack;
  let agent: Agent;
  let ami: AmiWatch;
  let phone: SippRun | undefined;
  let voices: Record<Voice, string>;
  let mediaPort = 16700;

  beforeAll(async () => {
    if (voiceSkip) return;
    voices = makeVoices();
    stack = await startRealStack({ DIALER_PACING_MS: '0', WRAPUP_SECONDS: '60' });
    agent = await stack.addUser('rp-amd-op', 'operator', '1001');
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
    ami = await watchAmi();
  });

  afterAll(async () => {
    // WARMLINE_AMI_DUMP=<file>: what Asterisk said during the file, for the simulator's frames (sim-predictive-local.ts).
    if (process.env.WARMLINE_AMI_DUMP && ami) (await import('node:fs')).writeFileSync(process.env.WARMLINE_AMI_DUMP, ami.frames.map((f) => JSON.stringify(f)).join('\n'));
    phone?.kill();
    await ami?.stop();
    await stack?.close();
  });

  const db = () => stack.db.db;
  const explain = async () => `${await stack.pbx.cli('core show channels verbose')}\nasterisk:\n${stack.pbx.output().slice(-6000)}`;
  const frames = (event: string, match: (f: AmiFrame) => boolean = () => true) => ami.frames.filter((f) => field(f, 'event') === event && match(f));
  const dialplanOf = (channel: string) => frames('Newexten', (f) => field(f, 'channel') === channel)
    .map((f) => ({ app: field(f, 'application') ?? '', data: field(f, 'appdata') ?? '', context: field(f, 'context') ?? '' }));

  async function campaignFor(number: string, tag: string, amdAction: 'off' | 'hangup' | 'message') {
    const customer = await seedCustomer(stack.server.services, { phone: number, tags: [tag], timezone: 'UTC' });
    const { campaign } = await seedCampaign(stack.server.services, { all: [{ type: 'tags', match: 'any', tags: [tag] }] },
      { mode: 'predictive', agentIds: [agent.id], amdAction, start: true });
    return { customer, campaign };
  }

  async function setState(state: 'ready' | 'paused', reason?: string): Promise<void> {
    const res = await stack.app.inject({ method: 'POST', url: '/api/agents/me/state', headers: { authorization: `Bearer ${agent.token}` },
      payload: reason ? { state, reason } : { state } });
    expect(res.statusCode, res.body).toBe(200);
  }

  /** The carrier answering `number` with a voice; the pacer dials it now; resolves with the disposed dial. */
  async function dialWithVoice(campaignId: number, voice: Voice, talkMs: number | null, expectUser?: string) {
    const carrier = runSipp(voiceAnswerScenario({ ringMs: 300, wav: voices[voice], talkMs, expectUser }), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: CARRIER_PORT, mediaPort, echo: false, timeoutS: 60,
    });
    mediaPort += 4;
    let view;
    try {
      view = await stack.server.services.predictive.paceNow(campaignId);
    } catch (err) { carrier.kill(); throw err; }
    expect(view, 'the pacer dialled').toMatchObject({ dialsNow: 1 });
    const dial = await waitFor('the dial disposed', async () => {
      const d = await db().selectFrom('campaign_dials').selectAll().where('campaign_id', '=', campaignId).where('predictive', '=', true).executeTakeFirst();
      return d?.disposition ? d : null;
    }, 30_000, explain);
    const done = await carrier.done;
    return { dial, carrier: done };
  }

  /** What the pacer asked of the PBX: the customer through [dial-out]'s Local channel, Dial'ed with G() on to [campaign-answered]. */
  function dialledThroughDialOut(number: string): { dialString: string } {
    const local = frames('Newexten', (f) => (field(f, 'channel') ?? '').startsWith(`Local/${number}@dial-out-`) && field(f, 'application') === 'Dial');
    expect(local, 'the Local half ran [dial-out] up to its Dial').toHaveLength(1);
    expect(field(local[0]!, 'context')).toBe('dial-out');
    expect(field(local[0]!, 'appdata')).toContain('G(campaign-answered^s^1)');
    const begin = frames('DialBegin', (f) => (field(f, 'channel') ?? '').startsWith(`Local/${number}@dial-out-`));
    expect(begin).toHaveLength(1);
    expect(field(begin[0]!, 'destchannel')).toMatch(/^PJSIP\/trunk-/);
    return { dialString: field(begin[0]!, 'dialstring') ?? '' };
  }

  it('a voicemail greeting: AMD says MACHINE and the campaign\'s recorded message is left on it, no agent involved', async ({ skip }) => {
    if (voiceSkip) skip(voiceSkip);
    await stack.server.services.agents.endWrapup(agent.id, null, 'submitted').catch(() => undefined);
    await setState('ready');
    const number = '+12122050102';
    const { campaign } = await campaignFor(number, `rp-amd-${process.pid}-m`, 'message');
    const { dial, carrier } = await dialWithVoice(campaign.id, 'machine', null);
    expect(dial, await explain()).toMatchObject({ disposition: 'machine_message', user_id: null, amd_status: 'MACHINE' });
    expect(dial.amd_cause).toMatch(/^(LONGGREETING|MAXWORDS)-/);
    expect(carrier.code, carrier.output).toBe(0);
    const steps = dialplanOf(dial.channel!).filter((s) => s.context === 'campaign-predictive');
    expect(steps.map((s) => s.app)).toEqual(['NoOp', 'Set', 'MixMonitor', 'GotoIf', 'AMD', 'GotoIf', 'Set', 'GotoIf', 'Wait', 'Playback', 'Hangup']);
    expect(steps.find((s) => s.app === 'Playback')!.data).toBe('warmline/campaign-machine-message');
    expect(stack.pbx.problems().filter((l) => /campaign-machine-message|Playback/.test(l))).toEqual([]);
    // A machine is neither answered nor abandoned in the cap's arithmetic.
    expect(await stack.server.services.predictive.pacing(campaign.id)).toMatchObject({ answered: 0, abandoned: 0 });
    await stack.server.services.campaigns.stop(campaign.id, null);
  });

  it('a voicemail greeting with the campaign set to drop machines: hung up at once, no message', async ({ skip }) => {
    if (voiceSkip) skip(voiceSkip);
    const number = '+12122050103';
    const { campaign } = await campaignFor(number, `rp-amd-${process.pid}-d`, 'hangup');
    const { dial, carrier } = await dialWithVoice(campaign.id, 'machine', null);
    expect(dial, await explain()).toMatchObject({ disposition: 'machine_hangup', user_id: null, amd_status: 'MACHINE' });
    expect(carrier.code, carrier.output).toBe(0);
    const steps = dialplanOf(dial.channel!).filter((s) => s.context === 'campaign-predictive');
    expect(steps.map((s) => s.app)).toEqual(['NoOp', 'Set', 'MixMonitor', 'GotoIf', 'AMD', 'GotoIf', 'Set', 'GotoIf', 'Hangup']);
    await stack.server.services.campaigns.stop(campaign.id, null);
  });

  it('"Hello?" then silence: AMD says HUMAN and the customer is connected to the free agent', async ({ skip }) => {
    if (voiceSkip) skip(voiceSkip);
    const number = '+12122050101';
    const { campaign, customer } = await campaignFor(number, `rp-amd-${process.pid}-h`, 'hangup');
    phone = await stack.phone(agent, { ringMs: 200, talkMs: null });
    await stack.server.services.agents.endWrapup(agent.id, null, 'submitted').catch(() => undefined);
    await setState('ready');
    const { dial, carrier } = await dialWithVoice(campaign.id, 'human', 5000);
    expect(dial, await explain()).toMatchObject({ disposition: 'connected', user_id: agent.id, amd_status: 'HUMAN' });
    expect(dial.amd_cause).toMatch(/^HUMAN-\d+-800$/);
    expect(carrier.code, carrier.output).toBe(0);
    expect(dialledThroughDialOut(number).dialString).toBe(`${number}@trunk`);
    const steps = dialplanOf(dial.channel!);
    expect(steps.filter((s) => s.context === 'campaign-predictive').map((s) => s.app).slice(0, 5)).toEqual(['NoOp', 'Set', 'MixMonitor', 'GotoIf', 'AMD']);
    expect(steps.map((s) => s.context)).toContain('campaign-connect');
    expect(steps.find((s) => s.app === 'Playback')).toBeUndefined();
    const call = await waitFor('the call linked', async () => db().selectFrom('calls').selectAll().where('campaign_attempt_id', '=', dial.attempt_id).executeTakeFirst());
    expect(call).toMatchObject({ direction: 'outbound', customer_id: customer.id });
    await waitFor('the call ended', async () => (await db().selectFrom('calls').select('status').where('id', '=', call.id).executeTakeFirstOrThrow()).status === 'ended');
    const res = await stack.app.inject({ method: 'POST', url: `/api/campaigns/attempts/${dial.attempt_id}/outcome`, headers: { authorization: `Bearer ${agent.token}` },
      payload: { result: 'refused', refusalCode: 'not_interested' } });
    expect(res.statusCode, res.body).toBe(200);
    await stack.server.services.campaigns.stop(campaign.id, null);
  });

  it('a busy carrier (486): the dial is busy, whatever the Local half\'s OriginateResponse says', async ({ skip }) => {
    if (voiceSkip) skip(voiceSkip);
    const number = '+12122050105';
    const { campaign } = await campaignFor(number, `rp-amd-${process.pid}-b`, 'hangup');
    await stack.server.services.agents.endWrapup(agent.id, null, 'submitted').catch(() => undefined);
    await setState('ready');
    const carrier = runSipp(busyScenario(), { remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: CARRIER_PORT, timeoutS: 30 });
    let dial;
    try {
      const view = await stack.server.services.predictive.paceNow(campaign.id);
      expect(view).toMatchObject({ dialsNow: 1 });
      dial = await waitFor('the dial ended', async () => {
        const d = await db().selectFrom('campaign_dials').selectAll().where('campaign_id', '=', campaign.id).executeTakeFirst();
        return d?.outcome ? d : null;
      }, 30_000, explain);
    } catch (err) { carrier.kill(); throw err; }
    expect(dial.outcome).toBe('busy');
    const done = await carrier.done;
    expect(done.code, done.output).toBe(0);
    const response = await ami.waitFor('OriginateResponse', (f) => (field(f, 'channel') ?? '').startsWith(`Local/${number}@dial-out`));
    const trunkGone = frames('Hangup', (f) => (field(f, 'channel') ?? '').startsWith('PJSIP/trunk-') && field(f, 'connectedlinenum') !== null);
    console.log(`[pbx-real] predictive busy: OriginateResponse ${field(response, 'response')} Reason ${field(response, 'reason')}; carrier leg causes ${trunkGone.map((f) => field(f, 'cause')).join(',')}`);
    await stack.server.services.campaigns.stop(campaign.id, null);
  });

  it('TRUNK_NUMBER_FORMAT=digits: the carrier is asked for the number without its +, and the dial is still the customer\'s', async ({ skip }) => {
    if (voiceSkip) skip(voiceSkip);
    // The global as a site sets it in extensions.conf [globals]; AMI Setvar without a channel sets a global.
    await ami.action({ Action: 'Setvar', Variable: 'TRUNK_NUMBER_FORMAT', Value: 'digits' });
    try {
      await stack.server.services.agents.endWrapup(agent.id, null, 'submitted').catch(() => undefined);
      await setState('ready');
      const number = '+12122050104';
      const { campaign, customer } = await campaignFor(number, `rp-amd-${process.pid}-g`, 'off');
      // The carrier fails the call unless the INVITE's Request-URI is sip:12122050104@...
      const { dial, carrier } = await dialWithVoice(campaign.id, 'human', 3000, '12122050104');
      expect(carrier.code, carrier.output).toBe(0);
      expect(dialledThroughDialOut(number).dialString).toBe('12122050104@trunk');
      expect(dial).toMatchObject({ disposition: 'connected', user_id: agent.id });
      const call = await waitFor('the call linked', async () => db().selectFrom('calls').selectAll().where('campaign_attempt_id', '=', dial.attempt_id).executeTakeFirst());
      expect(call).toMatchObject({ direction: 'outbound', customer_id: customer.id });
    } finally {
      await ami.action({ Action: 'Setvar', Variable: 'TRUNK_NUMBER_FORMAT', Value: 'e164' });
    }
  });
});
