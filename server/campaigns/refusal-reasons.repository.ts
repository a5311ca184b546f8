import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types';
import { ValidationError } from '../http/app-error';

// Issue #20.8: refusal reasons are the managed list in refusal_reasons (migration 0051). This file is the ONE place
// that turns what a client sent into a code and the ONE grouping both campaign progress and the analytical report
// count with, so the two screens cannot disagree again ("Too expensive" vs "too expensive ").

type Db = Kysely<DB>;

export interface RefusalReason { code: string; label: string; i18nKey: string; sortOrder: number }
export interface RefusalGroup { code: string | null; reason: string; count: number }
export interface ResolvedRefusal { code: string | null; note: string | null }

/** What the wrap-up form offers: the reasons not retired, in their sort order. */
export async function listRefusalReasons(db: Db): Promise<RefusalReason[]> {
  const rows = await db.selectFrom('refusal_reasons').select(['code', 'label', 'i18n_key', 'sort_order'])
    .where('retired', '=', false).orderBy('sort_order').orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, label: r.label, i18nKey: r.i18n_key, sortOrder: r.sort_order }));
}

/**
 * A refusal as stored: an explicit code must exist and not be retired (400 otherwise), the text is its note.
 * Without a code (an older client), the text is mapped by refusal_code_for (trimmed, case-folded match of a label
 * or code, else 'other'); a text that named a listed reason is not kept again as a note.
 */
export async function resolveRefusal(db: Db, code: string | null | undefined, text: string | null | undefined): Promise<ResolvedRefusal> {
  const note = text?.trim() || null;
  if (code) {
    const row = await db.selectFrom('refusal_reasons').select('code').where('code', '=', code).where('retired', '=', false).executeTakeFirst();
    if (!row) throw new ValidationError(`Unknown refusal reason '${code}'`, { field: 'refusalCode' });
    return { code, note };
  }
  if (!note) return { code: null, note: null };
  const mapped = (await sql<{ code: string }>`SELECT refusal_code_for(${note}) AS code`.execute(db)).rows[0]!.code;
  return { code: mapped, note: mapped === 'other' ? note : null };
}

/**
 * Refused attempts per reason (one campaign or all), most frequent first. A row written without a code (a direct
 * insert, an older writer) is grouped by refusal_code_for of its text, so it still lands on the same reason; a
 * refusal with neither is '(not given)'.
 */
export async function refusalGroups(db: Db, campaignId?: number): Promise<RefusalGroup[]> {
  const only = campaignId === undefined ? sql`true` : sql`t.campaign_id = ${campaignId}`;
  const res = await sql<{ code: string | null; reason: string; count: string }>`
    SELECT r.code, coalesce(r.label, '(not given)') AS reason, count(*)::bigint AS count
    FROM campaign_attempts t
    LEFT JOIN refusal_reasons r ON r.code = coalesce(t.refusal_code, refusal_code_for(t.refusal_reason))
    WHERE t.outcome = 'refused' AND ${only}
    GROUP BY r.code, r.label, r.sort_order
    ORDER BY count(*) DESC, r.sort_order NULLS LAST, r.code`.execute(db);
  return res.rows.map((r) => ({ code: r.code, reason: r.reason, count: Number(r.count) }));
}
