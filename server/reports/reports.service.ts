import { stringify } from 'csv-stringify/sync';
import type { AuditRepository } from '../audit/audit.repository';
import type { AuthUser } from '../auth/roles';
import { NotFoundError, ValidationError } from '../http/app-error';
import { SegmentRule, ruleTreeProblem } from '@contract/segment-rules';
import { Value } from '@sinclair/typebox/value';
import type { AnalyticsRepository } from './analytics.repository';
import type { AmdRow, CampaignAnalyticsRepository } from './campaign-analytics.repository';
import type { OperationalRepository, StateRow } from './operational.repository';
import {
  addState, addSums, deriveCallMetrics, deriveStateMetrics, emptyStateSums, emptySums, round,
  type CallMetrics, type StateMetrics, type StateSums,
} from './report-metrics';
import { localToday, parseGroupBy, parseRange, upcomingMonthDays, type GroupBy } from './report-range';

export type OperationalRow = { key: string; label: string | null; category?: string | null } & CallMetrics & Partial<StateMetrics>;
export interface OperationalReport {
  groupBy: GroupBy; from: string; to: string; tz: string; queue: string | null; direction: string | null;
  rows: OperationalRow[]; totals: CallMetrics & StateMetrics;
}

const money = (x: number) => x.toFixed(2);
const AMD_RESULTS = ['human', 'notsure', 'machine', 'hangup', 'none'] as const;
const DAY_MS = 86_400_000;

// Report rules: parameter checks, metric derivation, ranking, CSV exports (audited). SQL lives in the repositories.
export class ReportsService {
  private settingsSynced: { seconds: number; done: Promise<void> } | undefined;

  constructor(
    private readonly operational: OperationalRepository,
    private readonly writer: OperationalRepository,
    private readonly analytics: AnalyticsRepository,
    private readonly campaignsRepo: CampaignAnalyticsRepository,
    private readonly audit: AuditRepository,
    private readonly cfg: { defaultTimezone: () => string; serviceLevelSeconds: () => number },
  ) {}

  private syncSettings(): Promise<void> {
    // The service-level setting may change at any time (Admin → Settings): written again when it differs.
    const seconds = this.cfg.serviceLevelSeconds();
    if (this.settingsSynced?.seconds !== seconds) {
      this.settingsSynced = { seconds, done: this.writer.syncDefaultServiceLevel(seconds)
        .catch((err: unknown) => { this.settingsSynced = undefined; throw err; }) };
    }
    return this.settingsSynced.done;
  }

  async operationalReport(q: { from: string; to: string; groupBy?: string; queue?: string; direction?: string; tz?: string }): Promise<OperationalReport> {
    const groupBy = parseGroupBy(q.groupBy);
    const range = parseRange(q, this.cfg.defaultTimezone());
    await this.syncSettings();
    // Call ends are folded into the rollups after their transaction (migration 0014): fold what is pending, on the
    // primary, so that the report shows every call that had ended when it was asked for.
    await this.writer.foldPending({ wait: true });
    const f = { from: range.from, to: range.to, tz: range.tz, queue: q.queue, direction: q.direction };
    const stateGrouping = groupBy === 'agent' || groupBy === 'hour' || groupBy === 'day' ? groupBy : 'total';
    const [rows, totalRows, stateRows, series] = await Promise.all([
      this.operational.callSums(groupBy, f),
      this.operational.callSums('total', f),
      this.operational.stateSums(stateGrouping, f),
      groupBy === 'hour' || groupBy === 'day' ? this.operational.seriesKeys(groupBy, f) : Promise.resolve(null),
    ]);
    const states = groupStates(stateRows);
    const totalState = emptyStateSums();
    for (const s of states.values()) mergeState(totalState, s);

    const byKey = new Map(rows.map((r) => [r.key, r]));
    let keys = series ?? rows.map((r) => r.key);
    if (groupBy === 'agent') keys = [...new Set([...keys, ...states.keys()])].sort((a, b) => Number(a) - Number(b));
    const agentLabels = groupBy === 'agent'
      ? await this.operational.agentLabels(keys.map(Number).filter((n) => n > 0)) : new Map<number, string>();
    const withState = stateGrouping !== 'total';
    const out: OperationalRow[] = keys.map((key) => {
      const r = byKey.get(key);
      const metrics = deriveCallMetrics(r ? addSums(emptySums(), r) : emptySums());
      const label = groupBy === 'agent' ? (agentLabels.get(Number(key)) ?? (key === '0' ? '(no agent)' : null)) : (r?.label ?? null);
      const row: OperationalRow = { key, label: groupBy === 'queue' && key === '' ? '(no queue)' : label, ...metrics };
      if (groupBy === 'disposition') row.category = r?.category ?? null;
      if (withState) Object.assign(row, deriveStateMetrics(states.get(key) ?? emptyStateSums()));
      return row;
    });
    const totals = { ...deriveCallMetrics(addSums(emptySums(), totalRows[0] ?? {})), ...deriveStateMetrics(totalState) };
    return { groupBy, from: range.from, to: range.to, tz: range.tz, queue: q.queue ?? null, direction: q.direction ?? null, rows: out, totals };
  }

