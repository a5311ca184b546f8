import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/types';
import type { ListItem, ListName } from '@contract/lists.schemas';

type Db = Kysely<DB>;

interface Table {
  table: string;
  /** The column the list's code is in, and where its default label is. */
  code: string;
  label: string;
  /** 'active' in three tables; refusal_reasons says it the other way round (retired). */
  active: RawBuilder<boolean>;
  setActive: (v: boolean) => RawBuilder<unknown>;
  extra: RawBuilder<unknown>;
  /** Where history refers to an item: [table, column, by] (by code, or by the product's id). */
  uses: Array<[string, string]>;
}

const TABLES: Record<ListName, Table> = {
  dispositions: {
    table: 'dispositions', code: 'code', label: 'label', active: sql`active`, setActive: (v) => sql`active = ${v}`,
    extra: sql`category`, uses: [['wrapups', 'disposition_code']],
  },
  'pause-reasons': {
    table: 'pause_reasons', code: 'code', label: 'label', active: sql`active`, setActive: (v) => sql`active = ${v}`,
    extra: sql`NULL::text AS category`, uses: [['agent_state_log', 'reason']],
  },
  'refusal-reasons': {
    table: 'refusal_reasons', code: 'code', label: 'label', active: sql`NOT retired`, setActive: (v) => sql`retired = ${!v}`,
    extra: sql`NULL::text AS category`, uses: [['wrapups', 'refusal_code'], ['campaign_attempts', 'refusal_code']],
  },
  products: {
    table: 'products', code: 'sku', label: 'name', active: sql`active`, setActive: (v) => sql`active = ${v}`,
    extra: sql`NULL::text AS category, id, kind, price::text AS price`,
    uses: [['purchases', 'product_id'], ['wrapups', 'offer_product_id'], ['campaigns', 'offer_product_id']],
  },
};

interface Row { code: string; label: string; labels: Record<string, string>; active: boolean; sort_order: number; category: string | null; id?: string | number; kind?: string; price?: string }

export interface ItemWrite {
  code: string; label: string; labels: Record<string, string>; sortOrder: number;
  category?: string | undefined; kind?: string | undefined; price?: string | undefined;
}
export interface ItemPatch {
  label?: string | undefined; labels?: Record<string, string> | undefined; active?: boolean | undefined; sortOrder?: number | undefined;
  category?: string | undefined; price?: string | undefined;
}

// The four managed lists, read and written through one descriptor each (issue #21). The only SQL on them outside
// their own readers (wrap-up, pause, refusal, products), which keep reading the same columns.
export class ListsRepository {
  constructor(private readonly db: Db) {}

  async all(list: ListName, system: readonly string[]): Promise<ListItem[]> {
    const t = TABLES[list];
    const res = await sql<Row>`
      SELECT ${sql.ref(t.code)} AS code, ${sql.ref(t.label)} AS label, labels, ${t.active} AS active, sort_order, ${t.extra}
      FROM ${sql.table(t.table)} ORDER BY sort_order, ${sql.ref(t.label)}, ${sql.ref(t.code)}`.execute(this.db);
    return res.rows.map((r) => toItem(r, system));
  }

  async one(list: ListName, code: string, system: readonly string[]): Promise<ListItem | undefined> {
    const t = TABLES[list];
    const res = await sql<Row>`
      SELECT ${sql.ref(t.code)} AS code, ${sql.ref(t.label)} AS label, labels, ${t.active} AS active, sort_order, ${t.extra}
      FROM ${sql.table(t.table)} WHERE ${sql.ref(t.code)} = ${code}`.execute(this.db);
    return res.rows[0] ? toItem(res.rows[0], system) : undefined;
  }

  /** Inserts an item; false when its code is taken. */
  async insert(list: ListName, item: ItemWrite): Promise<boolean> {
    const labels = item.labels as never;
    const q = list === 'dispositions'
      ? sql`INSERT INTO dispositions (code, label, labels, sort_order, category) VALUES (${item.code}, ${item.label}, ${labels}, ${item.sortOrder}, ${item.category}) ON CONFLICT DO NOTHING`
      : list === 'pause-reasons'
        ? sql`INSERT INTO pause_reasons (code, label, labels, sort_order) VALUES (${item.code}, ${item.label}, ${labels}, ${item.sortOrder}) ON CONFLICT DO NOTHING`
        : list === 'refusal-reasons'
          ? sql`INSERT INTO refusal_reasons (code, label, labels, sort_order, i18n_key) VALUES (${item.code}, ${item.label}, ${labels}, ${item.sortOrder}, ${`refusal.${item.code}`}) ON CONFLICT DO NOTHING`
          : sql`INSERT INTO products (sku, name, labels, sort_order, kind, price) VALUES (${item.code}, ${item.label}, ${labels}, ${item.sortOrder}, ${item.kind}, ${item.price}::numeric) ON CONFLICT DO NOTHING`;
    const res = await q.execute(this.db);
    return Number(res.numAffectedRows ?? 0) > 0;
  }

  async update(list: ListName, code: string, patch: ItemPatch): Promise<void> {
    const t = TABLES[list];
    const sets: RawBuilder<unknown>[] = [];
    if (patch.label !== undefined) sets.push(sql`${sql.ref(t.label)} = ${patch.label}`);
    if (patch.labels !== undefined) sets.push(sql`labels = ${patch.labels as never}`);
    if (patch.active !== undefined) sets.push(t.setActive(patch.active));
    if (patch.sortOrder !== undefined) sets.push(sql`sort_order = ${patch.sortOrder}`);
    if (patch.category !== undefined && list === 'dispositions') sets.push(sql`category = ${patch.category}`);
    if (patch.price !== undefined && list === 'products') sets.push(sql`price = ${patch.price}::numeric`);
    if (sets.length === 0) return;
    await sql`UPDATE ${sql.table(t.table)} SET ${sql.join(sets)} WHERE ${sql.ref(t.code)} = ${code}`.execute(this.db);
  }

  /** Sets sort_order 10, 20, … in the order given, in one statement. */
  async reorder(list: ListName, codes: string[]): Promise<void> {
    const t = TABLES[list];
    await sql`UPDATE ${sql.table(t.table)} x SET sort_order = o.n * 10
      FROM unnest(${codes}::text[]) WITH ORDINALITY AS o(code, n) WHERE x.${sql.ref(t.code)} = o.code`.execute(this.db);
  }

  /** Whether anything recorded refers to the item (then it can only be retired). */
  async inUse(list: ListName, code: string): Promise<boolean> {
    const t = TABLES[list];
    const key = list === 'products' ? sql`(SELECT id FROM products WHERE sku = ${code})` : sql`${code}`;
    for (const [table, column] of t.uses) {
      const res = await sql<{ used: boolean }>`SELECT EXISTS (SELECT 1 FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${key}) AS used`.execute(this.db);
      if (res.rows[0]?.used) return true;
    }
    return false;
  }

  async remove(list: ListName, code: string): Promise<void> {
    const t = TABLES[list];
    await sql`DELETE FROM ${sql.table(t.table)} WHERE ${sql.ref(t.code)} = ${code}`.execute(this.db);
  }
}

function toItem(r: Row, system: readonly string[]): ListItem {
  const item: ListItem = { code: r.code, label: r.label, labels: r.labels ?? {}, active: r.active, sortOrder: r.sort_order, system: system.includes(r.code) };
  if (r.category) item.category = r.category;
  if (r.id !== undefined) item.id = Number(r.id);
  if (r.kind !== undefined) item.kind = r.kind;
  if (r.price !== undefined) item.price = r.price;
  return item;
}
