import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { compileMessage, parseMessage } from '../../../console/src/i18n/message-compiler';
import { mergeCatalog } from '../../../console/src/i18n/merge-catalog';
import { russianPlural, zeroOneOther } from '../../../console/src/i18n/plural-rules';
import { FEATURES } from '../../../console/src/i18n/features';
import en from '../../../console/src/i18n/en';
import ru from '../../../console/src/i18n/ru';
import mn from '../../../console/src/i18n/mn';
import hi from '../../../console/src/i18n/hi';
import id from '../../../console/src/i18n/id';

// The console ships vue-i18n without its message compiler (issue #22.6); console/src/i18n/message-compiler.ts
// compiles its messages instead. Every message of every language must render exactly as vue-i18n's own compiler
// renders it, with placeholders filled and, for plural messages, at several counts.
const BASES = { en, ru, mn, hi, id } as const;
type Code = keyof typeof BASES;

function leaves(obj: object, prefix = ''): Array<[string, string]> {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v as object, `${prefix}${k}.`)));
}

function instance(code: Code, messages: object, own: boolean) {
  return createI18n({
    legacy: false, locale: code, messages: { [code]: messages } as never,
    pluralRules: { ru: russianPlural, en: zeroOneOther, mn: zeroOneOther, hi: zeroOneOther, id: zeroOneOther },
    ...(own ? { messageCompiler: compileMessage } : {}),
    missingWarn: false, fallbackWarn: false,
  }).global as unknown as { t: (key: string, ...args: unknown[]) => string };
}

describe('message compiler', () => {
  for (const code of Object.keys(BASES) as Code[]) {
    it(`renders every ${code} message as vue-i18n's compiler does`, () => {
      const catalog = mergeCatalog(BASES[code], FEATURES.map((f) => f[code]));
      const theirs = instance(code, catalog, false);
      const sut = instance(code, catalog, true);
      let plurals = 0;
      const all = leaves(catalog);
      for (const [key, source] of all) {
        const named = Object.fromEntries([...source.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, `<${m[1]}>`]));
        expect(sut.t(key, named), key).toBe(theirs.t(key, named));
        if (source.includes('|')) {
          plurals += 1;
          for (const n of [0, 1, 2, 3, 5, 11, 21, 22, 101]) expect(sut.t(key, n), `${key} ${n}`).toBe(theirs.t(key, n));
          expect(sut.t(key, { ...named, n: 7 }, 7), key).toBe(theirs.t(key, { ...named, n: 7 }, 7));
        }
      }
      expect(all.length).toBeGreaterThan(300);
      expect(plurals).toBeGreaterThan(3);
    });
  }

  it('refuses syntax it does not implement rather than showing it wrong', () => {
    expect(() => parseMessage('mail me @:app.name')).toThrow(SyntaxError);
    expect(() => parseMessage("a {'literal'} b")).toThrow(SyntaxError);
    expect(() => parseMessage('unclosed {name')).toThrow(SyntaxError);
    expect(parseMessage('none | one {n} | {n} many')).toEqual([['none'], ['one ', { named: 'n' }], [{ named: 'n' }, ' many']]);
  });
});
