import { callIdAt } from '../../server/calls/calls.repository';
import type { AppServices } from '../../server/services';
import type { CreateCustomerBody, CustomerView } from '@contract/customers.schemas';
import type { CallSummary } from '../../server/events/domain-events';

let seq = 0;
const next = () => ++seq;

/** A US number unique to this process and call (valid NANP: exchange 2xx-9xx). */
export function uniquePhone(): string {
  const n = (process.pid % 9000) * 100 + next();
  return `+1415${String(2_000_000 + (n % 7_000_000)).padStart(7, '0')}`;
}

export async function createCustomer(services: AppServices, overrides: Partial<CreateCustomerBody> = {}, actorId = 0): Promise<CustomerView> {
  const n = next();
  return services.customers.create({
    fullName: `Customer ${n}`,
    phones: [{ number: uniquePhone(), kind: 'mobile' }],
    ...overrides,
  }, { id: actorId, role: 'admin' });
}

export async function createLeadSource(services: AppServices, code = `src-${next()}`, name = `Source ${code}`): Promise<{ id: number; code: string }> {
  const row = await services.db.insertInto('lead_sources').values({ code, name }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, code };
}

export async function createProduct(services: AppServices, overrides: { sku?: string; name?: string; kind?: 'product' | 'service'; price?: string } = {}): Promise<{ id: number; sku: string; name: string }> {
  const n = next();
  const sku = overrides.sku ?? `SKU-${process.pid}-${n}`;
  const name = overrides.name ?? `Product ${n}`;
  const row = await services.db.insertInto('products').values({ sku, name, kind: overrides.kind ?? 'product', price: overrides.price ?? '10.00' })
    .returning('id').executeTakeFirstOrThrow();
  return { id: row.id, sku, name };
}

/** A calls row as the calls domain persists it before publishing call.started / call.queued, plus its summary. */
export async function insertCall(services: AppServices, opts: { callerNumber: string | null; queue?: string; recordingPath?: string | null; customerId?: number | null; startedAt?: Date; agentUserId?: number | null }): Promise<CallSummary> {
  const n = next();
  const startedAt = opts.startedAt ?? new Date();
  const linkedid = `test-${process.pid}-${n}`;
  const row = await services.db.insertInto('calls').values({
    id: callIdAt(startedAt), pbx_id: 'main', linkedid, direction: 'inbound', status: 'queued', caller_number: opts.callerNumber, queue_name: opts.queue ?? 'support',
    started_at: startedAt, queued_at: startedAt, recording_path: opts.recordingPath ?? null, customer_id: opts.customerId ?? null,
    agent_user_id: opts.agentUserId ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  return {
    callId: row.id, pbxId: 'main', linkedid, direction: 'inbound', status: 'queued', outcome: null, callerNumber: opts.callerNumber, callerName: null,
    calledNumber: '5000', queue: opts.queue ?? 'support', agentUserId: null, customerId: opts.customerId ?? null, campaignAttemptId: null,
    startedAt: startedAt.toISOString(), queuedAt: startedAt.toISOString(), offeredAt: null, answeredAt: null, endedAt: null, onHold: false,
    recordingPath: opts.recordingPath ?? null,
  };
}
