import { useI18n } from 'vue-i18n';
import { i18n, type MessageSchema } from './index';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every message key, derived from the en catalog: a typo or a missing key is a compile error. */
export type MessageKey = Leaves<MessageSchema>;
/** A count picks the plural form (and fills {n}); an object fills named placeholders. */
export type MessageArg = number | Record<string, unknown>;

function call(t: (key: string, arg?: never) => string, key: MessageKey, arg?: MessageArg): string {
  return arg === undefined ? t(key) : t(key, arg as never);
}

/** Typed translation for components (reactive to locale changes). */
export function useT() {
  const { t, locale } = useI18n({ useScope: 'global' });
  return { t: (key: MessageKey, arg?: MessageArg) => call(t as never, key, arg), locale };
}

/** Typed translation outside components (toasts, notifications). */
export function translate(key: MessageKey, arg?: MessageArg): string {
  return call(i18n.global.t as never, key, arg);
}
