import type { RetryMinutes } from '@contract/campaigns.schemas';

// What happens to an attempt after one of its dials ends. Pure: the repository applies the decision in the
// same transaction that records the outcome. The calling window is not applied here: the dialer's claim only
// takes attempts inside the window (in SQL), so a retry due at night simply waits for the morning.
export type DialOutcome = 'no_answer' | 'busy' | 'failed' | 'failed_unknown' | 'accepted' | 'refused' | 'callback';

export type Decision =
  | { status: 'queued'; nextAttemptAt: Date; preferUser: boolean }
  | { status: 'done' };

/** Callbacks are honoured past maxAttempts (the customer asked for them), up to this many dials in total. */
export const HARD_MAX_DIALS = 20;

export function decideAfterOutcome(input: {
  outcome: DialOutcome; dialCount: number; maxAttempts: number; retryMinutes: RetryMinutes; now: Date;
  callbackAt?: Date | null; campaignActive: boolean;
}): Decision {
  const { outcome, dialCount, maxAttempts, retryMinutes, now } = input;
  if (outcome === 'accepted' || outcome === 'refused') return { status: 'done' };
  if (!input.campaignActive) return { status: 'done' };
  const after = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  if (outcome === 'callback') {
    if (dialCount >= HARD_MAX_DIALS) return { status: 'done' };
    const at = input.callbackAt && input.callbackAt.getTime() > now.getTime() ? input.callbackAt : after(retryMinutes.callback);
    return { status: 'queued', nextAttemptAt: at, preferUser: true };
  }
  if (dialCount >= maxAttempts) return { status: 'done' };
  const key = outcome === 'failed_unknown' ? 'failed' : outcome;
  return { status: 'queued', nextAttemptAt: after(retryMinutes[key]), preferUser: false };
}

export const DEFAULT_RETRY_MINUTES: RetryMinutes = { no_answer: 60, busy: 15, failed: 120, callback: 60 };

/** Maps how the PBX saw a dial end to an attempt outcome; null = answered (the operator's wrap-up decides). */
export function outcomeFromCall(callOutcome: string | null): Exclude<DialOutcome, 'accepted' | 'refused' | 'callback'> | null {
  switch (callOutcome) {
    case 'answered': return null;
    case 'busy': return 'busy';
    case 'no_answer': case 'abandoned': return 'no_answer';
    case 'failed': case 'congestion': return 'failed';
    default: return 'failed_unknown';
  }
}
