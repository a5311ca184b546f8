import { ConflictError, NotFoundError, ValidationError } from '../http/app-error';
import type { AuditRepository } from '../audit/audit.repository';
import type { LeadSourceView } from '@contract/customers.schemas';
import type { CreateLeadSourceBody, UpdateLeadSourceBody } from '@contract/lead-sources.schemas';
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

  private name(text: string): string {
    const name = text.trim();
    if (!name) throw new ValidationError('name must not be blank', { field: 'name' });
    return name;
  }

  private record(action: string, source: LeadSourceView, before: LeadSourceView | null, after: LeadSourceView, actor: Actor): Promise<void> {
    return this.audit.record({ userId: actor.id, action, target: `lead-source:${source.code}`, ip: actor.ip, details: { before, after } });
  }
}