  async leadSources(q: { from?: string; to?: string; tz?: string }) {
    if ((q.from === undefined) !== (q.to === undefined)) throw new ValidationError('give both from and to, or neither');
    const range = q.from !== undefined && q.to !== undefined ? parseRange({ from: q.from, to: q.to, tz: q.tz }, this.cfg.defaultTimezone()) : null;
    const rows = (await this.analytics.leadSources(range)).map((r) => {
      const revenue = Number(r.revenue);
      const cost = Number(r.cost);
      return {
        leadSourceId: r.id, code: r.code ?? '(none)', name: r.name ?? '(no lead source)', channel: r.channel,
        customers: r.customers, cost: money(cost), revenue: money(revenue),
        revenuePerCustomer: r.customers > 0 ? money(revenue / r.customers) : null,
        costPerCustomer: r.customers > 0 ? money(cost / r.customers) : null,
        roi: cost > 0 ? round((revenue - cost) / cost, 4) : null,
      };
    });
    // Ranked by ROI (sources without cost last), then by revenue.
    rows.sort((a, b) => (b.roi ?? -Infinity) - (a.roi ?? -Infinity) || Number(b.revenue) - Number(a.revenue));
    return { from: range?.from ?? null, to: range?.to ?? null, tz: range?.tz ?? null, rows: rows.map((r, i) => ({ rank: i + 1, ...r })) };
  }

  async segments(q: { by?: string }) {
    const by = q.by ?? 'tag';
    if (by === 'saved') {
      const now = new Date();
      const rows = [];
      for (const s of await this.analytics.savedSegments(100)) {
        const rules: unknown = typeof s.rules === 'string' ? JSON.parse(s.rules) : s.rules;
        if (!Value.Check(SegmentRule, rules) || ruleTreeProblem(rules as SegmentRule)) continue;
        const v = await this.analytics.savedSegmentValue(rules as SegmentRule, now);
        rows.push(segmentView(String(s.id), s.name, v));
      }
      return { by, rows };
    }
    if (by !== 'tag' && by !== 'region' && by !== 'lead_source') {
      throw new ValidationError(`by must be one of tag, region, lead_source, saved, got "${by}"`, { by });
    }
    return { by, rows: (await this.analytics.segmentsBy(by)).map((r) => segmentView(r.key, r.label, r)) };
  }

  async campaigns(q: { campaignId?: number }) {
    const [rows, refusals] = await Promise.all([this.campaignsRepo.campaigns(q.campaignId), this.campaignsRepo.refusalReasons(q.campaignId)]);
    const refusedTotal = refusals.reduce((n, r) => n + r.count, 0);
    return {
      rows: rows.map((r) => ({
        campaignId: r.id, name: r.name, status: r.status, offerProductId: r.offer_product_id,
        attempts: r.attempts, attempted: r.attempted, reached: r.reached, accepted: r.accepted, refused: r.refused, callbacks: r.callbacks,
        conversionRate: r.reached > 0 ? round(r.accepted / r.reached, 4) : null,
        acceptedPerAttempted: r.attempted > 0 ? round(r.accepted / r.attempted, 4) : null,
        reachRate: r.attempted > 0 ? round(r.reached / r.attempted, 4) : null,
        purchases: r.purchases, revenue: money(Number(r.revenue)),
      })),
      refusalReasons: refusals.map((r, i) => ({ rank: i + 1, code: r.code, reason: r.reason, count: r.count, share: refusedTotal > 0 ? round(r.count / refusedTotal, 4) : null })),
    };
  }

