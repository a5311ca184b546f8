import { describe, expect, it } from 'vitest';
import { endFromQueueLog, memberExtension, withQueueLogEvidence, type QueueLogEntry } from '../../../server/pbx/queue-log';
import type { PbxEvent } from '../../../server/pbx/pbx-events';

// Issue #19.5: a call that vanished while nobody listened gets its end from Asterisk's queue_log rows. Each case
// fails on a resync that keeps the `unseen` end for every vanished call (the code before queue_log was read).

type Ended = Extract<PbxEvent, { type: 'call.ended' }>;
const ended = (linkedid: string): Ended => ({ type: 'call.ended', pbxId: 'main', linkedid, at: '2026-12-05T20:00:30.000Z', cause: null,
  causeText: null, hungUpBy: 'system', failure: null, unseen: true });
const row = (callid: string, sec: number, event: string, agent = 'NONE', ...data: string[]): QueueLogEntry =>
  ({ time: new Date(Date.UTC(2026, 11, 5, 20, 0, sec)), callid, queuename: 'support', agent, event, data });

describe('endFromQueueLog', () => {
  it('answered: the agent, the CONNECT time and hold time, then the end at COMPLETEAGENT hung up by the agent', () => {
    const rows = [row('1.1', 1, 'ENTERQUEUE', 'NONE', '', '+14155550100', '1'), row('1.1', 4, 'RINGNOANSWER', 'Agent 1002', '3000'),
      row('1.1', 6, 'CONNECT', 'Agent 1001', '5', '1.7', '1'), row('1.1', 20, 'COMPLETEAGENT', 'Agent 1001', '5', '14', '1')];
    expect(endFromQueueLog(ended('1.1'), rows)).toEqual([
      { type: 'call.answered', pbxId: 'main', linkedid: '1.1', at: '2026-12-05T20:00:06.000Z', extension: '1001', queue: 'support',
        waitSeconds: 5, answeredUniqueid: '1.7' },
      { type: 'call.ended', pbxId: 'main', linkedid: '1.1', at: '2026-12-05T20:00:20.000Z', cause: null, causeText: null,
        hungUpBy: 'agent', failure: null },
    ]);
  });

  it('abandoned: call.abandoned with position and wait, then the end at the ABANDON time, no longer unseen', () => {
    const out = endFromQueueLog(ended('2.1'), [row('2.1', 1, 'ENTERQUEUE'), row('2.1', 9, 'ABANDON', 'NONE', '2', '3', '8')]);
    expect(out).toEqual([
      { type: 'call.abandoned', pbxId: 'main', linkedid: '2.1', at: '2026-12-05T20:00:09.000Z', queue: 'support', position: 2, waitSeconds: 8 },
      { ...ended('2.1'), unseen: undefined, at: '2026-12-05T20:00:09.000Z', hungUpBy: 'customer' },
    ].map((e) => JSON.parse(JSON.stringify(e))));
    expect(out[1]).not.toHaveProperty('unseen');
  });

  it('answered then transferred (no COMPLETE row): answered, the end stays unseen at the resync time', () => {
    const out = endFromQueueLog(ended('3.1'), [row('3.1', 6, 'CONNECT', 'PJSIP/1003', '2', '3.4', '1'), row('3.1', 30, 'BLINDTRANSFER', 'PJSIP/1003', '2000', 'from-agents', '2', '24', '1')]);
    expect(out.map((e) => e.type)).toEqual(['call.answered', 'call.ended']);
    expect(out[0]).toMatchObject({ extension: '1003' });
    expect(out[1]).toEqual(ended('3.1'));
  });

  it('no evidence of how it ended (left on timeout, or no rows, or rows of another call): the unseen end unchanged', () => {
    expect(endFromQueueLog(ended('4.1'), [row('4.1', 1, 'ENTERQUEUE'), row('4.1', 300, 'EXITWITHTIMEOUT', 'NONE', '1', '1', '299')])).toEqual([ended('4.1')]);
    expect(endFromQueueLog(ended('4.1'), [])).toEqual([ended('4.1')]);
    expect(endFromQueueLog(ended('4.1'), [row('4.2', 6, 'CONNECT', 'Agent 1001', '5', '4.3', '1')])).toEqual([ended('4.1')]);
  });
});

describe('withQueueLogEvidence', () => {
  it('looks up only the vanished calls, once each, and keeps every other event in order', async () => {
    const other: PbxEvent = { type: 'call.queued', pbxId: 'main', linkedid: '9.1', at: '2026-12-05T20:00:31.000Z', queue: 'support', position: 1 };
    const seen: string[][] = [];
    const out = await withQueueLogEvidence([ended('2.1'), other, { ...ended('5.1'), unseen: undefined }], async (ids) => {
      seen.push(ids);
      return [row('2.1', 9, 'ABANDON', 'NONE', '1', '1', '8')];
    });
    expect(seen).toEqual([['2.1']]);
    expect(out.map((e) => `${e.type} ${'linkedid' in e ? e.linkedid : ''}`)).toEqual(['call.abandoned 2.1', 'call.ended 2.1', 'call.queued 9.1', 'call.ended 5.1']);
    expect(await withQueueLogEvidence([other], async () => { throw new Error('not called'); })).toEqual([other]);
  });
});

describe('memberExtension', () => {
  it('reads the extension from a member name or an interface', () => {
    expect(memberExtension('Agent 1001')).toBe('1001');
    expect(memberExtension('PJSIP/1002')).toBe('1002');
    expect(memberExtension('Local/1003@from-queue/n')).toBe('1003');
    expect(memberExtension('Alice')).toBeNull();
    expect(memberExtension('NONE')).toBeNull();
  });
});
