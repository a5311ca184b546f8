import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types';
import type { LeadSourceView } from '@contract/customers.schemas';

export interface CostRow { leadSourceId: number; code: string; month: string; amount: string }
export interface LeadSourcePatch { name?: string | undefined; channel?: string | undefined; active?: boolean | undefined }

// The only writer of lead_sources and lead_source_costs (issue #21). Readers elsewhere (customers, imports, reports) keep their own SELECTs.
export class LeadSourcesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  list(includeInactive: boolean): Promise<LeadSourceView[]> {
    let q = this.db.selectFrom('lead_sources').select(['id', 'code', 'name', 'channel', 'active']).orderBy('name').orderBy('id');
    if (!includeInactive) q = q.where('active', '=', true);
    return q.execute();
  }

  one(id: number): Promise<LeadSourceView | undefined> {
    return this.db.selectFrom('lead_sources').select(['id', 'code', 'name', 'channel', 'active']).where('id', '=', id).executeTakeFirst();
  }

  /** Undefined when the code is taken (the UNIQUE constraint decides, so two admins racing get one 409). */
  insert(row: { code: string; name: string; channel: string }): Promise<LeadSourceView | undefined> {
    return this.db.insertInto('lead_sources').values(row).onConflict((oc) => oc.column('code').doNothing())
      .returning(['id', 'code', 'name', 'channel', 'active']).executeTakeFirst();
  }

  /** Monthly costs of every source (inactive ones too: history), months as first days, oldest first. */
  costs(range: { from?: string | undefined; to?: string | undefined }): Promise<CostRow[]> {
    let q = this.db.selectFrom('lead_source_costs as k').innerJoin('lead_sources as ls', 'ls.id', 'k.lead_source_id')
      .select(['k.lead_source_id as leadSourceId', 'ls.code', sql<string>`to_char(k.month, 'YYYY-MM')`.as('month'), sql<string>`k.amount::text`.as('amount')])
      .orderBy('k.month').orderBy('ls.code');
    if (range.from) q = q.where('k.month', '>=', sql<Date>`${`${range.from}-01`}::date`);
    if (range.to) q = q.where('k.month', '<=', sql<Date>`${`${range.to}-01`}::date`);
    return q.execute();
  }

  async cost(id: number, month: string): Promise<string | null> {
    const row = await this.db.selectFrom('lead_source_costs').select(sql<string>`amount::text`.as('amount'))
      .where('lead_source_id', '=', id).where('month', '=', sql<Date>`${`${month}-01`}::date`).executeTakeFirst();
    return row?.amount ?? null;
  }

  async setCost(id: number, month: string, amount: string): Promise<string> {
    const row = await this.db.insertInto('lead_source_costs').values({ lead_source_id: id, month: sql<Date>`${`${month}-01`}::date`, amount })
      .onConflict((oc) => oc.columns(['lead_source_id', 'month']).doUpdateSet({ amount }))
      .returning(sql<string>`amount::text`.as('amount')).executeTakeFirstOrThrow();
    return row.amount;
  }

  async removeCost(id: number, month: string): Promise<boolean> {
    const res = await this.db.deleteFrom('lead_source_costs').where('lead_source_id', '=', id).where('month', '=', sql<Date>`${`${month}-01`}::date`).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  update(id: number, patch: LeadSourcePatch): Promise<LeadSourceView | undefined> {
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    return this.db.updateTable('lead_sources').set(set).where('id', '=', id)
      .returning(['id', 'code', 'name', 'channel', 'active']).executeTakeFirst();
  }
}
