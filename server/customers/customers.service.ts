import { AuditRepository } from '../audit/audit.repository';
import { ForbiddenError, NotFoundError } from '../http/app-error';
import type { Role } from '@contract/roles';
import { mayDo } from '@contract/role-policy';
import type { ScreenPopService } from '../screenpop/screenpop.service';
import { normalisePhone } from '../phone/phone-number';
import { CallAlreadyLinkedError, CustomerValidationError, type FieldIssue } from './customers.errors';
import type { CustomerRecord, CustomersRepository, CustomerWrite, PhoneRecord, PhoneWrite, SearchFilter } from './customers.repository';
import { CustomerActivityRepository } from './customer-activity.repository';
import type { CreateCustomerBody, CustomerView, SearchQuery, UpdateCustomerBody } from '@contract/customers.schemas';
import { isRealDate, isTimezone, normalisePhones } from './customer-input';
import type { LocaleDefaults } from '../settings/locale-defaults';

interface Actor { id: number }
/** Who links a call to a customer: an operator only a call they took part in (issue #19 point 7). */
interface CallLinker { id: number; role: Role }
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toView(c: CustomerRecord, phones: PhoneRecord[]): CustomerView {
  return {
    id: c.id, fullName: c.fullName, company: c.company, email: c.email, region: c.region, timezone: c.timezone,
    leadSource: c.leadSourceId !== null ? { id: c.leadSourceId, code: c.leadSourceCode ?? '', name: c.leadSourceName ?? '' } : null,
    birthday: c.birthday, tags: c.tags, attributes: c.attributes, doNotCall: c.doNotCall, consentOutbound: c.consentOutbound,
    totalSpend: c.totalSpend, acquiredAt: c.acquiredAt.toISOString(), lastPurchaseAt: iso(c.lastPurchaseAt), lastContactAt: iso(c.lastContactAt),
    createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
    phones: phones.map((p) => ({ id: p.id, e164: p.e164, kind: p.kind, primary: p.primary, valid: p.valid })),
  };
}

function encodeCursor(key: string | number | null, id: number): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string | number | null, number] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[1]) && ['string', 'number'].includes(typeof v[0])) return v as [string, number];
  } catch { /* falls through */ }
  throw new CustomerValidationError([{ path: '/cursor', message: 'is not a cursor this API produced' }]);
}

// Customer rules: phones in E.164 (configured default region), lead sources by code, valid time zones and
// birthdays, soft delete, quick-create from an unknown caller's pop.
export class CustomersService {
  constructor(
    private readonly repo: CustomersRepository,
    private readonly audit: AuditRepository,
    private readonly screenPop: Pick<ScreenPopService, 'forget'>,
    private readonly locale: LocaleDefaults,
  ) {}

  get defaultRegion(): string {
    return this.locale.region();
  }

  async get(id: number): Promise<CustomerView> {
    const c = await this.repo.findById(id);
    if (!c) throw new NotFoundError('customer', id);
    return toView(c, await this.repo.phonesOf([id]));
  }

  async requireExists(id: number): Promise<void> {
    if (!(await this.repo.exists(id))) throw new NotFoundError('customer', id);
  }

  private async validate(input: UpdateCustomerBody, base: CustomerWrite | null): Promise<{ write: CustomerWrite; phones: PhoneWrite[] | undefined }> {
    const issues: FieldIssue[] = [];
    let leadSourceId = base?.leadSourceId ?? null;
    if (input.leadSource !== undefined) {
      leadSourceId = null;
      if (input.leadSource !== null) {
        const ls = await this.repo.leadSourceByCode(input.leadSource);
        if (!ls) issues.push({ path: '/leadSource', message: `unknown lead source "${input.leadSource}"` });
        // A deactivated source stays on the customers that have it, but is not given to anyone new.
        else if (!ls.active && ls.id !== base?.leadSourceId) issues.push({ path: '/leadSource', message: `lead source "${input.leadSource}" is deactivated` });
        else leadSourceId = ls.id;
      }
    }
    if (input.timezone !== undefined && !isTimezone(input.timezone)) issues.push({ path: '/timezone', message: `unknown IANA time zone "${input.timezone}"` });
    if (input.birthday && !isRealDate(input.birthday)) issues.push({ path: '/birthday', message: 'must be a real past date (YYYY-MM-DD)' });
    if (input.fullName !== undefined && input.fullName.trim() === '') issues.push({ path: '/fullName', message: 'must not be blank' });
    let phones: PhoneWrite[] | undefined;
    if (input.phones) {
      const r = normalisePhones(input.phones, this.locale.region(), (i) => `/phones/${i}/number`, '/phones');
      issues.push(...r.issues);
      phones = r.phones;
    }
    if (issues.length > 0) throw new CustomerValidationError(issues);
    // undefined keeps the current value (PATCH), null or blank clears it.
    const text = (v: string | null | undefined, current: string | null) => (v === undefined ? current : v === null || v.trim() === '' ? null : v.trim());
    return {
      write: {
        fullName: input.fullName?.trim() ?? base?.fullName ?? '',
        company: text(input.company, base?.company ?? null),
        email: text(input.email, base?.email ?? null)?.toLowerCase() ?? null,
        region: text(input.region, base?.region ?? null),
        timezone: input.timezone ?? base?.timezone ?? this.locale.timezone(),
        leadSourceId,
        birthday: input.birthday === undefined ? base?.birthday ?? null : input.birthday,
        tags: input.tags ? [...new Set(input.tags.map((t) => t.trim().toLowerCase()))] : base?.tags ?? [],
        attributes: input.attributes ?? base?.attributes ?? {},
        doNotCall: input.doNotCall ?? base?.doNotCall ?? false,
        consentOutbound: input.consentOutbound ?? base?.consentOutbound ?? true,
      },
      phones,
    };
  }

