import { createI18n } from 'vue-i18n';
import { russianPlural, zeroOneOther } from './plural-rules';
import { compileMessage } from './message-compiler';
import { LOCALES, type LocaleCode } from './locales';
import type { MessageSchema } from './merge-catalog';

export { LOCALES, type LocaleCode, type MessageSchema };

declare module 'vue-i18n' {
  // en is the schema: t('missing.key') is a compile error in every component.
  export interface DefineLocaleMessage extends MessageSchema {}
}

const LAST_LOCALE_KEY = 'warmline.locale';

export function isLocale(value: string | null | undefined): value is LocaleCode {
  return LOCALES.some((l) => l.code === value);
}

export function initialLocale(): LocaleCode {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(LAST_LOCALE_KEY) : null;
  if (isLocale(stored)) return stored;
  const nav = typeof navigator !== 'undefined' ? navigator.language.slice(0, 2) : 'en';
  return isLocale(nav) ? nav : 'en';
}

// Each language is its own chunk, fetched when it is first shown: the operator downloads one language, not five
// (issue #22.6). The catalogs are complete (tests/unit/console/i18n-and-nav.test.ts), so no fallback is needed.
const CATALOGS: Record<LocaleCode, () => Promise<{ default: MessageSchema }>> = {
  en: () => import('./catalogs/en'),
  ru: () => import('./catalogs/ru'),
  mn: () => import('./catalogs/mn'),
  hi: () => import('./catalogs/hi'),
  id: () => import('./catalogs/id'),
};

export const i18n = createI18n<[MessageSchema], LocaleCode, false>({
  legacy: false,
  locale: 'en',
  fallbackLocale: false,
  messages: {} as Record<LocaleCode, MessageSchema>,
  messageCompiler: compileMessage,
  pluralRules: { ru: russianPlural, en: zeroOneOther, mn: zeroOneOther, hi: zeroOneOther, id: zeroOneOther },
  missingWarn: false,
  fallbackWarn: false,
});

const loading = new Map<LocaleCode, Promise<void>>();
const loaded = new Set<LocaleCode>();
/** Fetches a language's messages once; resolves when they are installed. */
export function loadLocale(locale: LocaleCode): Promise<void> {
  let p = loading.get(locale);
  if (!p) {
    p = CATALOGS[locale]().then((m) => {
      i18n.global.setLocaleMessage(locale, m.default);
      loaded.add(locale);
    });
    p.catch(() => loading.delete(locale));
    loading.set(locale, p);
  }
  return p;
}

let wanted: LocaleCode | null = null;
/**
 * Switches the UI language (once its messages are here) and remembers it on this browser (the user's profile is
 * saved by the caller). The last call wins when two overlap.
 */
export function applyLocale(code: string): LocaleCode {
  const locale = isLocale(code) ? code : 'en';
  wanted = locale;
  localStorage.setItem(LAST_LOCALE_KEY, locale);
  const show = () => {
    if (wanted !== locale) return;
    i18n.global.locale.value = locale;
    document.documentElement.lang = locale;
  };
  if (loaded.has(locale)) show();
  else void loadLocale(locale).then(show);
  return locale;
}

/** Money is shown in the call-center's currency (build-time setting), formatted per the operator's locale. */
export const CURRENCY: string = import.meta.env.VITE_CURRENCY ?? 'USD';
