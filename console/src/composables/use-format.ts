import { useI18n } from 'vue-i18n';
import { CURRENCY } from '../i18n';
import * as f from '../format/formatters';

/** Formatters bound to the current UI locale (reactive: templates re-render when the locale changes). */
export function useFormat() {
  const { locale } = useI18n({ useScope: 'global' });
  return {
    dateTime: (v: string | null | undefined) => f.formatDateTime(v, locale.value),
    date: (v: string | null | undefined) => f.formatDate(v, locale.value),
    time: (v: string | null | undefined) => f.formatTime(v, locale.value),
    relative: (v: string | null | undefined, now?: Date) => f.formatRelative(v, locale.value, now),
    money: (v: string | number | null | undefined) => f.formatMoney(v, locale.value, CURRENCY),
    number: (v: number | string | null | undefined, digits = 0) => f.formatNumber(v, locale.value, digits),
    percent: (v: number | null | undefined) => f.formatPercent(v, locale.value),
    duration: f.formatDuration,
  };
}
