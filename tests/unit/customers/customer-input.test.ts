import { describe, expect, it } from 'vitest';
import { isRealDate, isTimezone, normalisePhones as sut } from '../../../server/customers/customer-input';

const path = (i: number) => `/phones/${i}/number`;

describe('normalisePhones', () => {
  it('normalises, keeps kinds, collapses duplicates written differently and makes the first primary', () => {
    const r = sut([{ number: '(415) 555-2671', kind: 'work' }, { number: '+1 415 555 2671' }, { number: '212.555.0199', kind: 'home' }], 'US', path, '/phones');
    expect(r.issues).toEqual([]);
    expect(r.phones).toEqual([{ e164: '+14155552671', kind: 'work', primary: true, valid: true }, { e164: '+12125550199', kind: 'home', primary: false, valid: true }]);
  });

  // Issue #27.1: a number libphonenumber does not know is stored flagged, not reported as an issue.
  it('keeps a number outside libphonenumber\'s ranges, flagged', () => {
    const r = sut([{ number: '555 123 0001' }], 'US', path, '/phones');
    expect(r.issues).toEqual([]);
    expect(r.phones).toEqual([{ e164: '+15551230001', kind: 'mobile', primary: true, valid: false }]);
  });

  it('keeps an explicit primary, refuses two', () => {
    expect(sut([{ number: '4155552671' }, { number: '2125550199', primary: true }], 'US', path, '/phones').phones.map((p) => p.primary)).toEqual([false, true]);
    expect(sut([{ number: '4155552671', primary: true }, { number: '2125550199', primary: true }], 'US', path, '/phones').issues).toEqual([{ path: '/phones', message: 'only one phone can be primary' }]);
  });

  it('reports every bad number with its path and reason', () => {
    const r = sut([{ number: 'anonymous' }, { number: '4155552671' }, { number: 'call me' }], 'US', path, '/phones');
    expect(r.issues.map((i) => [i.path, i.reason])).toEqual([['/phones/0/number', 'withheld'], ['/phones/2/number', 'invalid-characters']]);
    expect(r.phones).toHaveLength(1);
  });
});

describe('isRealDate / isTimezone', () => {
  it.each([['1980-02-29', true], ['1981-02-29', false], ['2001-13-01', false], ['1899-12-31', false], ['3000-01-01', false], ['01/02/1990', false]])('%s -> %s', (d, ok) => {
    expect(isRealDate(d)).toBe(ok);
  });
  it('knows IANA zones', () => {
    expect(isTimezone('Europe/Moscow')).toBe(true);
    expect(isTimezone('Mars/Base')).toBe(false);
  });
});
