import { createI18n } from 'vue-i18n';
import en, { type MessageSchema } from './en';
import ru from './ru';
import mn from './mn';
import hi from './hi';
import id from './id';
import { russianPlural, zeroOneOther } from './plural-rules';

export const LOCALES = [
  { code: 'en', label: 'English' },
  { code: 'ru', label: 'Русский' },
  { code: 'mn', label: 'Монгол' },
  { code: 'hi', label: 'हिन्दी' },
  { code: 'id', label: 'Bahasa Indonesia' },
] as const;
export type LocaleCode = (typeof LOCALES)[number]['code'];

declare module 'vue-i18n' {
  // en is the schema: t('missing.key') is a compile error in every component.
  export interface DefineLocaleMessage extends MessageSchema {}
}

const LAST_LOCALE_KEY = 'warmline.locale';

export function isLocale(value: string | null | undefined): value is LocaleCode {
  return LOCALES.some((l) => l.code === value);
}

function initialLocale(): LocaleCode {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(LAST_LOCALE_KEY) : null;
  if (isLocale(stored)) return stored;
  const nav = typeof navigator !== 'undefined' ? navigator.language.slice(0, 2) : 'en';
  return isLocale(nav) ? nav : 'en';
}

export const i18n = createI18n<[MessageSchema], LocaleCode, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { en, ru, mn, hi, id },
  pluralRules: { ru: russianPlural, en: zeroOneOther, mn: zeroOneOther, hi: zeroOneOther, id: zeroOneOther },
  missingWarn: false,
  fallbackWarn: false,
});

/** Switches the UI language and remembers it on this browser (the user's profile is saved by the caller). */
export function applyLocale(code: string): LocaleCode {
  const locale = isLocale(code) ? code : 'en';
  i18n.global.locale.value = locale;
  localStorage.setItem(LAST_LOCALE_KEY, locale);
  document.documentElement.lang = locale;
  return locale;
}

/** Money is shown in the call-center's currency (build-time setting), formatted per the operator's locale. */
export const CURRENCY: string = import.meta.env.VITE_CURRENCY ?? 'USD';
