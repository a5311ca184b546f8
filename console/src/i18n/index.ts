import { createI18n } from 'vue-i18n';
import en, { type MessageSchema as BaseSchema } from './en';
import ru from './ru';
import mn from './mn';
import hi from './hi';
import id from './id';
import { russianPlural, zeroOneOther } from './plural-rules';

import { LOCALES, type LocaleCode } from './locales';
import { featureMessages, type FeatureSchema } from './features';

export { LOCALES, type LocaleCode };
/** Every message: the base catalogs (en.ts …) and the feature catalogs (features/). */
export type MessageSchema = BaseSchema & FeatureSchema;

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

function deepMerge(into: Record<string, unknown>, from: object): Record<string, unknown> {
  for (const [key, value] of Object.entries(from)) {
    const current = into[key];
    into[key] = value && typeof value === 'object' && current && typeof current === 'object'
      ? deepMerge({ ...(current as Record<string, unknown>) }, value)
      : value;
  }
  return into;
}

/** A base catalog with every feature's messages for that language merged in. */
export function withFeatures(locale: LocaleCode, base: BaseSchema): MessageSchema {
  return featureMessages(locale).reduce<Record<string, unknown>>((all, f) => deepMerge(all, f), { ...base }) as MessageSchema;
}

export const i18n = createI18n<[MessageSchema], LocaleCode, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { en: withFeatures('en', en), ru: withFeatures('ru', ru), mn: withFeatures('mn', mn), hi: withFeatures('hi', hi), id: withFeatures('id', id) },
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
