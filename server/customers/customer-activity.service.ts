import { NotFoundError } from '../http/app-error';
import { normalisePhone, phoneErrorMessages } from '../phone/phone-number';
import type { CustomerActivityRepository, TimelineRow } from './customer-activity.repository';
import type { CreateCaseBody, CreateInteractionBody, CreatePurchaseBody, CreateTaskBody, TimelineQuery, UpdateCaseBody } from '@contract/customer-activity.schemas';
import { CustomerValidationError, type FieldIssue } from './customers.errors';
import type { CustomersService } from './customers.service';

const DAY_MS = 86_400_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const CLOSED = new Set(['resolved', 'closed']);

type CaseRow = NonNullable<Awaited<ReturnType<CustomerActivityRepository['findCase']>>>;
function caseView(k: CaseRow, now = Date.now()) {
  return {
    ...k, openedAt: k.openedAt.toISOString(), resolvedAt: iso(k.resolvedAt), updatedAt: k.updatedAt.toISOString(),
    ageDays: Math.max(0, Math.floor((now - k.openedAt.getTime()) / DAY_MS)),
  };
}

// Contacts, cases, purchases and tasks of a customer. Every case change leaves a case_updates row.
export class CustomerActivityService {
  constructor(private readonly repo: CustomerActivityRepository, private readonly customers: CustomersService) {}

  private async checkUser(id: number | null | undefined, path: string, issues: FieldIssue[]): Promise<void> {
    if (id !== null && id !== undefined && !(await this.repo.userExists(id))) issues.push({ path, message: `no active user ${id}` });
  }

  async addInteraction(customerId: number, input: CreateInteractionBody, userId: number) {
    await this.customers.requireExists(customerId);
    if (input.caseId) {
      const k = await this.repo.findCase(input.caseId);
      if (!k || k.customerId !== customerId) throw new CustomerValidationError([{ path: '/caseId', message: `case ${input.caseId} is not this customer's` }]);
    }
    const id = await this.repo.insertInteraction({
      customerId, channel: input.channel, direction: input.direction ?? 'inbound', occurredAt: input.occurredAt ? new Date(input.occurredAt) : new Date(),
      userId, subject: input.subject ?? '', summary: input.summary ?? '', outcome: input.outcome ?? null, mood: input.mood ?? null,
      caseId: input.caseId ?? null, callId: null,
    });
    const row = (await this.repo.findInteraction(id))!;
    return { ...row, occurredAt: row.occurredAt.toISOString() };
  }

  async openCase(customerId: number, input: CreateCaseBody, userId: number) {
    await this.customers.requireExists(customerId);
    const issues: FieldIssue[] = [];
    await this.checkUser(input.ownerId, '/ownerId', issues);
    if (issues.length) throw new CustomerValidationError(issues);
    const id = await this.repo.transaction((repo) => repo.insertCase({
      customerId, kind: input.kind, subject: input.subject, description: input.description ?? '', agreed: input.agreed ?? '',
      priority: input.priority ?? 'normal', ownerId: input.ownerId === undefined ? userId : input.ownerId, userId,
    }));
    return this.getCase(id);
  }

  async getCase(caseId: number) {
    const k = await this.repo.findCase(caseId);
    if (!k) throw new NotFoundError('case', caseId);
    const updates = await this.repo.caseUpdates(caseId);
    return { ...caseView(k), updates: updates.map((u) => ({ ...u, at: u.at.toISOString() })) };
  }

  async listCases(customerId: number) {
    await this.customers.requireExists(customerId);
    const now = Date.now();
    return (await this.repo.listCases(customerId)).map((k) => caseView(k, now));
  }

  /** One history row per update request, naming every field that changed, with status from/to. */
  async updateCase(caseId: number, input: UpdateCaseBody, userId: number) {
    const issues: FieldIssue[] = [];
    await this.checkUser(input.ownerId, '/ownerId', issues);
    if (issues.length) throw new CustomerValidationError(issues);
    await this.repo.transaction(async (repo) => {
      const k = await repo.findCase(caseId, true);
      if (!k) throw new NotFoundError('case', caseId);
      const changes: string[] = [];
      const set: Parameters<CustomerActivityRepository['updateCase']>[1] = {};
      if (input.status !== undefined && input.status !== k.status) {
        set.status = input.status;
        set.resolvedAt = CLOSED.has(input.status) ? new Date() : null;
      }
      if (input.ownerId !== undefined && input.ownerId !== k.ownerId) {
        set.ownerId = input.ownerId;
        changes.push(`owner: ${k.ownerId ?? 'none'} -> ${input.ownerId ?? 'none'}`);
      }
      if (input.agreed !== undefined && input.agreed !== k.agreed) {
        set.agreed = input.agreed;
        changes.push(`agreed: ${input.agreed}`);
      }
      if (Object.keys(set).length === 0 && !input.note) return;
      const note = [input.note, ...changes].filter(Boolean).join('\n');
      await repo.updateCase(caseId, set, { userId, note, statusFrom: set.status ? k.status : null, statusTo: set.status ?? null });
    });
    return this.getCase(caseId);
  }

