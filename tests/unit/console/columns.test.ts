import { describe, expect, it } from 'vitest';
import { unitOf } from '../../../console/src/components/column-units';
import { parseSetup } from '../../../console/src/components/wallboard-setup';

describe('report and wallboard columns (#22.1)', () => {
  it('gives each API field its unit', () => {
    const sut = (k: string) => unitOf(k);
    expect(['abandonRate', 'abandonRateExShort', 'repeatRate24h', 'fcrRate', 'occupancy', 'serviceLevel'].map(sut)).toEqual(Array(6).fill('ratio'));
    expect(['longestWaitSeconds', 'avgHandleSeconds', 'asa', 'aht', 'avgTalk', 'pauseByReason.lunch', 'medianResolutionSeconds'].map(sut)).toEqual(Array(7).fill('seconds'));
    expect(['cost', 'revenue', 'total_spend'].map(sut)).toEqual(['money', 'money', 'money']);
    expect(['displayName', 'label', 'key', 'reason'].map(sut)).toEqual(Array(4).fill('text'));
    expect(['offered', 'abandonHistogram.0-5s', 'customers'].map(sut)).toEqual(['count', 'count', 'count']);
    expect(unitOf('serviceLevel', { serviceLevel: 'percent' })).toBe('percent');
  });
});

describe('wallboard setup (#22.1)', () => {
  it('keeps a stored order and choice, drops unknown columns and appends new ones', () => {
    const sut = parseSetup(JSON.stringify({ order: ['serviceLevel', 'gone', 'waiting'], shown: ['waiting', 'gone'], slaTarget: 90, maxWaitSeconds: 30 }));
    expect(sut.order.slice(0, 2)).toEqual(['serviceLevel', 'waiting']);
    expect(sut.order).toHaveLength(10);
    expect(sut.shown).toEqual(['waiting']);
    expect([sut.slaTarget, sut.maxWaitSeconds]).toEqual([90, 30]);
  });

  it('falls back to the defaults on garbage and bounds the thresholds', () => {
    expect(parseSetup('{not json').shown).toContain('serviceLevel');
    expect(parseSetup(JSON.stringify({ slaTarget: 500, maxWaitSeconds: -3 }))).toMatchObject({ slaTarget: 100, maxWaitSeconds: 0 });
  });
});
