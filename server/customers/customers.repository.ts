import { sql, type Kysely, type SqlBool } from 'kysely';
import { runInteractive, type InteractiveLimits } from '../db/interactive-query';
import type { DB, JsonObject } from '../db/types';
import type { SearchQuery } from '@contract/customers.schemas';

export interface CustomerRecord {
  id: number; fullName: string; company: string | null; email: string | null; region: string | null; timezone: string;
  leadSourceId: number | null; leadSourceCode: string | null; leadSourceName: string | null; birthday: string | null;
  tags: string[]; attributes: Record<string, unknown>; doNotCall: boolean; consentOutbound: boolean; totalSpend: string;
  acquiredAt: Date; lastPurchaseAt: Date | null; lastContactAt: Date | null; createdAt: Date; updatedAt: Date;
}
export interface PhoneRecord { id: number; customerId: number; e164: string; kind: string; primary: boolean; valid: boolean }
export interface CustomerWrite {
  fullName: string; company: string | null; email: string | null; region: string | null; timezone: string;
  leadSourceId: number | null; birthday: string | null; tags: string[]; attributes: Record<string, unknown>;
  doNotCall: boolean; consentOutbound: boolean;
}
/** `valid` is libphonenumber's opinion, a flag only (see server/phone/phone-number.ts). */
export interface PhoneWrite { e164: string; kind: string; primary: boolean; valid: boolean }
export type SearchFilter = Omit<SearchQuery, 'leadSource' | 'cursor' | 'limit' | 'offset'> & { leadSourceId?: number; phoneDigits?: string; phoneE164?: string };
export interface Page { limit: number; offset: number; after?: [string | number | null, number] }

const SORT_EXPR = {
  name: sql<string>`lower(c.full_name)`,
  created: sql<string>`c.created_at`,
  total_spend: sql<string>`c.total_spend`,
  last_contact: sql<string>`coalesce(c.last_contact_at, '-infinity'::timestamptz)`,
} as const;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

// Customers and their phones. Soft-deleted rows (deleted_at) are invisible to every read here.
export class CustomersRepository {
  constructor(private readonly db: Kysely<DB>, private readonly limits?: InteractiveLimits) {}

  transaction<T>(fn: (repo: CustomersRepository, trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(new CustomersRepository(trx), trx));
  }

  private base() {
    return this.db.selectFrom('customers as c').leftJoin('lead_sources as ls', 'ls.id', 'c.lead_source_id')
      .where('c.deleted_at', 'is', null)
      .select([
        'c.id', 'c.full_name as fullName', 'c.company', 'c.email', 'c.region', 'c.timezone', 'c.lead_source_id as leadSourceId',
        'ls.code as leadSourceCode', 'ls.name as leadSourceName', sql<string | null>`to_char(c.birthday, 'YYYY-MM-DD')`.as('birthday'),
        'c.tags', 'c.attributes', 'c.do_not_call as doNotCall', 'c.consent_outbound as consentOutbound',
        sql<string>`c.total_spend::text`.as('totalSpend'), 'c.acquired_at as acquiredAt', 'c.last_purchase_at as lastPurchaseAt',
        'c.last_contact_at as lastContactAt', 'c.created_at as createdAt', 'c.updated_at as updatedAt',
      ]);
  }

  async findById(id: number): Promise<CustomerRecord | undefined> {
    return await this.base().where('c.id', '=', id).executeTakeFirst() as CustomerRecord | undefined;
  }

