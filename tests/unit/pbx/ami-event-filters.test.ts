import { describe, expect, it } from 'vitest';
import { AMI_EVENT_FILTERS } from '../../../server/pbx/ami-event-filters';
import { rawHeadersToFrame, type RawHeaders } from '../../../server/pbx/ami-frame';
import { SessionEventFilters } from '../../../server/pbx/simulator/sim-filters';
import { serializeFrame } from '../../../server/pbx/simulator/sim-frames';
import { loadRawHeaders, rawFixtureFiles, replay, wireText } from './fixture-loader';

// Warmline's AMI event filters (server/pbx/ami-event-filters.ts) must not change what the translator makes of a
// call: every fixture (the real Asterisk captures and the hand-built scenarios) is replayed whole and as Asterisk
// would send it through those filters, and both give the same PbxEvents.

const filters = new SessionEventFilters();
for (const f of AMI_EVENT_FILTERS) expect(filters.add(f)).toBe('ok');

const files = rawFixtureFiles();

describe('AMI event filters on every fixture', () => {
  it('has fixtures to check, the two real captures among them', () => {
    expect(files).toEqual(expect.arrayContaining(['inbound_answered.raw.jsonl', 'originate_outbound.raw.jsonl']));
    expect(files.length).toBeGreaterThan(4);
  });

  it.each(files)('%s: the same PbxEvents and translator state with and without the filters', (file) => {
    const all = loadRawHeaders(file);
    const kept = all.filter((h) => filters.passes(wireText(h)));
    const whole = replay(all.map(rawHeadersToFrame));
    expect(whole.events.length).toBeGreaterThan(0);
    const filtered = replay(kept.map(rawHeadersToFrame));
    expect(filtered.events).toEqual(whole.events);
    // Nothing left behind in the translator's memory by a frame that no longer comes.
    expect([filtered.state.calls, filtered.state.channels]).toEqual([whole.state.calls, whole.state.channels]);
  });

  it('drops most of a real answered queue call, and keeps every variable the translator reads', () => {
    const all = loadRawHeaders('inbound_answered.raw.jsonl');
    const kept = all.filter((h) => filters.passes(wireText(h)));
    expect(kept.length).toBeLessThan(all.length * 0.4);
    const name = (h: RawHeaders) => h.find(([k]) => k === 'Event')?.[1];
    expect(kept.some((h) => name(h) === 'Newexten' || name(h) === 'RTCPSent')).toBe(false);
    const vars = kept.filter((h) => name(h) === 'VarSet').map((h) => h.find(([k]) => k === 'Variable')?.[1]);
    expect(vars).toEqual(expect.arrayContaining(['RECORDING_FILE', 'MIXMONITOR_FILENAME']));
    const outbound = loadRawHeaders('originate_outbound.raw.jsonl').filter((h) => filters.passes(wireText(h)));
    expect(outbound.filter((h) => name(h) === 'VarSet').map((h) => h.find(([k]) => k === 'Variable')?.[1])).toContain('CRM_CALL_ID');
  });

  it('keeps a VarSet the dialplan sets, and a ChanVariable header never decides', () => {
    const varset = (variable: string, chanVar = 'RECORDING_FILE=x.wav') => serializeFrame([['Event', 'VarSet'], ['Privilege', 'dialplan,all'],
      ['Channel', 'PJSIP/1001-00000001'], ['ChanVariable', chanVar], ['Variable', variable], ['Value', '1']]);
    expect(filters.passes(varset('CRM_TO_NUMBER'))).toBe(true);
    expect(filters.passes(varset('CUSTOMER_TIER'))).toBe(true);
    expect(filters.passes(varset('CRM_CALL_ID', 'QUEUENAME=support'))).toBe(true);
    expect(filters.passes(varset('QUEUEPOSITION'))).toBe(false);
    expect(filters.passes(varset('RTPAUDIOQOSJITTER'))).toBe(false);
  });
});

describe('SessionEventFilters (Asterisk legacy eventfilter semantics)', () => {
  const ev = (name: string, extra = '') => `Event: ${name}\r\nPrivilege: call,all\r\nChannel: PJSIP/1001-00000001\r\n${extra}\r\n`;

  it('sends everything when there is no filter', () => {
    expect(new SessionEventFilters().passes(ev('Newexten'))).toBe(true);
  });

  it('includes only: an implied exclude-all first, then the includes', () => {
    const f = new SessionEventFilters();
    f.add('Event: Hangup');
    expect([f.passes(ev('Hangup')), f.passes(ev('Newchannel'))]).toEqual([true, false]);
  });

  it('excludes only: an implied include-all first, then the excludes', () => {
    const f = new SessionEventFilters();
    f.add('!Event: Newexten');
    expect([f.passes(ev('Newexten')), f.passes(ev('Newchannel'))]).toEqual([false, true]);
  });

  it('both: exclude-all, then includes, then excludes; `.` spans lines as POSIX regex does without REG_NEWLINE', () => {
    const f = new SessionEventFilters();
    f.add('Event: (Hangup|Newchannel)');
    f.add('!Event: Hangup.*Cause: 16');
    expect(f.passes(ev('Newchannel'))).toBe(true);
    expect(f.passes(ev('Hangup', 'Cause: 17\r\n'))).toBe(true);
    expect(f.passes(ev('Hangup', 'Cause: 16\r\n'))).toBe(false);
    expect(f.passes(ev('Newstate'))).toBe(false);
  });

  it('refuses a filter that does not compile and keeps the others', () => {
    const f = new SessionEventFilters();
    expect(f.add('!Event: (Newexten')).toBe('compile-failed');
    expect(f.size).toBe(0);
    expect(f.passes(ev('Newexten'))).toBe(true);
  });
});
