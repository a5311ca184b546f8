import { reactive, watch } from 'vue';

// Issue #22.1: the supervisor chooses and orders the wallboard's queue columns and sets the thresholds that colour a
// cell (service level under its target, longest wait above N seconds), as Amazon Connect's real-time metrics do.
// Kept in this browser (localStorage), per user: a wall screen keeps its layout across reloads and sign-ins.
export const QUEUE_COLUMNS = ['displayName', 'waiting', 'longestWaitSeconds', 'offered', 'answered', 'abandoned', 'serviceLevel', 'serviceLevelSeconds', 'avgAnswerSeconds', 'avgHandleSeconds'] as const;
export type QueueColumn = (typeof QUEUE_COLUMNS)[number];
const DEFAULT_SHOWN: QueueColumn[] = ['displayName', 'waiting', 'longestWaitSeconds', 'offered', 'answered', 'abandoned', 'serviceLevel', 'avgAnswerSeconds', 'avgHandleSeconds'];

export interface WallboardSetup { order: QueueColumn[]; shown: QueueColumn[]; slaTarget: number; maxWaitSeconds: number }
const defaults = (): WallboardSetup => ({ order: [...QUEUE_COLUMNS], shown: [...DEFAULT_SHOWN], slaTarget: 80, maxWaitSeconds: 60 });

/** A stored setup, cleaned: unknown columns dropped, missing ones appended, numbers bounded. */
export function parseSetup(raw: string | null): WallboardSetup {
  const d = defaults();
  let v: Partial<WallboardSetup> = {};
  try { v = raw ? (JSON.parse(raw) as Partial<WallboardSetup>) : {}; } catch { v = {}; }
  const known = (xs: unknown): QueueColumn[] => (Array.isArray(xs) ? xs.filter((x): x is QueueColumn => (QUEUE_COLUMNS as readonly string[]).includes(x)) : []);
  const order = [...new Set([...known(v.order), ...d.order])];
  const shown = Array.isArray(v.shown) ? known(v.shown) : d.shown;
  const num = (x: unknown, lo: number, hi: number, dflt: number) => (typeof x === 'number' && Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : dflt);
  return { order, shown, slaTarget: num(v.slaTarget, 0, 100, d.slaTarget), maxWaitSeconds: num(v.maxWaitSeconds, 0, 86400, d.maxWaitSeconds) };
}

export function useWallboardSetup(userId: number | undefined) {
  const key = `warmline.wallboard.${userId ?? 'anon'}`;
  const setup = reactive(parseSetup(localStorage.getItem(key)));
  watch(setup, (s) => localStorage.setItem(key, JSON.stringify(s)), { deep: true });
  const move = (c: QueueColumn, by: -1 | 1) => {
    const i = setup.order.indexOf(c);
    const j = i + by;
    if (i < 0 || j < 0 || j >= setup.order.length) return;
    [setup.order[i], setup.order[j]] = [setup.order[j]!, setup.order[i]!];
  };
  const toggle = (c: QueueColumn) => {
    setup.shown = setup.shown.includes(c) ? setup.shown.filter((x) => x !== c) : [...setup.shown, c];
  };
  const reset = () => Object.assign(setup, defaults());
  const columns = () => setup.order.filter((c) => setup.shown.includes(c));
  /** The class that colours a queue's cell past its threshold. */
  const alarm = (row: Record<string, unknown>, key: string): string | undefined => {
    const v = row[key];
    if (typeof v !== 'number') return undefined;
    if (key === 'serviceLevel' && v < setup.slaTarget) return 'cell-alarm';
    if (key === 'longestWaitSeconds' && v > setup.maxWaitSeconds) return 'cell-alarm';
    return undefined;
  };
  return { setup, move, toggle, reset, columns, alarm };
}
