import type { Row, TableId } from './report-tables';
import { useListsStore } from '../stores/lists.store';
import { refusalLabel } from '../format/refusal-label';

/**
 * Issue #21: a report names dispositions and refusal reasons with the label the server had when it ran; the managed
 * list's label in the UI language replaces it, so a renamed label shows in reports too (the code stays the key).
 */
export function relabelReportRows(table: TableId, groupBy: string | undefined, rows: Row[]): Row[] {
  const lists = useListsStore();
  if (table === 'operational' && groupBy === 'disposition') {
    return rows.map((r) => ({ ...r, label: lists.label('dispositions', typeof r.key === 'string' ? r.key : null, (r.label as string | null) ?? null) }));
  }
  if (table === 'refusal-reasons') {
    return rows.map((r) => ({ ...r, reason: refusalLabel(typeof r.code === 'string' ? r.code : null, String(r.reason ?? '')) }));
  }
  return rows;
}
