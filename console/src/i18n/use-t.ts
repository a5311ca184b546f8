import { useI18n } from 'vue-i18n';
import { i18n } from './index';
import type { MessageArg, MessageKey } from './message-key';

export type { MessageArg, MessageKey };

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
