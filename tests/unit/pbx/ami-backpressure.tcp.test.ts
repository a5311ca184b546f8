import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { INGEST_BACKLOG, startPbxLink, type PbxLink } from '../../../server/pbx/pbx-link';
import type { PbxEvent } from '../../../server/pbx/pbx-events';
import { startBareAmiServer, type BareAmiServer } from '../../support/bare-ami-server';

// Issue #27.7: the AMI socket is read no faster than events are applied. An AMI server writes 30,000 frames at once
// (DeviceStateChange alternating, one domain event each); the test "applies" events only when it chooses, and the
// link must stop reading at the high mark, keep the backlog bounded, and lose nothing once reading resumes.

const N = 30_000;
let ami: BareAmiServer | undefined;
let link: PbxLink | undefined;
afterEach(async () => {
  await link?.stop();
  await ami?.close();
  link = undefined;
  ami = undefined;
});

const turns = async (n: number) => { for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r)); };

describe('AMI backpressure', () => {
  it('stops reading at the high mark, keeps the backlog bounded, and delivers every frame once applied', async () => {
    ami = await startBareAmiServer();
    const ingested: PbxEvent[] = [];
    let applied = 0;
    let connected = false;
    link = startPbxLink({ id: 'main', host: '127.0.0.1', port: ami.port, username: 'u', secret: 's' }, {
      log: pino({ level: 'silent' }), ingest: (e) => { ingested.push(e); }, liveCalls: async () => [],
      connectionChanged: (_id, up) => { connected = up; }, backlog: () => ingested.length - applied,
    });
    while (!connected) await turns(1);
    // Frames read during the connection's resync are held and applied after it: wait until one goes straight through.
    ami.write('Event: DeviceStateChange\r\nPrivilege: call,all\r\nDevice: PJSIP/1001\r\nState: RINGING\r\n\r\n');
    while (ingested.length === 0) await turns(1);
    ingested.length = 0;
    let frames = '';
    for (let i = 0; i < N; i++) frames += `Event: DeviceStateChange\r\nPrivilege: call,all\r\nDevice: PJSIP/1001\r\nState: ${i % 2 ? 'NOT_INUSE' : 'INUSE'}\r\n\r\n`;
    ami.write(frames);

    let maxBacklog = 0;
    let pauses = 0;
    while (ingested.length < N) {
      await turns(1);
      maxBacklog = Math.max(maxBacklog, ingested.length - applied);
      if (link.client.readingPaused && ingested.length - applied > INGEST_BACKLOG.low) {
        pauses++;
        // Paused: however long we wait, nothing more is read. Mutation caught: without throttle() the client reads
        // all 30,000 frames into memory at once.
        const seen = ingested.length;
        await turns(20);
        expect(ingested.length).toBe(seen);
        applied = ingested.length; // the service catches up
      }
    }
    expect(pauses).toBeGreaterThan(0);
    // Bounded by the high mark plus what one socket read can hold (64 KiB: under 1,000 of these frames).
    expect(maxBacklog).toBeLessThan(INGEST_BACKLOG.high + 1_000);
    expect(ingested).toHaveLength(N);
    expect(ingested.every((e) => e.type === 'agent.device_state')).toBe(true);
  });
});
