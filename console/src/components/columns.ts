import { useI18n } from 'vue-i18n';
import { useFormat } from '../composables/use-format';
import { useListsStore } from '../stores/lists.store';

// Issue #22.1: a wallboard or report column shows a translated label (i18n/features/columns.ts) and its value
// formatted by its unit in the user's locale, never the API's field name or a bare fraction. The unit is the
// field's: rates are fractions of 1 (0.902 -> 90.2 %), the wallboard's serviceLevel is already a percentage,
// *Seconds and the average times are seconds (h:mm:ss), money is the account's currency.
import { unitOf, type Unit } from './column-units';

export type { Unit };

/** Label and formatted cell of a column, in the current language. */
export function useColumns(overrides: Record<string, Unit> = {}) {
  const { t, te } = useI18n({ useScope: 'global' });
  const fmt = useFormat();
  const lists = useListsStore();
  const label = (key: string): string => {
    const [head, rest] = [key.split('.')[0]!, key.split('.').slice(1).join('.')];
    if (head === 'pauseByReason' && rest) return t('columns.pauseReason', { reason: lists.label('pause-reasons', rest, rest) });
    if (head === 'abandonHistogram' && rest) return t('columns.abandonBucket', { bucket: rest });
    return te(`columns.${key}`) ? t(`columns.${key}`) : key;
  };
  const cell = (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    const unit = unitOf(key, overrides);
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : null;
    if (unit === 'text') return String(value);
    if (unit === 'date') return fmt.date(String(value));
    if (n === null) return String(value);
    if (unit === 'ratio') return fmt.percent(n);
    if (unit === 'percent') return fmt.percent(n / 100);
    if (unit === 'seconds') return fmt.duration(n);
    if (unit === 'money') return fmt.money(n);
    return fmt.number(n, 1);
  };
  return { label, cell, unit: (key: string) => unitOf(key, overrides) };
}
