import { createConnection, type Socket } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AMI_PORT, AMI_SECRET, AMI_USER } from './asterisk-lab';

// Records what real Asterisk writes on an AMI session of its own, byte for byte in wire order, in the format of the
// fixtures under tests/fixtures/ami (`*.raw.jsonl`: one {ts, tsMs, kind, name, headers} per frame, the headers as
// [name, value] pairs in the order Asterisk sent them). Issue #26.5: the fixtures are to be recordings of real
// Asterisk, not what the simulator believes it says.

export interface RawRecord { ts: string; tsMs: number; kind: 'event' | 'response'; name: string; headers: Array<[string, string]> }

export interface AmiRecorder {
  records: RawRecord[];
  banner: string;
  /** Sends an action on the recording session (its response is recorded too). */
  action(fields: Record<string, string>): void;
  stop(): Promise<void>;
  /** Writes `<name>.raw.jsonl` and `<name>.meta.json` (what ran, counts per event) into dir. */
  save(dir: string, name: string, meta: Record<string, unknown>): string;
}

export async function recordAmi(port = AMI_PORT): Promise<AmiRecorder> {
  const socket: Socket = createConnection({ host: '127.0.0.1', port });
  const records: RawRecord[] = [];
  const started = new Date().toISOString();
  let banner = '';
  let buffer = '';
  let loggedIn: () => void = () => {};
  const ready = new Promise<void>((r) => { loggedIn = r; });
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    if (!banner) {
      const nl = buffer.indexOf('\r\n');
      if (nl < 0) return;
      banner = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 2);
      socket.write(`Action: Login\r\nActionID: raw-login\r\nUsername: ${AMI_USER}\r\nSecret: ${AMI_SECRET}\r\nEvents: on\r\n\r\n`);
    }
    for (let end = buffer.indexOf('\r\n\r\n'); end >= 0; end = buffer.indexOf('\r\n\r\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 4);
      const headers = block.split('\r\n').filter((l) => l).map((l): [string, string] => {
        const i = l.indexOf(':');
        return i < 0 ? [l, ''] : [l.slice(0, i), l.slice(i + 1).replace(/^ /, '')];
      });
      const first = headers[0];
      if (!first) continue;
      const kind = first[0].toLowerCase() === 'event' ? 'event' : 'response';
      const now = Date.now();
      records.push({ ts: new Date(now).toISOString(), tsMs: now, kind, name: first[1], headers });
      if (kind === 'response' && headers.some(([k, v]) => k === 'ActionID' && v === 'raw-login')) loggedIn();
    }
  });
  await Promise.race([ready, new Promise((_, reject) => setTimeout(() => reject(new Error('AMI recorder: no login answer in 10 s')), 10_000))]);
  let n = 0;
  return {
    records,
    get banner() { return banner; },
    action(fields) {
      const lines = Object.entries({ ...fields, ActionID: `raw-${++n}` }).map(([k, v]) => `${k}: ${v}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    },
    async stop() {
      socket.end('Action: Logoff\r\nActionID: raw-logoff\r\n\r\n');
      await new Promise((r) => setTimeout(r, 200));
      socket.destroy();
    },
    save(dir, name, meta) {
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}.raw.jsonl`);
      writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
      const counts: Record<string, number> = {};
      for (const r of records) counts[`${r.kind}:${r.name}`] = (counts[`${r.kind}:${r.name}`] ?? 0) + 1;
      writeFileSync(path.join(dir, `${name}.meta.json`), `${JSON.stringify({ name, started, finished: new Date().toISOString(), banner, ...meta, rawCounts: counts }, null, 2)}\n`);
      return file;
    },
  };
}