  async create(input: CreateCustomerBody, actor: CallLinker): Promise<CustomerView> {
    const { write, phones } = await this.validate(input, null);
    const id = await this.repo.transaction(async (repo, trx) => {
      const [newId] = await repo.insertMany([{ customer: write, phones: phones ?? [] }]);
      if (input.linkCallId !== undefined) await this.linkCallIn(new CustomerActivityRepository(trx), input.linkCallId, newId!, actor);
      return newId!;
    });
    // A transfer or re-offer of the same call must pop the new customer, not the cached "unknown".
    if (input.linkCallId !== undefined) this.screenPop.forget(input.linkCallId);
    return this.get(id);
  }

  // The one place both paths that link a call (quick-create with linkCallId, POST /api/calls/:id/customer) check
  // who may: supervisors and admins any call, everyone else only a call they answered or had a leg of.
  private async linkCallIn(act: CustomerActivityRepository, callId: number, customerId: number, actor: CallLinker): Promise<void> {
    const call = await act.findCall(callId);
    if (!call) throw new NotFoundError('call', callId);
    if (actor.role !== 'supervisor' && actor.role !== 'admin' && call.agentUserId !== actor.id && !(await act.callLegUsers(call.id)).includes(actor.id)) {
      throw new ForbiddenError('This call was handled by another agent');
    }
    const linked = await act.linkCall(call.id, customerId, {
      customerId, channel: 'call', direction: call.direction, occurredAt: call.startedAt, userId: call.agentUserId ?? actor.id,
      subject: 'Call', summary: '', outcome: null, mood: null, caseId: null, callId: call.id,
    });
    if (!linked) throw new CallAlreadyLinkedError(call.id);
  }

  /** The operator picked the caller among several customers sharing the number. */
  async linkCall(callId: number, customerId: number, actor: CallLinker): Promise<void> {
    if (!(await this.repo.findById(customerId))) throw new NotFoundError('customer', customerId);
    await this.repo.transaction(async (_repo, trx) => this.linkCallIn(new CustomerActivityRepository(trx), callId, customerId, actor));
    this.screenPop.forget(callId);
  }

  async update(id: number, input: UpdateCustomerBody, actor: { id: number; role: Role; ip?: string | null }): Promise<CustomerView> {
    const current = await this.repo.findById(id);
    if (!current) throw new NotFoundError('customer', id);
    const { write, phones } = await this.validate(input, current);
    // Who may make a customer callable again, and a trace of every change of the flags (issue #19 point 11).
    const flags = [
      { action: 'customer.do_not_call_changed', from: current.doNotCall, to: write.doNotCall, lifts: current.doNotCall && !write.doNotCall },
      { action: 'customer.consent_changed', from: current.consentOutbound, to: write.consentOutbound, lifts: !current.consentOutbound && write.consentOutbound },
    ].filter((f) => f.from !== f.to);
    if (flags.some((f) => f.lifts) && !mayDo(actor.role, 'customer:lift-contact-block')) {
      throw new ForbiddenError('Only a campaign manager, supervisor or admin may make this customer callable again');
    }
    await this.repo.transaction(async (repo, trx) => {
      await repo.update(id, write);
      if (phones) await repo.replacePhones(id, phones);
      for (const f of flags) {
        await new AuditRepository(trx).record({ userId: actor.id, action: f.action, target: `customer:${id}`, ip: actor.ip ?? null, details: { from: f.from, to: f.to } });
      }
    });
    return this.get(id);
  }

  async remove(id: number, actor: Actor & { ip?: string | null }): Promise<void> {
    if (!(await this.repo.softDelete(id, actor.id))) throw new NotFoundError('customer', id);
    await this.audit.record({ userId: actor.id, action: 'customer.deleted', target: String(id), ip: actor.ip ?? null });
  }

  async toFilter(q: SearchQuery): Promise<SearchFilter> {
    const { leadSource, cursor: _c, limit: _l, offset: _o, ...rest } = q;
    const filter: SearchFilter = { ...rest };
    if (leadSource) filter.leadSourceId = (await this.repo.leadSourceByCode(leadSource))?.id ?? -1;
    if (q.q) {
      const phone = normalisePhone(q.q, this.locale.region());
      if ('e164' in phone) filter.phoneE164 = phone.e164;
      const digits = q.q.replace(/[\s\-.()+]/g, '');
      if (/^\d{4,15}$/.test(digits)) filter.phoneDigits = digits;
    }
    return filter;
  }

  async search(q: SearchQuery, signal?: AbortSignal): Promise<{ items: Omit<CustomerView, 'attributes'>[]; total: number; nextCursor: string | null }> {
    const filter = await this.toFilter(q);
    const limit = q.limit ?? 50;
    const page = { limit, offset: q.offset ?? 0, ...(q.cursor ? { after: decodeCursor(q.cursor) } : {}) };
    const [rows, total] = await Promise.all([this.repo.searchIds(filter, page, signal), this.repo.count(filter, signal)]);
    const ids = rows.map((r) => r.id);
    const [records, phones] = await Promise.all([this.repo.findMany(ids), this.repo.phonesOf(ids)]);
    const byId = new Map(records.map((r) => [r.id, r]));
    const items = ids.map((id) => {
      const { attributes: _a, ...view } = toView(byId.get(id)!, phones.filter((p) => p.customerId === id));
      return view;
    });
    const last = rows.at(-1);
    return { items, total, nextCursor: rows.length === limit && last ? encodeCursor(last.key, last.id) : null };
  }

  products(includeInactive: boolean) {
    return this.repo.products(includeInactive);
  }
}