  /** Abandon rate per local hour of day of a predictive campaign: where the cap is spent (issue #24). */
  async campaignAbandons(q: { campaignId: number; from: string; to: string; tz?: string }) {
    const { campaign, range } = await this.dialRange(q);
    const cap = Number(campaign.abandon_cap_pct) / 100;
    const rate = (abandoned: number, live: number) => (live > 0 ? round(abandoned / live, 4) : null);
    const rows = (await this.campaignsRepo.abandonsByHour({ campaignId: q.campaignId, ...range })).map((r) => ({
      hourOfDay: `${String(r.hour).padStart(2, '0')}:00`, dials: r.dials, liveAnswers: r.live_answers, connected: r.connected, abandoned: r.abandoned,
      abandonRate: rate(r.abandoned, r.live_answers), overCap: r.live_answers > 0 && r.abandoned > cap * r.live_answers,
    }));
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + f(r), 0);
    const totals = { dials: sum((r) => r.dials), liveAnswers: sum((r) => r.liveAnswers), connected: sum((r) => r.connected), abandoned: sum((r) => r.abandoned) };
    return { campaignId: q.campaignId, name: campaign.name, ...range, abandonCap: cap, rows, totals: { ...totals, abandonRate: rate(totals.abandoned, totals.liveAnswers) } };
  }

  /**
   * Answered predictive dials by AMD result (human, machine, notsure, hangup during detection, none = AMD off) and
   * what became of them: connected to an agent, abandoned (recorded message), machine dropped, message left on a
   * machine, the customer hung up. Only connected + abandoned are live answers (what the cap counts).
   */
  async campaignAmd(q: { campaignId: number; from: string; to: string; tz?: string }) {
    const { campaign, range } = await this.dialRange(q);
    const found = await this.campaignsRepo.amdOutcomes({ campaignId: q.campaignId, ...range });
    const answers = found.reduce((n, r) => n + r.dials, 0);
    const count = (rs: AmdRow[], d: string | null) => rs.filter((r) => r.disposition === d).reduce((n, r) => n + r.dials, 0);
    const rows = AMD_RESULTS.map((result) => {
      const rs = found.filter((r) => (r.amd_status?.toLowerCase() ?? 'none') === result);
      const n = rs.reduce((s, r) => s + r.dials, 0);
      return { amdResult: result, answers: n, share: answers > 0 ? round(n / answers, 4) : null, connected: count(rs, 'connected'), abandoned: count(rs, 'abandoned'),
        machineDropped: count(rs, 'machine_hangup'), machineMessage: count(rs, 'machine_message'), hungUp: count(rs, 'hangup'), undecided: count(rs, null) };
    });
    const total = (k: 'connected' | 'abandoned' | 'machineDropped' | 'machineMessage' | 'hungUp' | 'undecided') => rows.reduce((n, r) => n + r[k], 0);
    return { campaignId: q.campaignId, name: campaign.name, amdAction: campaign.amd_action, ...range, rows,
      totals: { answers, connected: total('connected'), abandoned: total('abandoned'), machineDropped: total('machineDropped'),
        machineMessage: total('machineMessage'), hungUp: total('hungUp'), undecided: total('undecided') } };
  }

  private async dialRange(q: { campaignId: number; from: string; to: string; tz?: string }) {
    const range = parseRange(q, this.cfg.defaultTimezone());
    const campaign = await this.campaignsRepo.campaignCap(q.campaignId);
    if (!campaign) throw new NotFoundError('campaign', q.campaignId);
    return { campaign, range: { from: range.from, to: range.to, tz: range.tz } };
  }

  async cases(q: { from: string; to: string; tz?: string; period?: string; kind?: string }) {
    const range = parseRange(q, this.cfg.defaultTimezone());
    const period = q.period ?? 'month';
    if (period !== 'day' && period !== 'week' && period !== 'month') throw new ValidationError(`period must be day, week or month, got "${period}"`);
    const rows = await this.analytics.cases({ from: range.from, to: range.to, tz: range.tz, period, kind: q.kind });
    return {
      from: range.from, to: range.to, tz: range.tz, period,
      rows: rows.map((r) => ({
        period: r.period, kind: r.kind, opened: r.opened, resolved: r.resolved, open: r.still_open,
        medianResolutionSeconds: r.median_s === null ? null : round(r.median_s, 1),
        p90ResolutionSeconds: r.p90_s === null ? null : round(r.p90_s, 1),
      })),
    };
  }

  async dueContacts(q: { kind?: string; days?: number; lapsedDays?: number; minSpend?: number; limit?: number; offset?: number; tz?: string }, now = new Date()) {
    const tz = q.tz ?? this.cfg.defaultTimezone();
    parseRange({ from: '2000-01-01', to: '2000-01-01', tz }, tz);
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const kind = q.kind ?? 'birthday';
    if (kind === 'birthday') {
      const today = localToday(tz, now);
      const days = q.days ?? 7;
      const keys = upcomingMonthDays(today, days);
      const { rows, total } = await this.analytics.birthdays(keys, limit, offset);
      return {
        kind: 'birthday' as const, tz, today, days, total,
        rows: rows.map((r) => ({ ...dueView(r, now), nextBirthday: nextBirthday(r.birthday!, today), daysUntil: daysBetween(today, nextBirthday(r.birthday!, today)) })),
      };
    }
    if (kind === 'lapsed') {
      const lapsedDays = q.lapsedDays ?? 180;
      const minSpend = q.minSpend ?? 0;
      const { rows, total } = await this.analytics.lapsed(new Date(now.getTime() - lapsedDays * DAY_MS), minSpend, limit, offset);
      return { kind: 'lapsed' as const, tz, lapsedDays, minSpend, total, rows: rows.map((r) => dueView(r, now)) };
    }
    throw new ValidationError(`kind must be birthday or lapsed, got "${kind}"`, { kind });
  }

  /** Renders one table of a report as CSV and records the export in the audit log. */
  async exportCsv(user: AuthUser, report: string, rows: ReadonlyArray<object>, query: Record<string, unknown>, ip: string | null) {
    const flat = rows.map((r) => neutraliseFormulas(flatten(r as Record<string, unknown>)));
    const columns = [...new Set(flat.flatMap((r) => Object.keys(r)))];
    const body = stringify(flat, { header: true, columns: columns.length ? columns : ['empty'], cast: { boolean: (b) => (b ? 'true' : 'false'), date: (d) => d.toISOString() } });
    const variant = query.groupBy ?? query.by ?? query.kind ?? query.period;
    // The report name already carries groupBy/by/kind for most reports ("segments-tag"): not twice in the name.
    const stamp = [query.from, query.to, report.endsWith(`-${String(variant)}`) ? undefined : variant].filter((x) => typeof x === 'string' && x).join('_');
    const filename = `warmline-${report}${stamp ? `-${stamp}` : ''}.csv`.replace(/[^A-Za-z0-9._-]/g, '_');
    await this.audit.record({ userId: user.id, action: 'report.export', target: report, details: { query, rows: rows.length, filename }, ip });
    return { filename, body };
  }
}