  async exists(id: number): Promise<boolean> {
    const row = await this.db.selectFrom('customers').select('id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    return row !== undefined;
  }

  async phonesOf(customerIds: number[]): Promise<PhoneRecord[]> {
    if (customerIds.length === 0) return [];
    return this.db.selectFrom('customer_phones').where('customer_id', 'in', customerIds)
      .select(['id', 'customer_id as customerId', 'e164', 'kind', 'is_primary as primary', 'is_valid as valid'])
      .orderBy('customer_id').orderBy('is_primary', 'desc').orderBy('id').execute();
  }

  private values(c: CustomerWrite) {
    return {
      full_name: c.fullName, company: c.company, email: c.email, region: c.region, timezone: c.timezone,
      // postgres.js serialises jsonb parameters itself: a pre-stringified value would be stored as a JSON string.
      lead_source_id: c.leadSourceId, birthday: c.birthday, tags: c.tags, attributes: c.attributes as JsonObject,
      do_not_call: c.doNotCall, consent_outbound: c.consentOutbound,
    };
  }

  async insertMany(rows: Array<{ customer: CustomerWrite; phones: PhoneWrite[] }>): Promise<number[]> {
    if (rows.length === 0) return [];
    const ids = (await this.db.insertInto('customers').values(rows.map((r) => this.values(r.customer)))
      .returning('id').execute()).map((r) => r.id);
    const phones = rows.flatMap((r, i) => r.phones.map((p) => ({ customer_id: ids[i]!, e164: p.e164, kind: p.kind, is_primary: p.primary, is_valid: p.valid })));
    if (phones.length > 0) await this.db.insertInto('customer_phones').values(phones).execute();
    return ids;
  }

  async update(id: number, c: CustomerWrite): Promise<boolean> {
    const res = await this.db.updateTable('customers').set({ ...this.values(c), updated_at: new Date() })
      .where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async replacePhones(customerId: number, phones: PhoneWrite[]): Promise<void> {
    await this.db.deleteFrom('customer_phones').where('customer_id', '=', customerId).execute();
    if (phones.length > 0) {
      await this.db.insertInto('customer_phones').values(phones.map((p) => ({ customer_id: customerId, e164: p.e164, kind: p.kind, is_primary: p.primary, is_valid: p.valid }))).execute();
    }
  }

  async softDelete(id: number, userId: number): Promise<boolean> {
    const res = await this.db.updateTable('customers').set({ deleted_at: new Date(), deleted_by: userId, updated_at: new Date() })
      .where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  private filtered(f: SearchFilter) {
    let q = this.db.selectFrom('customers as c').where('c.deleted_at', 'is', null);
    if (f.q) {
      const pattern = `%${likeEscape(f.q.toLowerCase())}%`;
      q = q.where((eb) => {
        const ors = [
          eb(sql`lower(c.full_name)`, 'like', pattern), eb(sql`lower(c.company)`, 'like', pattern), eb(sql`lower(c.email)`, 'like', pattern),
        ];
        if (f.phoneE164) ors.push(eb('c.id', 'in', eb.selectFrom('customer_phones').select('customer_id').where('e164', '=', f.phoneE164)));
        if (f.phoneDigits) ors.push(eb('c.id', 'in', eb.selectFrom('customer_phones').select('customer_id').where('e164', 'like', `%${f.phoneDigits}%`)));
        return eb.or(ors);
      });
    }
    if (f.tag) q = q.where(sql<SqlBool>`c.tags @> ARRAY[${f.tag}]::text[]`);
    if (f.leadSourceId !== undefined) q = q.where('c.lead_source_id', '=', f.leadSourceId);
    if (f.region) q = q.where('c.region', '=', f.region);
    if (f.minSpend !== undefined) q = q.where('c.total_spend', '>=', String(f.minSpend));
    if (f.maxSpend !== undefined) q = q.where('c.total_spend', '<=', String(f.maxSpend));
    if (f.hasOpenCase !== undefined) {
      const open = sql<SqlBool>`EXISTS (SELECT 1 FROM cases k WHERE k.customer_id = c.id AND k.status NOT IN ('resolved', 'closed'))`;
      q = q.where(f.hasOpenCase ? open : sql<SqlBool>`NOT ${open}`);
    }
    return q;
  }

  // Search is shaped by what a person typed: with limits (the app's repository) it runs under the interactive
  // statement timeout and is cancelled when the HTTP client goes away (server/db/interactive-query.ts).
  async count(f: SearchFilter, signal?: AbortSignal): Promise<number> {
    const q = this.filtered(f).select((eb) => eb.fn.countAll<number>().as('n'));
    const row = this.limits ? (await runInteractive(this.limits.pg, q.compile(), { ...this.limits, signal }))[0]! : await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Ids of one page plus each row's sort key (for the next keyset cursor). */
  async searchIds(f: SearchFilter, page: Page, signal?: AbortSignal): Promise<Array<{ id: number; key: string | number | null }>> {
    const sort = f.sort ?? 'name';
    const desc = (f.order ?? (sort === 'name' ? 'asc' : 'desc')) === 'desc';
    const expr = SORT_EXPR[sort];
    let q = this.filtered(f).select(['c.id', sql<string | number | null>`${expr}::text`.as('key')]);
    if (page.after) {
      const [key, id] = page.after;
      q = q.where(desc ? sql<SqlBool>`(${expr}, c.id) < (${key}, ${id})` : sql<SqlBool>`(${expr}, c.id) > (${key}, ${id})`);
    } else if (page.offset > 0) {
      q = q.offset(page.offset);
    }
    q = desc ? q.orderBy(expr, 'desc').orderBy('c.id', 'desc') : q.orderBy(expr, 'asc').orderBy('c.id', 'asc');
    q = q.limit(page.limit);
    return this.limits ? runInteractive(this.limits.pg, q.compile(), { ...this.limits, signal }) : q.execute();
  }

  async findMany(ids: number[]): Promise<CustomerRecord[]> {
    if (ids.length === 0) return [];
    return await this.base().where('c.id', 'in', ids).execute() as CustomerRecord[];
  }

  async leadSourceByCode(code: string): Promise<{ id: number; active: boolean } | undefined> {
    return this.db.selectFrom('lead_sources').select(['id', 'active']).where('code', '=', code).executeTakeFirst();
  }

  async leadSources() {
    return this.db.selectFrom('lead_sources').select(['id', 'code', 'name', 'channel', 'active']).orderBy('name').execute();
  }

  async products(includeInactive: boolean) {
    let q = this.db.selectFrom('products').select(['id', 'sku', 'name', 'kind', sql<string>`price::text`.as('price'), 'active']).orderBy('sort_order').orderBy('name');
    if (!includeInactive) q = q.where('active', '=', true);
    return q.execute();
  }
}
