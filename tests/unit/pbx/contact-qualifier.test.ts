import { describe, expect, it } from 'vitest';
import { endpointToQualify } from '../../../server/pbx/contact-qualifier';

// Asterisk 20.20.1 (tests/pbx-real): a realtime endpoint created after start registers but is never qualified, so the
// queue member stays "Invalid". The link qualifies the endpoint once when its contact is created.
describe('endpointToQualify', () => {
  const frame = (h: Record<string, string>) => ({ event: 'ContactStatus', ...h });

  it('names the endpoint of a newly created contact', () => {
    expect(endpointToQualify(frame({ contactstatus: 'Created', endpointname: '1001', aor: '1001', uri: 'sip:1001@127.0.0.1:5080' }))).toBe('1001');
  });

  it('ignores other contact changes, other events and names that are not endpoint ids', () => {
    expect(endpointToQualify(frame({ contactstatus: 'Reachable', endpointname: '1001' }))).toBeNull();
    expect(endpointToQualify(frame({ contactstatus: 'Removed', endpointname: '1001' }))).toBeNull();
    expect(endpointToQualify({ event: 'PeerStatus', peerstatus: 'Registered', peer: 'PJSIP/1001' })).toBeNull();
    expect(endpointToQualify(frame({ contactstatus: 'Created', endpointname: '1001\r\nAction: Hangup' }))).toBeNull();
    expect(endpointToQualify(frame({ contactstatus: 'Created' }))).toBeNull();
  });
});
