import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { abandonedCall, inboundAnsweredCall } from '../../factories/pbx-event.factory';
import { until } from '../../support/full-stack';
import { seedReferenceData } from '../../../server/db/seed-reference';
import type { DomainEventName } from '../../../server/events/domain-events';
import { withTableLocked } from '../../support/call-locks';

let ctx: TestContext;
let agent: TestUser;
const published: Array<{ name: DomainEventName; payload: unknown }> = [];

beforeAll(async () => {
  ctx = await createTestContext({ env: { WRAPUP_SECONDS: '120' } });
  await seedReferenceData(ctx.db.db);
  ctx.services.agents.start();
  for (const name of ['call.started', 'call.queued', 'call.offered', 'call.answered', 'call.ended', 'call.recording_started', 'agent.state_changed', 'wrapup.submitted'] as const) {
    ctx.services.bus.subscribe(name, (payload) => { published.push({ name, payload }); });
  }
  agent = await createUser(ctx.services, ctx.app, { role: 'operator', extension: '1002' });
});
afterAll(async () => { ctx.services.agents.stop(); await ctx.close(); });

async function feed(events: ReturnType<typeof inboundAnsweredCall>['events']) {
  for (const e of events) ctx.services.calls.ingest(e);
  await ctx.services.calls.drain();
  await new Promise((r) => setTimeout(r, 50)); // async bus handlers (agent state) settle
}

