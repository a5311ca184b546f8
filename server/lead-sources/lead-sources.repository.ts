import type { Kysely } from 'kysely';
import type { DB } from '../db/types';
import type { LeadSourceView } from '@contract/customers.schemas';

export interface LeadSourcePatch { name?: string | undefined; channel?: string | undefined; active?: boolean | undefined }

// The only writer of lead_sources (issue #21). Readers elsewhere (customers, imports, reports) keep their own SELECTs.
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

  update(id: number, patch: LeadSourcePatch): Promise<LeadSourceView | undefined> {
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    return this.db.updateTable('lead_sources').set(set).where('id', '=', id)
      .returning(['id', 'code', 'name', 'channel', 'active']).executeTakeFirst();
  }
}
