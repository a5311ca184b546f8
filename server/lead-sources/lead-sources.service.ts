import { ConflictError, NotFoundError, ValidationError } from '../http/app-error';
import type { AuditRepository } from '../audit/audit.repository';
import type { LeadSourceView } from '@contract/customers.schemas';
import type { CreateLeadSourceBody, LeadSourceCostView, UpdateLeadSourceBody } from '@contract/lead-sources.schemas';
import type { LeadSourcesRepository } from './lead-sources.repository';

interface Actor { id: number; ip: string | null }

// Issue #21: an admin adds, renames, deactivates and reactivates lead sources. A deactivated source is not given to
// new customers (CustomersService refuses it) but stays on its customers and in the analytical report's history.
// Every change is audited with before and after.
export class LeadSourcesService {
  constructor(private readonly repo: LeadSourcesRepository, private readonly audit: AuditRepository) {}

  list(includeInactive: boolean): Promise<LeadSourceView[]> {
    return this.repo.list(includeInactive);
  }

  async create(body: CreateLeadSourceBody, actor: Actor): Promise<LeadSourceView> {
    const name = this.name(body.name);
    const created = await this.repo.insert({ code: body.code, name, channel: body.channel ?? 'other' });
    if (!created) throw new ConflictError('lead-source-code-taken', `lead source ${body.code} already exists`, { code: body.code });
    await this.record('lead_source.created', created, null, created, actor);
    return created;
  }

  async update(id: number, body: UpdateLeadSourceBody, actor: Actor): Promise<LeadSourceView> {
    const before = await this.repo.one(id);
    if (!before) throw new NotFoundError('lead-source', id);
    const after = (await this.repo.update(id, {
      name: body.name === undefined ? undefined : this.name(body.name), channel: body.channel, active: body.active,
    }))!;
    const action = before.active && !after.active ? 'lead_source.deactivated'
      : !before.active && after.active ? 'lead_source.reactivated' : 'lead_source.updated';
    await this.record(action, after, before, after, actor);
    return after;
  }

  /** Costs per source and month (YYYY-MM), every source's, for the admin's cost sheet. */
  costs(range: { from?: string | undefined; to?: string | undefined }): Promise<LeadSourceCostView[]> {
    if (range.from && range.to && range.from > range.to) throw new ValidationError('from must not be after to', { field: 'from' });
    return this.repo.costs(range);
  }

  /** Sets (or replaces) a month's cost; audited with the amount before and after. Inactive sources too: history. */
  async setCost(id: number, month: string, amount: string, actor: Actor): Promise<LeadSourceCostView> {
    const source = await this.repo.one(id);
    if (!source) throw new NotFoundError('lead-source', id);
    const before = await this.repo.cost(id, month);
    const after = await this.repo.setCost(id, month, amount);
    await this.audit.record({ userId: actor.id, action: 'lead_source.cost_set', target: `lead-source:${source.code}`, ip: actor.ip, details: { month, before, after } });
    return { leadSourceId: id, code: source.code, month, amount: after };
  }

  async removeCost(id: number, month: string, actor: Actor): Promise<void> {
    const source = await this.repo.one(id);
    if (!source) throw new NotFoundError('lead-source', id);
    const before = await this.repo.cost(id, month);
    if (before === null || !(await this.repo.removeCost(id, month))) throw new NotFoundError('lead-source-cost', `${source.code} ${month}`);
    await this.audit.record({ userId: actor.id, action: 'lead_source.cost_removed', target: `lead-source:${source.code}`, ip: actor.ip, details: { month, before, after: null } });
  }

  private name(text: string): string {
    const name = text.trim();
    if (!name) throw new ValidationError('name must not be blank', { field: 'name' });
    return name;
  }

  private record(action: string, source: LeadSourceView, before: LeadSourceView | null, after: LeadSourceView, actor: Actor): Promise<void> {
    return this.audit.record({ userId: actor.id, action, target: `lead-source:${source.code}`, ip: actor.ip, details: { before, after } });
  }
}