describe('call lifecycle from PBX events', () => {
  it('records an answered queue call with its times, agent, recording and who hung up', async () => {
    await ctx.services.agents.login(agent.id);
    await ctx.services.agents.setState(agent.id, 'ready', null);
    const { linkedid, events } = inboundAnsweredCall({ extension: '1002', caller: '+1 (212) 555-0101', waitS: 2, talkS: 12 });
    await feed(events);
    const sut = await ctx.services.callsRepo.find('main', linkedid);
    expect(sut).toMatchObject({
      direction: 'inbound', status: 'ended', outcome: 'answered', caller_number: '+12125550101', queue_name: 'support',
      agent_user_id: agent.id, wait_seconds: 2, talk_seconds: 12, hangup_cause: 16, hung_up_by: 'customer',
      recording_path: `/var/spool/asterisk/monitor/in-${linkedid}.wav`,
    });
    expect(sut!.answered_at!.getTime() - sut!.started_at.getTime()).toBe(2000);
    const legs = await ctx.db.db.selectFrom('call_legs').selectAll().where('call_id', '=', sut!.id).orderBy('id').execute();
    expect(legs.map((l) => [l.role, l.user_id])).toEqual([['caller', null], ['agent', agent.id]]);
    const names = published.filter((p) => (p.payload as { call?: { linkedid: string } }).call?.linkedid === linkedid).map((p) => p.name);
    expect(names).toEqual(['call.started', 'call.recording_started', 'call.queued', 'call.offered', 'call.answered', 'call.ended']);
  });

  it('walks the agent through ringing, on call and wrap-up, and is ready again after the wrap-up', async () => {
    const states = () => published.filter((p) => p.name === 'agent.state_changed').map((p) => (p.payload as { state: string }).state);
    // The wrap-up starts in an async bus handler after call.ended; on a loaded machine it can take longer than feed()'s pause.
    await until(async () => states().includes('wrapup') || undefined, 5000, 'wrap-up state');
    expect(states()).toEqual(['paused', 'ready', 'ringing', 'on_call', 'wrapup']);
    const view = await ctx.services.agents.view(agent.id);
    expect(view.state).toBe('wrapup');
    expect(new Date(view.wrapupDeadline!).getTime()).toBeGreaterThan(Date.now() + 100_000);
    const refused = await ctx.app.inject({ method: 'POST', url: '/api/agents/me/state', headers: authHeader(agent), payload: { state: 'ready' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('wrapup-pending');
  });

  it('a replay of the same events changes nothing and publishes nothing', async () => {
    const { linkedid, events } = inboundAnsweredCall({ extension: '1002' });
    await feed(events);
    const before = await ctx.services.callsRepo.find('main', linkedid);
    // The agent's transitions for this call run in bus handlers after the writes: wait for the last one (wrap-up of
    // this call) so that nothing the first delivery caused is counted against the replay.
    await until(async () => { const v = await ctx.services.agents.view(agent.id); return v.state === 'wrapup' && v.callId === before?.id; });
    const count = published.length;
    await feed(events);
    expect(await ctx.services.callsRepo.find('main', linkedid)).toEqual(before);
    expect(published.slice(count).map((p) => p.name)).toEqual([]);
    const n = await ctx.db.db.selectFrom('calls').select((eb) => eb.fn.countAll<string>().as('n')).where('linkedid', '=', linkedid).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('an agent-state transition in flight does not hold up the call\'s writes that name that agent', async () => {
    const other = await createUser(ctx.services, ctx.app, { role: 'operator', extension: '1077' });
    await ctx.services.agents.login(other.id);
    // Another session stalls the transition between its lock on the agent's user row and its next statement.
    let transition: Promise<unknown> | undefined;
    await withTableLocked(ctx.db, 'agent_state_log', 'ACCESS EXCLUSIVE', async () => {
      transition = ctx.services.agentsRepo.transition(other.id, { state: 'ready', reason: null, callId: null, deadlineAt: null, at: new Date() }, () => true);
      await until(async () => (await ctx.db.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'relation' AND l.relation = 'agent_state_log'::regclass AND NOT l.granted`)[0]!.n > 0);
      // The call's offer writes the agent's ringing leg: a foreign key to that user row (a KEY SHARE lock).
      const pbxId = `locks-${Date.now()}`; // linkedids of this factory repeat across test files sharing the database
      const { linkedid, events } = inboundAnsweredCall({ extension: '1077', caller: '+1 (212) 555-0177', start: new Date(), pbxId });
      const [started, , queued, offered] = events;
      for (const e of [started!, queued!, offered!]) ctx.services.calls.ingest(e);
      await until(async () => (await ctx.db.db.selectFrom('call_legs').select('id').where('user_id', '=', other.id).execute()).length > 0);
      expect(await ctx.services.callsRepo.find(pbxId, linkedid)).toMatchObject({ status: 'offered' });
    });
    await expect(transition).resolves.toMatchObject({ changed: true });
    await ctx.services.calls.drain();
  });

  it('records a caller who hangs up in the queue as abandoned with the time waited', async () => {
    const { linkedid, events } = abandonedCall({ waitS: 35 });
    await feed(events);
    expect(await ctx.services.callsRepo.find('main', linkedid)).toMatchObject({ status: 'ended', outcome: 'abandoned', wait_seconds: 35, answered_at: null, talk_seconds: null, agent_user_id: null });
  });
});

describe('wrap-up', () => {
  it('records disposition, interaction, case and task in one go, ends wrap-up, and is idempotent on retry', async () => {
    const customer = await ctx.db.db.insertInto('customers').values({ full_name: 'Ada Lovelace' }).returning('id').executeTakeFirstOrThrow();
    const { linkedid, events } = inboundAnsweredCall({ extension: '1002' });
    await feed(events);
    const call = await ctx.services.callsRepo.find('main', linkedid);
    await ctx.db.db.updateTable('calls').set({ customer_id: customer.id }).where('id', '=', call!.id).execute();
    const body = {
      callId: call!.id, dispositionCode: 'case_opened', notes: 'Router drops every evening', mood: 'negative',
      case: { kind: 'complaint', subject: 'Internet drops', agreed: 'Technician visit Friday' },
      task: { kind: 'callback', dueAt: '2026-11-27T10:00:00Z', note: 'Check after visit' },
      clientKey: `wrap-${linkedid.replace('.', '-')}`,
    };
    const res = await ctx.app.inject({ method: 'POST', url: '/api/wrapups', headers: authHeader(agent), payload: body });
    expect(res.statusCode).toBe(200);
    const sut = res.json();
    expect(sut).toMatchObject({ callId: call!.id, customerId: customer.id, duplicate: false });
    const kase = await ctx.db.db.selectFrom('cases').selectAll().where('id', '=', sut.caseId).executeTakeFirstOrThrow();
    expect(kase).toMatchObject({ kind: 'complaint', status: 'open', agreed: 'Technician visit Friday', owner_id: agent.id, customer_id: customer.id });
    const interaction = await ctx.db.db.selectFrom('interactions').selectAll().where('call_id', '=', call!.id).executeTakeFirstOrThrow();
    expect(interaction).toMatchObject({ channel: 'call', outcome: 'Case opened', mood: 'negative', case_id: sut.caseId, user_id: agent.id });
    const task = await ctx.db.db.selectFrom('tasks').selectAll().where('id', '=', sut.taskId).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ kind: 'callback', assignee_id: agent.id, customer_id: customer.id });
    expect((await ctx.services.agents.view(agent.id)).state).toBe('ready');

    const again = await ctx.app.inject({ method: 'POST', url: '/api/wrapups', headers: authHeader(agent), payload: body });
    expect(again.json()).toMatchObject({ id: sut.id, duplicate: true });
    const wrapups = await ctx.db.db.selectFrom('wrapups').select('id').where('call_id', '=', call!.id).execute();
    expect(wrapups).toHaveLength(1);
  });

  it('refuses an unknown disposition and a refusal without a reason, recording nothing', async () => {
    const bad = await ctx.app.inject({ method: 'POST', url: '/api/wrapups', headers: authHeader(agent), payload: { callId: null, dispositionCode: 'nope', notes: '', clientKey: 'k-unknown-disp' } });
    expect(bad.statusCode).toBe(400);
    const product = await ctx.db.db.insertInto('products').values({ sku: 'TV-1', name: 'TV', kind: 'service', price: '10.00' }).returning('id').executeTakeFirstOrThrow();
    const noReason = await ctx.app.inject({ method: 'POST', url: '/api/wrapups', headers: authHeader(agent), payload: { callId: null, dispositionCode: 'offer_refused', notes: '', offer: { productId: product.id, result: 'refused' }, clientKey: 'k-no-reason' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details.field).toBe('offer.refusalCode');
    // Issue #20.8: a code outside the managed list is refused too (catches: refusalCode stored unchecked).
    const badCode = await ctx.app.inject({ method: 'POST', url: '/api/wrapups', headers: authHeader(agent), payload: { callId: null, dispositionCode: 'offer_refused', notes: '', offer: { productId: product.id, result: 'refused', refusalCode: 'nope' }, clientKey: 'k-bad-code' } });
    expect(badCode.statusCode).toBe(400);
    const rows = await ctx.db.db.selectFrom('wrapups').select('id').where('client_key', 'in', ['k-unknown-disp', 'k-no-reason', 'k-bad-code']).execute();
    expect(rows).toHaveLength(0);
    // A listed code and a note are kept as given; text alone is mapped to the code (catches: the code ignored).
    for (const [key, offer] of [['k-refusal-code', { refusalCode: 'no_need', refusalReason: 'moving house' }], ['k-refusal-text', { refusalReason: ' NOT interested ' }]] as const) {
      const ok = await ctx.app.inject({ method: 'POST', url: '/api/wrapups', headers: authHeader(agent), payload: { callId: null, dispositionCode: 'offer_refused', notes: '', offer: { productId: product.id, result: 'refused', ...offer }, clientKey: key } });
      expect(ok.statusCode, ok.body).toBe(200);
    }
    const kept = await ctx.db.db.selectFrom('wrapups').select(['client_key', 'refusal_code', 'refusal_reason']).where('client_key', 'in', ['k-refusal-code', 'k-refusal-text']).orderBy('client_key').execute();
    expect(kept).toEqual([{ client_key: 'k-refusal-code', refusal_code: 'no_need', refusal_reason: 'moving house' }, { client_key: 'k-refusal-text', refusal_code: 'not_interested', refusal_reason: null }]);
  });
});
