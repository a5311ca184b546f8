import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PbxSimulator } from './pbx-simulator';

// Where no Asterisk (and so no SIP/WebRTC) exists — the demo and the browser tests — the console's loopback
// softphone presses its buttons here, as a desk phone would on a real PBX. The Warmline server never sees this
// surface: it learns about the answer, the hold or the hang-up only from AMI events, exactly as with Asterisk.
//   GET  /phones/:ext            -> { ringing: [{linkedid, from}], inCall: {linkedid, from} | null }
//   POST /phones/:ext/answer | /hangup | /hold | /unhold
//   POST /phones/:ext/transfer   {"to": "1003"}      POST /phones/:ext/dtmf {"digits": "12#"}
//   POST /phones/:ext/dial       {"to": "+12125550100"} (click-to-dial from a desk phone: Originate-like)
export async function startPhonesHttp(sim: PbxSimulator, port = 0, host = '127.0.0.1'): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', 'content-type');
    if (req.method === 'OPTIONS') { res.writeHead(204).end(); return; }
    const m = /^\/phones\/([0-9]{2,10})(?:\/(answer|hangup|hold|unhold|transfer|dtmf|dial))?$/.exec(req.url ?? '');
    const send = (status: number, body: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)); };
    if (!m) return send(404, { error: 'no such phone action' });
    const [, ext, action] = m as unknown as [string, string, string | undefined];
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString('utf8'); if (raw.length > 4096) req.destroy(); });
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try { body = raw ? JSON.parse(raw) as Record<string, unknown> : {}; } catch { return send(400, { error: 'body is not JSON' }); }
      const calls = sim.liveCalls;
      if (!action && req.method === 'GET') {
        const ringing = calls.filter((c) => c.ringing.some((ch) => ch.endpoint === ext)).map((c) => ({ linkedid: c.linkedid, from: c.caller.callerNum }));
        const active = calls.find((c) => c.agent?.endpoint === ext);
        return send(200, { ringing, inCall: active ? { linkedid: active.linkedid, from: active.caller.callerNum } : null });
      }
      if (req.method !== 'POST' || !action) return send(405, { error: 'use POST' });
      let ok = false;
      switch (action) {
        case 'answer': ok = sim.answer(ext); break;
        case 'hangup': ok = sim.hangup({ extension: ext, by: 'agent' }); break;
        case 'hold': ok = sim.hold(ext, true); break;
        case 'unhold': ok = sim.hold(ext, false); break;
        case 'transfer': ok = typeof body.to === 'string' && /^[0-9]{2,10}$/.test(body.to) && sim.blindTransfer(ext, body.to); break;
        case 'dtmf': ok = typeof body.digits === 'string' && /^[0-9*#A-D]{1,32}$/.test(body.digits) && sim.phoneDtmf(ext, body.digits); break;
        case 'dial': ok = typeof body.to === 'string' && /^\+?[0-9]{3,16}$/.test(body.to); break;
      }
      send(ok ? 200 : 409, { ok });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${host}:${addr.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
