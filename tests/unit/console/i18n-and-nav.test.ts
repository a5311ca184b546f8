import { describe, expect, it } from 'vitest';
import { russianPlural, zeroOneOther } from '../../../console/src/i18n/plural-rules';
import { canOpen, navFor, pathOf } from '../../../console/src/navigation';
import { itemsOf, toApiError } from '../../../console/src/api/api-error';
import { isNewer } from '../../../console/src/stores/seq-merge';
import { newClientKey } from '../../../console/src/stores/client-key';
import en from '../../../console/src/i18n/en';
import ru from '../../../console/src/i18n/ru';
import mn from '../../../console/src/i18n/mn';
import hi from '../../../console/src/i18n/hi';
import id from '../../../console/src/i18n/id';
import { FEATURES } from '../../../console/src/i18n/features';

function leaves(obj: object, prefix = ''): Array<[string, string]> {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v as object, `${prefix}${k}.`)));
}

describe('plural rules', () => {
  it('picks the Russian one/few/many forms by CLDR', () => {
    const forms = (n: number) => russianPlural(n, 4);
    expect([0, 1, 2, 5, 11, 21, 22, 25, 111].map(forms)).toEqual([0, 1, 2, 3, 3, 1, 2, 3, 3]);
  });

  it('uses zero | one | other elsewhere', () => {
    expect([0, 1, 2, 100].map((n) => zeroOneOther(n, 3))).toEqual([0, 1, 2, 2]);
    expect(zeroOneOther(1, 2)).toBe(0);
  });
});

describe('catalogs', () => {
  // The base catalogs and every feature catalog (console/src/i18n/features), checked alike.
  const all = (code: 'en' | 'ru' | 'mn' | 'hi' | 'id', catalog: object) =>
    [...leaves(catalog), ...FEATURES.flatMap((f, i) => leaves(f[code], `feature${i}:`))];
  const base = all('en', en);
  for (const [code, catalog] of Object.entries({ ru, mn, hi, id }) as Array<['ru' | 'mn' | 'hi' | 'id', object]>) {
    it(`${code} is translated, has every key and the same placeholders`, () => {
      const entries = new Map(all(code, catalog));
      expect([...entries.keys()].sort()).toEqual(base.map(([k]) => k).sort());
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((p) => p !== 'n').sort();
      let same = 0;
      for (const [key, value] of base) {
        const translated = entries.get(key) ?? '';
        expect(placeholders(translated), key).toEqual(placeholders(value));
        if (translated === value) same += 1;
      }
      // Brand names, SIP, CSV and the like may stay; real copies of English may not.
      expect(same).toBeLessThan(base.length * 0.08);
    });
  }
});

describe('navigation', () => {
  it('shows each role its sections', () => {
    expect(navFor('operator')).toEqual(['console', 'customers']);
    expect(navFor('supervisor')).toEqual(['console', 'customers', 'wallboard', 'reports']);
    expect(navFor('campaign_manager')).toEqual(['console', 'customers', 'campaigns', 'offers', 'reports']);
    expect(navFor('admin')).toContain('offers');
    expect(canOpen('supervisor', 'offers')).toBe(false);
    expect(pathOf('offers')).toBe('/campaigns/offers');
    expect(pathOf('reports')).toBe('/reports');
    expect(canOpen('operator', 'reports')).toBe(false);
    expect(navFor(null)).toEqual([]);
  });
});

describe('api errors', () => {
  it('parses the server error body and falls back for foreign bodies', () => {
    const sut = toApiError(409, { error: { code: 'already-submitted', message: 'Already wrapped up', details: { id: 3 } } }, 'Conflict');
    expect([sut.status, sut.code, sut.message, sut.details]).toEqual([409, 'already-submitted', 'Already wrapped up', { id: 3 }]);
    expect(toApiError(502, '<html>bad gateway</html>', 'Bad Gateway').code).toBe('http-error');
    expect(toApiError(502, '<html>bad gateway</html>', 'Bad Gateway').message).toBe('Bad Gateway');
  });

  it('accepts lists as arrays or {items}', () => {
    expect(itemsOf([1, 2])).toEqual([1, 2]);
    expect(itemsOf({ items: [3], total: 1 })).toEqual([3]);
    expect(itemsOf(null)).toEqual([]);
  });
});

describe('seq and client keys', () => {
  it('orders by seq', () => {
    expect(isNewer(undefined, 0)).toBe(true);
    expect(isNewer(5, 5)).toBe(false);
    expect(isNewer(5, 6)).toBe(true);
  });

  it('makes v4 uuids', () => {
    expect(newClientKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