  async addPurchase(customerId: number, input: CreatePurchaseBody) {
    await this.customers.requireExists(customerId);
    if ((input.productId === undefined) === (input.sku === undefined)) {
      throw new CustomerValidationError([{ path: '/productId', message: 'give exactly one of productId or sku' }]);
    }
    const product = await this.repo.findProduct(input.productId !== undefined ? { id: input.productId } : { sku: input.sku! });
    if (!product) throw new CustomerValidationError([{ path: input.productId !== undefined ? '/productId' : '/sku', message: 'no such product' }]);
    const id = await this.repo.insertPurchase({
      customerId, productId: product.id, amount: input.amount ?? product.price, currency: input.currency ?? 'USD',
      purchasedAt: input.purchasedAt ? new Date(input.purchasedAt) : new Date(), status: input.status ?? 'active',
    });
    return (await this.listPurchases(customerId)).find((p) => p.id === id)!;
  }

  async listPurchases(customerId: number) {
    await this.customers.requireExists(customerId);
    return (await this.repo.listPurchases(customerId)).map((p) => ({ ...p, purchasedAt: p.purchasedAt.toISOString() }));
  }

  async addTask(customerId: number, input: CreateTaskBody, userId: number) {
    await this.customers.requireExists(customerId);
    const issues: FieldIssue[] = [];
    await this.checkUser(input.assigneeId, '/assigneeId', issues);
    let phone: string | null = null;
    if (input.phone) {
      const r = normalisePhone(input.phone, this.customers.defaultRegion);
      if ('error' in r) issues.push({ path: '/phone', message: phoneErrorMessages[r.error], reason: r.error });
      else phone = r.e164;
    }
    if (input.callId && !(await this.repo.findCall(input.callId))) issues.push({ path: '/callId', message: `no call ${input.callId}` });
    if (issues.length) throw new CustomerValidationError(issues);
    const id = await this.repo.insertTask({
      customerId, assigneeId: input.assigneeId === undefined ? userId : input.assigneeId, kind: input.kind, dueAt: new Date(input.dueAt),
      note: input.note ?? '', phoneE164: phone, callId: input.callId ?? null, createdBy: userId,
    });
    return (await this.listTasks(customerId, false)).find((t) => t.id === id)!;
  }

  async listTasks(customerId: number, pendingOnly: boolean) {
    await this.customers.requireExists(customerId);
    return (await this.repo.listTasks(customerId, pendingOnly)).map((t) => ({
      ...t, dueAt: t.dueAt.toISOString(), doneAt: iso(t.doneAt), createdAt: t.createdAt.toISOString(),
    }));
  }

  async timeline(customerId: number, q: TimelineQuery) {
    await this.customers.requireExists(customerId);
    const rows = await this.repo.timeline({
      customerId, channels: q.channel, limit: q.limit ?? 100,
      ...(q.from ? { from: new Date(q.from) } : {}), ...(q.to ? { to: new Date(q.to) } : {}),
    });
    const transfers = await this.repo.callTransfers(rows.map((r) => r.callId).filter((id): id is number => id !== null));
    return { items: rows.map((r) => timelineItem(r, transfers.filter((t) => t.callId === r.callId))) };
  }
}

type TransferRow = { kind: string; target: string | null; at: Date; fromName: string | null; toName: string | null };

function timelineItem(r: TimelineRow, transfers: TransferRow[]) {
  return {
    type: r.type, id: r.id, channel: r.channel, direction: r.direction, occurredAt: new Date(r.occurredAt).toISOString(),
    subject: r.subject, summary: r.summary, outcome: r.outcome, mood: r.mood, caseId: r.caseId, handledBy: r.handledBy,
    call: r.callId === null ? null : {
      id: r.callId,
      // Served (with auth and range requests) by the calls domain.
      recordingUrl: r.recordingPath ? `/api/calls/${r.callId}/recording` : null,
      talkSeconds: r.talkSeconds, outcome: r.callOutcome,
      disposition: r.dispositionCode ? { code: r.dispositionCode, label: r.dispositionLabel ?? r.dispositionCode } : null,
      transfers: transfers.map((t) => ({ kind: t.kind, from: t.fromName, to: t.toName ?? t.target, at: t.at.toISOString() })),
    },
  };
}
