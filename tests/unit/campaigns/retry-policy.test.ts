import { describe, expect, it } from 'vitest';
import { decideAfterOutcome, DEFAULT_RETRY_MINUTES, HARD_MAX_DIALS, outcomeFromCall } from '../../../server/campaigns/retry-policy';

const now = new Date('2025-01-06T12:00:00Z');
const base = { dialCount: 1, maxAttempts: 3, retryMinutes: { no_answer: 60, busy: 15, failed: 120, callback: 30 }, now, campaignActive: true };
const plus = (m: number) => new Date(now.getTime() + m * 60_000);

describe('decideAfterOutcome', () => {
  it('retries each unanswered outcome after its own interval', () => {
    expect(decideAfterOutcome({ ...base, outcome: 'no_answer' })).toEqual({ status: 'queued', nextAttemptAt: plus(60), preferUser: false });
    expect(decideAfterOutcome({ ...base, outcome: 'busy' })).toEqual({ status: 'queued', nextAttemptAt: plus(15), preferUser: false });
    expect(decideAfterOutcome({ ...base, outcome: 'failed_unknown' })).toEqual({ status: 'queued', nextAttemptAt: plus(120), preferUser: false });
  });

  it('stops at max attempts, and on accepted or refused', () => {
    expect(decideAfterOutcome({ ...base, dialCount: 3, outcome: 'no_answer' })).toEqual({ status: 'done' });
    expect(decideAfterOutcome({ ...base, outcome: 'accepted' })).toEqual({ status: 'done' });
    expect(decideAfterOutcome({ ...base, outcome: 'refused' })).toEqual({ status: 'done' });
  });

  it('honours a callback at the requested time for the same operator, even past max attempts', () => {
    expect(decideAfterOutcome({ ...base, dialCount: 3, outcome: 'callback', callbackAt: plus(300) })).toEqual({ status: 'queued', nextAttemptAt: plus(300), preferUser: true });
    expect(decideAfterOutcome({ ...base, outcome: 'callback', callbackAt: null })).toEqual({ status: 'queued', nextAttemptAt: plus(30), preferUser: true });
    expect(decideAfterOutcome({ ...base, dialCount: HARD_MAX_DIALS, outcome: 'callback' })).toEqual({ status: 'done' });
  });

  it('does not requeue for a stopped campaign', () => {
    expect(decideAfterOutcome({ ...base, campaignActive: false, outcome: 'busy' })).toEqual({ status: 'done' });
    expect(DEFAULT_RETRY_MINUTES.busy).toBeGreaterThan(0);
  });
});

describe('outcomeFromCall', () => {
  it('maps PBX call outcomes; answered is left to the operator', () => {
    expect(outcomeFromCall('answered')).toBeNull();
    expect(outcomeFromCall('busy')).toBe('busy');
    expect(outcomeFromCall('abandoned')).toBe('no_answer');
    expect(outcomeFromCall('congestion')).toBe('failed');
    expect(outcomeFromCall(null)).toBe('failed_unknown');
  });
});
