import { Value } from '@sinclair/typebox/value';
import { NotFoundError } from '../http/app-error';
import type { AuditRepository } from '../audit/audit.repository';
import { ruleTreeProblem, SegmentRule } from '@contract/segment-rules';
import type { SegmentRow, SegmentsRepository } from './segments.repository';
import { InvalidSegmentRulesError, SegmentInUseError, SegmentNameTakenError } from './segments.errors';

export type Clock = () => Date;

export class SegmentsService {
  constructor(private readonly repo: SegmentsRepository, private readonly audit: AuditRepository, private readonly clock: Clock = () => new Date()) {}

  /** Rules arriving by HTTP are schema-checked by fastify; this also guards other callers and the size limits. */
  validate(rules: unknown): SegmentRule {
    if (!Value.Check(SegmentRule, rules)) {
      const first = Value.Errors(SegmentRule, rules).First();
      throw new InvalidSegmentRulesError(first ? `${first.path || '/'} ${first.message}` : 'does not match the schema');
    }
    const problem = ruleTreeProblem(rules as SegmentRule);
    if (problem) throw new InvalidSegmentRulesError(problem);
    return rules as SegmentRule;
  }

  list(): Promise<SegmentRow[]> {
    return this.repo.list();
  }

  async get(id: number): Promise<SegmentRow> {
    const s = await this.repo.find(id);
    if (!s) throw new NotFoundError('segment', id);
    return s;
  }

  async create(input: { name: string; description?: string; rules: unknown }, userId: number | null): Promise<SegmentRow> {
    const rules = this.validate(input.rules);
    if (await this.repo.findByName(input.name)) throw new SegmentNameTakenError(input.name);
    const row = await this.repo.create({ name: input.name, description: input.description ?? '', rules, createdBy: userId });
    await this.audit.record({ userId, action: 'segment.created', target: `segment:${row.id}` });
    return row;
  }

  async update(id: number, patch: { name?: string; description?: string; rules?: unknown }, userId: number | null): Promise<SegmentRow> {
    const rules = patch.rules === undefined ? undefined : this.validate(patch.rules);
    if (patch.name !== undefined) {
      const other = await this.repo.findByName(patch.name);
      if (other && other.id !== id) throw new SegmentNameTakenError(patch.name);
    }
    const row = await this.repo.update(id, { name: patch.name, description: patch.description, rules });
    if (!row) throw new NotFoundError('segment', id);
    await this.audit.record({ userId, action: 'segment.updated', target: `segment:${id}` });
    return row;
  }

  async delete(id: number, userId: number | null): Promise<void> {
    const used = await this.repo.usedByCampaigns(id);
    if (used > 0) throw new SegmentInUseError(id, used);
    if (!(await this.repo.delete(id))) throw new NotFoundError('segment', id);
    await this.audit.record({ userId, action: 'segment.deleted', target: `segment:${id}` });
  }

  preview(rules: unknown, sampleSize = 20, signal?: AbortSignal) {
    return this.repo.preview(this.validate(rules), sampleSize, this.clock(), signal);
  }
}
