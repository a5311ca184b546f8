import type { Database } from '../db/database';
import { runInteractive, type InteractiveLimits } from '../db/interactive-query';
import type { Json } from '../db/types';
import type { SegmentRule } from '@contract/segment-rules';
import { compileSegment } from './segment-sql';

export interface SegmentRow {
  id: number; name: string; description: string; rules: SegmentRule; createdBy: number | null; createdAt: Date; updatedAt: Date;
}

export interface SegmentMember {
  id: number; fullName: string; company: string | null; region: string | null; timezone: string; totalSpend: string;
  lastContactAt: Date | null; tags: string[];
}

function toRow(r: { id: number; name: string; description: string; rules: unknown; created_by: number | null; created_at: Date; updated_at: Date }): SegmentRow {
  return { id: r.id, name: r.name, description: r.description, rules: r.rules as SegmentRule, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at };
}

// postgres.js learns the parameter type (jsonb) and serialises the value itself: passing JSON.stringify(x)
// would store a jsonb *string*. So jsonb columns receive the plain value.
export const jsonb = (value: unknown) => value as Json;

/** Bounds of the preview queries a person waits for: see server/db/interactive-query.ts. */
export type PreviewLimits = InteractiveLimits;

export class SegmentsRepository {
  constructor(private readonly db: Database, private readonly limits?: PreviewLimits) {}

  async list(): Promise<SegmentRow[]> {
    return (await this.db.selectFrom('segments').selectAll().orderBy('name').execute()).map(toRow);
  }

  async find(id: number): Promise<SegmentRow | undefined> {
    const r = await this.db.selectFrom('segments').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRow(r);
  }

  async findByName(name: string): Promise<SegmentRow | undefined> {
    const r = await this.db.selectFrom('segments').selectAll().where('name', '=', name).executeTakeFirst();
    return r && toRow(r);
  }

  async create(input: { name: string; description: string; rules: SegmentRule; createdBy: number | null }): Promise<SegmentRow> {
    const r = await this.db.insertInto('segments').values({
      name: input.name, description: input.description, rules: jsonb(input.rules), created_by: input.createdBy,
    }).returningAll().executeTakeFirstOrThrow();
    return toRow(r);
  }

  async update(id: number, patch: { name?: string; description?: string; rules?: SegmentRule }): Promise<SegmentRow | undefined> {
    const r = await this.db.updateTable('segments').set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.rules !== undefined ? { rules: jsonb(patch.rules) } : {}),
      updated_at: new Date(),
    }).where('id', '=', id).returningAll().executeTakeFirst();
    return r && toRow(r);
  }

  async delete(id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('segments').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async usedByCampaigns(id: number): Promise<number> {
    const r = await this.db.selectFrom('campaigns').select((eb) => eb.fn.countAll<string>().as('n')).where('segment_id', '=', id).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * Size and the first `sampleSize` members (by id), evaluated entirely in SQL, under a statement timeout and
   * cancelled when `signal` aborts (the HTTP client went away).
   */
  async preview(rules: SegmentRule, sampleSize: number, now: Date, signal?: AbortSignal): Promise<{ size: number; sample: SegmentMember[] }> {
    const base = this.db.selectFrom('customers as c').where((eb) => compileSegment(eb, rules, now));
    const countQuery = base.select((eb) => eb.fn.countAll<string>().as('n'));
    const sampleQuery = base.select(['c.id', 'c.full_name', 'c.company', 'c.region', 'c.timezone', 'c.total_spend', 'c.last_contact_at', 'c.tags'])
      .orderBy('c.id').limit(sampleSize);
    const limits = this.limits;
    const [count, rows] = limits
      ? await Promise.all([
        runInteractive(limits.pg, countQuery.compile(), { timeoutMs: limits.timeoutMs, signal }).then((r) => r[0]!),
        runInteractive(limits.pg, sampleQuery.compile(), { timeoutMs: limits.timeoutMs, signal }),
      ])
      : await Promise.all([countQuery.executeTakeFirstOrThrow(), sampleQuery.execute()]);
    return {
      size: Number(count.n),
      sample: rows.map((r) => ({ id: r.id, fullName: r.full_name, company: r.company, region: r.region, timezone: r.timezone,
        totalSpend: r.total_spend, lastContactAt: r.last_contact_at, tags: r.tags })),
    };
  }
}
