// What the reports view shows for each report: its tables (each with its own CSV export) and the chart of each.
export type Row = Record<string, unknown>;
export type AnalyticalName = 'lead-sources' | 'segments' | 'campaigns' | 'cases' | 'due-contacts' | 'offers' | 'campaign-abandons' | 'campaign-amd';

export type TableId = 'operational' | 'totals' | 'lead-sources' | 'segments' | 'campaigns' | 'refusal-reasons' | 'cases' | 'due-contacts' | 'offers' | 'offer-calibration' | 'campaign-abandons' | 'campaign-amd';

export interface TableSpec {
  id: TableId;
  /** Picks the table out of the JSON body. */
  rows: (body: Row) => Row[];
  /** Extra query parameters of the CSV export (which table of a multi-table report). */
  csvQuery?: Record<string, string>;
  /** Chart: label column and the numeric series drawn (none: no chart). */
  chart?: { label: (r: Row) => string; series: string[]; kind?: 'bar' | 'line' };
}

const list = (key: string) => (b: Row) => (Array.isArray(b[key]) ? (b[key] as Row[]) : []);
const col = (k: string) => (r: Row) => String(r[k] ?? '');

export const OPERATIONAL_TABLE = (groupBy: string): TableSpec => ({
  id: 'operational',
  rows: list('rows'),
  chart: {
    label: (r) => String(r.label ?? r.key ?? ''),
    series: ['offered', 'answered', 'abandoned'],
    kind: groupBy === 'hour' || groupBy === 'day' ? 'line' : 'bar',
  },
});

export const ANALYTICAL_TABLES: Record<AnalyticalName, TableSpec[]> = {
  'lead-sources': [{ id: 'lead-sources', rows: list('rows'), chart: { label: col('name'), series: ['cost', 'revenue'] } }],
  segments: [{ id: 'segments', rows: list('rows'), chart: { label: col('label'), series: ['customers', 'buyers'] } }],
  campaigns: [
    { id: 'campaigns', rows: list('rows'), csvQuery: { table: 'campaigns' }, chart: { label: col('name'), series: ['attempted', 'reached', 'accepted', 'refused'] } },
    { id: 'refusal-reasons', rows: list('refusalReasons'), csvQuery: { table: 'refusal_reasons' }, chart: { label: col('reason'), series: ['count'] } },
  ],
  cases: [{ id: 'cases', rows: list('rows'), chart: { label: (r) => `${String(r.period)} ${String(r.kind)}`, series: ['opened', 'resolved', 'open'] } }],
  'due-contacts': [{ id: 'due-contacts', rows: list('rows') }],
  // Predictive campaigns (issue #24): where in the day the abandon cap is spent, and what AMD decided.
  'campaign-abandons': [{ id: 'campaign-abandons', rows: list('rows'), chart: { label: col('hourOfDay'), series: ['liveAnswers', 'abandoned'], kind: 'line' } }],
  'campaign-amd': [{ id: 'campaign-amd', rows: list('rows'), chart: { label: col('amdResult'), series: ['answers'] } }],
  // Next best offer: one row per offer (its calibration and refusals in tables of their own), then predicted vs
  // actual acceptance by decile per offer.
  offers: [
    { id: 'offers', rows: (b) => list('rows')(b).map(({ calibration: _c, refusals: _r, ...r }) => r), csvQuery: { table: 'offers' },
      chart: { label: col('name'), series: ['offered', 'accepted'] } },
    { id: 'offer-calibration', rows: (b) => list('rows')(b).flatMap((r) => (Array.isArray(r.calibration) ? (r.calibration as Row[]) : []).map((c) => ({ offer: r.name, ...c }))),
      csvQuery: { table: 'calibration' }, chart: { label: (r) => `${String(r.offer)} ${String(r.decile)}`, series: ['predicted', 'actual'] } },
  ],
};

/** Nested objects (pause by reason, abandon histogram) become dotted columns, as in the CSV export. */
export function flattenRow(row: Row, prefix = ''): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flattenRow(v as Row, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = v;
  }
  return out;
}
