import type { Row, TableId } from './report-tables';
import { useListsStore } from '../stores/lists.store';
import { refusalLabel } from '../format/refusal-label';
import type { MessageKey } from '../i18n/message-key';

const AMD_RESULTS = ['human', 'notsure', 'machine', 'hangup', 'none'] as const;

/**
 * Issue #21: a report names dispositions and refusal reasons with the label the server had when it ran; the managed
 * list's label in the UI language replaces it, so a renamed label shows in reports too (the code stays the key).
 */
export function relabelReportRows(table: TableId, groupBy: string | undefined, rows: Row[], t: (key: MessageKey) => string = (k) => k): Row[] {
  const lists = useListsStore();
  // Issue #24: the AMD result is a code, "over the cap" a flag: both read as words in the UI language.
  if (table === 'campaign-amd') {
    return rows.map((r) => ({ ...r, amdResult: AMD_RESULTS.find((x) => x === r.amdResult) ? t(`reports.amdResult.${r.amdResult as (typeof AMD_RESULTS)[number]}`) : r.amdResult }));
  }
  if (table === 'campaign-abandons') return rows.map((r) => ({ ...r, overCap: r.overCap === true ? t('reports.overCap') : '' }));
  if (table === 'operational' && groupBy === 'disposition') {
    return rows.map((r) => ({ ...r, label: lists.label('dispositions', typeof r.key === 'string' ? r.key : null, (r.label as string | null) ?? null) }));
  }
  if (table === 'refusal-reasons') {
    return rows.map((r) => ({ ...r, reason: refusalLabel(typeof r.code === 'string' ? r.code : null, String(r.reason ?? '')) }));
  }
  return rows;
}
