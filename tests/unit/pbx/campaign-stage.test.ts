import { describe, expect, it } from 'vitest';
import { parseCampaignStage } from '../../../server/pbx/campaign-stage';
import { createTranslatorState, translate } from '../../../server/pbx/ami-translator';

// pbx-config/extensions.conf [campaign-predictive] reports "stage|AMDSTATUS|AMDCAUSE" in CAMPAIGN_STAGE; app_amd.c
// sets AMDSTATUS/AMDCAUSE (HANGUP leaves the cause empty; nothing at all when AMD is off).
describe('CAMPAIGN_STAGE values', () => {
  it('reads the stage and the AMD result', () => {
    expect(parseCampaignStage('live|HUMAN|HUMAN-1000-800')).toEqual({ stage: 'live', amdStatus: 'HUMAN', amdCause: 'HUMAN-1000-800' });
    expect(parseCampaignStage('machine|MACHINE|MAXWORDS-3-2')).toEqual({ stage: 'machine', amdStatus: 'MACHINE', amdCause: 'MAXWORDS-3-2' });
    expect(parseCampaignStage('gone|HANGUP|')).toEqual({ stage: 'gone', amdStatus: 'HANGUP', amdCause: null });
    expect(parseCampaignStage('live||')).toEqual({ stage: 'live', amdStatus: null, amdCause: null });
  });

  it('ignores what it does not know', () => {
    expect(parseCampaignStage('dancing|HUMAN|x')).toBeNull();
    expect(parseCampaignStage('live|ROBOT|x')).toEqual({ stage: 'live', amdStatus: null, amdCause: 'x' });
  });
});

describe('translator: predictive dial stages', () => {
  const frame = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
  it('emits campaign.dial_stage for a VarSet of CAMPAIGN_STAGE on a channel carrying CRM_CALL_ID', () => {
    const base = { Channel: 'PJSIP/trunk-0000002a', Uniqueid: '1733400000.42', Linkedid: '1733400000.42', Context: 'campaign-predictive', Exten: 's' };
    let state = createTranslatorState();
    const events: unknown[] = [];
    for (const f of [
      frame({ Event: 'Newchannel', ...base, ChannelState: '0', CallerIDNum: '+14155550100' }),
      frame({ Event: 'VarSet', ...base, Variable: 'CRM_CALL_ID', Value: 'att-7-2' }),
      frame({ Event: 'VarSet', ...base, Variable: 'AMDSTATUS', Value: 'HUMAN' }),
      frame({ Event: 'VarSet', ...base, Variable: 'CAMPAIGN_STAGE', Value: 'live|HUMAN|HUMAN-1000-800' }),
    ]) {
      const r = translate(state, f as never, 'main', new Date('2026-12-05T22:00:00Z'));
      state = r.state;
      events.push(...r.events);
    }
    expect(events).toContainEqual(expect.objectContaining({ type: 'campaign.dial_stage', crmCallId: 'att-7-2', channel: 'PJSIP/trunk-0000002a', stage: 'live',
      amdStatus: 'HUMAN', amdCause: 'HUMAN-1000-800' }));
  });
});
