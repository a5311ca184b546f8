import { CAMPAIGN_DIAL_STAGES, type CampaignDialStage } from './pbx-events';

// pbx-config/extensions.conf [campaign-predictive] reports each step of a predictive dial in one variable,
// `Set(CAMPAIGN_STAGE=<stage>|${AMDSTATUS}|${AMDCAUSE})`, so one VarSet frame carries the AMD() result with it
// (app_amd sets AMDSTATUS and AMDCAUSE just before: MACHINE/HUMAN/NOTSURE/HANGUP, and causes such as HUMAN-1000-800,
// INITIALSILENCE-2500-2500, MAXWORDS-3-2, LONGGREETING-1600-1500, TOOLONG-5000; HANGUP leaves AMDCAUSE empty; both
// empty when AMD did not run).
export const CAMPAIGN_STAGE_VARIABLE = 'CAMPAIGN_STAGE';

const AMD_STATUSES = ['MACHINE', 'HUMAN', 'NOTSURE', 'HANGUP'] as const;
type AmdStatus = (typeof AMD_STATUSES)[number];

export function parseCampaignStage(value: string): { stage: CampaignDialStage; amdStatus: AmdStatus | null; amdCause: string | null } | null {
  const [stage, status, cause] = value.split('|').map((s) => s.trim());
  if (!CAMPAIGN_DIAL_STAGES.includes(stage as CampaignDialStage)) return null;
  return {
    stage: stage as CampaignDialStage,
    amdStatus: AMD_STATUSES.includes(status as AmdStatus) ? (status as AmdStatus) : null,
    amdCause: cause ? cause.slice(0, 100) : null,
  };
}
