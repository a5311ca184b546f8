import { createHash, randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';

// A SIP registrar and caller at the wire for sip.js (RFC 7118 SIP over WebSocket, one SIP message per frame), enough
// to drive console/src/softphone/sip-js-softphone.ts in Node: REGISTER with a digest challenge checked against the
// HA1 Asterisk would hold, and INVITE/CANCEL sent to the registered phone. Not Asterisk: the real thing is
// tests/pbx-real (Chromium against Asterisk).

export interface SipMessage { startLine: string; headers: Array<[string, string]>; body: string }

export function parseSip(text: string): SipMessage {
  const [head, ...rest] = text.split('\r\n\r\n');
  const [startLine, ...lines] = head!.split('\r\n');
  const headers = lines.map((l) => { const i = l.indexOf(':'); return [l.slice(0, i).trim(), l.slice(i + 1).trim()] as [string, string]; });
  return { startLine: startLine!, headers, body: rest.join('\r\n\r\n') };
}
export const header = (m: SipMessage, name: string) => m.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export class FakeSipRegistrar {
  readonly received: SipMessage[] = [];
  private socket: WebSocket | null = null;
  private readonly waiters: Array<{ match: (m: SipMessage) => boolean; resolve: (m: SipMessage) => void }> = [];
  private readonly nonce = randomBytes(8).toString('hex');
  /** Digest responses that did not match the HA1: a wrong secret or a broken digest. */
  readonly badAuth: string[] = [];

  private constructor(private readonly server: WebSocketServer, readonly url: string, private readonly realm: string, private readonly ha1: string) {
    server.on('connection', (ws) => {
      this.socket = ws;
      ws.on('message', (data) => this.onMessage(parseSip(data.toString())));
    });
  }

  static async start(opts: { realm: string; ha1: string }): Promise<FakeSipRegistrar> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false) });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as { port: number };
    return new FakeSipRegistrar(server, `ws://127.0.0.1:${port}`, opts.realm, opts.ha1);
  }

  /** The next message received (or already received) that matches. */
  next(match: (m: SipMessage) => boolean, what: string, timeoutMs = 5000): Promise<SipMessage> {
    const seen = this.received.find(match);
    if (seen) { this.received.splice(this.received.indexOf(seen), 1); return Promise.resolve(seen); }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake registrar: no ${what}`)), timeoutMs);
      this.waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  send(text: string): void {
    this.socket!.send(text);
  }

  private onMessage(m: SipMessage): void {
    if (m.startLine.startsWith('REGISTER ')) this.onRegister(m);
    const i = this.waiters.findIndex((w) => w.match(m));
    if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
    else this.received.push(m);
  }

  private respond(req: SipMessage, status: string, extra: string[] = []): void {
    const copy = ['Via', 'From', 'Call-ID', 'CSeq'].map((h) => `${h}: ${header(req, h)}`);
    const to = header(req, 'To')!;
    this.send([`SIP/2.0 ${status}`, ...copy, `To: ${to.includes(';tag=') ? to : `${to};tag=${randomBytes(4).toString('hex')}`}`, ...extra, 'Content-Length: 0', '', ''].join('\r\n'));
  }

  private onRegister(m: SipMessage): void {
    const auth = header(m, 'Authorization');
    if (!auth) {
      this.respond(m, '401 Unauthorized', [`WWW-Authenticate: Digest realm="${this.realm}", nonce="${this.nonce}", algorithm=MD5, qop="auth"`]);
      return;
    }
    const p = Object.fromEntries([...auth.replace(/^Digest\s+/, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((x) => [x[1]!, x[2] ?? x[3] ?? '']));
    const expected = md5(`${this.ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${md5(`REGISTER:${p.uri}`)}`);
    if (p.response !== expected || p.nonce !== this.nonce) {
      this.badAuth.push(auth);
      this.respond(m, '403 Forbidden');
      return;
    }
    const contact = header(m, 'Contact')!;
    const expires = /;expires=(\d+)/.exec(contact)?.[1] ?? header(m, 'Expires') ?? '300';
    this.respond(m, '200 OK', [`Contact: ${contact.replace(/;expires=\d+/, '')};expires=${expires}`, `Expires: ${expires}`]);
  }

  /** An INVITE from the PBX to the registered extension; returns its Call-ID. */
  invite(opts: { ext: string; from: string; warmlineCallId?: number }): string {
    const callId = randomBytes(8).toString('hex');
    this.send([
      `INVITE sip:${opts.ext}@127.0.0.1;transport=ws SIP/2.0`,
      `Via: SIP/2.0/WS fake.invalid;branch=z9hG4bK${callId}`,
      'Max-Forwards: 70',
      `From: "${opts.from}" <sip:${opts.from}@warmline.test>;tag=pbx${callId.slice(0, 6)}`,
      `To: <sip:${opts.ext}@warmline.test>`,
      `Call-ID: ${callId}`,
      'CSeq: 1 INVITE',
      'Contact: <sip:asterisk@fake.invalid;transport=ws>',
      ...(opts.warmlineCallId !== undefined ? [`X-Warmline-Call-Id: ${opts.warmlineCallId}`] : []),
      'Content-Length: 0', '', '',
    ].join('\r\n'));
    return callId;
  }

  cancel(callId: string, ext: string): void {
    this.send([
      `CANCEL sip:${ext}@127.0.0.1;transport=ws SIP/2.0`,
      `Via: SIP/2.0/WS fake.invalid;branch=z9hG4bK${callId}`,
      'Max-Forwards: 70',
      `From: <sip:caller@warmline.test>;tag=pbx${callId.slice(0, 6)}`,
      `To: <sip:${ext}@warmline.test>`,
      `Call-ID: ${callId}`,
      'CSeq: 1 CANCEL',
      'Content-Length: 0', '', '',
    ].join('\r\n'));
  }

  async close(): Promise<void> {
    for (const c of this.server.clients) c.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
