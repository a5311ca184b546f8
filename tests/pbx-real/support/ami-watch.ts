import { AmiClient } from '../../../server/pbx/ami-client';
import { field, type AmiFrame } from '../../../server/pbx/ami-frame';
import { AMI_PORT, AMI_SECRET, AMI_USER } from './asterisk-lab';

// A second AMI session of the test's own, beside Warmline's: what real Asterisk said (ChanSpyStart, Hangup, ...),
// to assert on without going through the code under test.

export interface AmiWatch {
  frames: AmiFrame[];
  /** Resolves with the first frame (already received or still to come) of that event matching `match`. */
  waitFor(event: string, match?: (f: AmiFrame) => boolean, timeoutMs?: number): Promise<AmiFrame>;
  action(fields: Record<string, string>): Promise<unknown>;
  /** A list action (QueueStatus, CoreShowChannels...): its events, collected until *Complete. */
  list(fields: Record<string, string>): Promise<AmiFrame[]>;
  stop(): Promise<void>;
}

/** `login` defaults to Warmline's own AMI user; the lab's observer (OBSERVER_USER) also reads DTMF events. */
export async function watchAmi(port = AMI_PORT, login: { username: string; secret: string } = { username: AMI_USER, secret: AMI_SECRET }): Promise<AmiWatch> {
  const client = new AmiClient({ host: '127.0.0.1', port, username: login.username, secret: login.secret, actionIdPrefix: 'test' });
  const frames: AmiFrame[] = [];
  client.on('frame', (f) => frames.push(f));
  const connected = new Promise<void>((r) => client.once('connected', () => r()));
  client.start();
  await connected;
  return {
    frames,
    async waitFor(event, match = () => true, timeoutMs = 15_000) {
      const t0 = Date.now();
      for (;;) {
        const hit = frames.find((f) => field(f, 'event')?.toLowerCase() === event.toLowerCase() && match(f));
        if (hit) return hit;
        if (Date.now() - t0 > timeoutMs) {
          const seen = [...new Set(frames.map((f) => field(f, 'event')))].join(', ');
          throw new Error(`no AMI ${event} in ${timeoutMs} ms; events seen: ${seen}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    action: (fields) => client.action(fields),
    list: async (fields) => (await client.listAction(fields)).events,
    stop: () => client.stop(),
  };
}