function groupStates(rows: StateRow[]): Map<string, StateSums> {
  const m = new Map<string, StateSums>();
  for (const r of rows) {
    let s = m.get(r.key);
    if (!s) m.set(r.key, (s = emptyStateSums()));
    addState(s, r.state, r.reason, Number(r.seconds));
  }
  return m;
}

function mergeState(into: StateSums, s: StateSums) {
  into.ready += s.ready; into.ringing += s.ringing; into.onCall += s.onCall; into.wrapup += s.wrapup; into.paused += s.paused;
  for (const [k, v] of Object.entries(s.pauseByReason)) into.pauseByReason[k] = (into.pauseByReason[k] ?? 0) + v;
}

function segmentView(key: string, label: string | null, v: { customers: number; buyers: number; total_spend: string }) {
  const total = Number(v.total_spend);
  return {
    key, label: label ?? (key === '' ? '(none)' : key), customers: v.customers, buyers: v.buyers,
    totalSpend: money(total), avgSpend: v.customers > 0 ? money(total / v.customers) : null,
  };
}

function dueView(r: { id: number; full_name: string; phone: string | null; birthday: string | null; total_spend: string; last_purchase_at: Date | null; region: string | null; do_not_call: boolean }, now: Date) {
  return {
    customerId: r.id, fullName: r.full_name, phone: r.phone, region: r.region, birthday: r.birthday, doNotCall: r.do_not_call,
    totalSpend: money(Number(r.total_spend)), lastPurchaseAt: r.last_purchase_at ? r.last_purchase_at.toISOString() : null,
    daysSincePurchase: r.last_purchase_at ? Math.floor((now.getTime() - r.last_purchase_at.getTime()) / DAY_MS) : null,
  };
}

function nextBirthday(birthday: string, today: string): string {
  const [, m, d] = birthday.split('-');
  const year = Number(today.slice(0, 4));
  for (const y of [year, year + 1]) {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const candidate = `${y}-${m}-${m === '02' && d === '29' && !leap ? '28' : d}`;
    if (candidate >= today) return candidate;
  }
  return `${year + 1}-${m}-${d}`;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

// A cell like =HYPERLINK(...) in a customer's name would run as a formula in a spreadsheet (CSV injection): such
// text gets a leading apostrophe. Numbers, even negative ones, are left alone.
function neutraliseFormulas(row: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) && Number.isNaN(Number(v))) row[k] = `'${v}`;
  }
  return row;
}

function flatten(row: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v)) Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = v;
  }
  return out;
}
