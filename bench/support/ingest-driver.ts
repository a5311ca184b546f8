// The AMI side of bench/ingest.bench.ts, in its own process as Asterisk is: an AMI server (Login, Ping and the
// resync's lists answered) that, on {type:'run', rate, seconds, prefix}, writes synthetic answered queue calls at
// `rate` events/s in 10 ms ticks. A write the socket does not take (the server stopped reading: backpressure) is
// waited for ('drain') before the next tick, so what is offered is what the server lets through.
import { startBareAmiServer } from '../../tests/support/bare-ami-server';

const ami = await startBareAmiServer();

const ev = (h: Array<[string, string]>) => `${h.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;

/** One answered queue call: 20 events (12 of them VarSet noise, as real calls carry far more). */
function call(prefix: string, n: number): string[] {
  const caller = `${prefix}.${n * 2}`;
  const agent = `${prefix}.${n * 2 + 1}`;
  const ext = String(1000 + (n % 200));
  const trunk = `PJSIP/trunk-${n.toString(16).padStart(8, '0')}`;
  const phone = `PJSIP/${ext}-${n.toString(16).padStart(8, '0')}`;
  const ch = (name: string, uid: string, num: string): Array<[string, string]> => [['Channel', name], ['ChannelState', '6'], ['ChannelStateDesc', 'Up'],
    ['CallerIDNum', num], ['CallerIDName', 'Bench'], ['Context', uid === caller ? 'from-trunk' : 'agents'], ['Exten', '5000'], ['Priority', '1'], ['Uniqueid', uid], ['Linkedid', caller]];
  const callerNum = `212555${String(n % 10000).padStart(4, '0')}`;
  const out = [ev([['Event', 'Newchannel'], ...ch(trunk, caller, callerNum)])];
  for (let i = 0; i < 12; i++) out.push(ev([['Event', 'VarSet'], ...ch(trunk, caller, callerNum), ['Variable', `BENCH_${i}`], ['Value', String(i)]]));
  out.push(ev([['Event', 'QueueCallerJoin'], ...ch(trunk, caller, callerNum), ['Queue', 'support'], ['Position', '1'], ['Count', '1']]));
  out.push(ev([['Event', 'Newchannel'], ...ch(phone, agent, ext)]));
  const dest: Array<[string, string]> = [['DestChannel', phone], ['DestUniqueid', agent], ['DestLinkedid', caller], ['Queue', 'support'], ['Interface', `PJSIP/${ext}`], ['MemberName', ext]];
  out.push(ev([['Event', 'AgentCalled'], ...ch(trunk, caller, callerNum), ...dest]));
  out.push(ev([['Event', 'AgentConnect'], ...ch(trunk, caller, callerNum), ...dest, ['HoldTime', '2'], ['RingTime', '1']]));
  out.push(ev([['Event', 'HangupRequest'], ...ch(trunk, caller, callerNum), ['Cause', '16']]));
  out.push(ev([['Event', 'Hangup'], ...ch(phone, agent, ext), ['Cause', '16'], ['Cause-txt', 'Normal Clearing']]));
  out.push(ev([['Event', 'Hangup'], ...ch(trunk, caller, callerNum), ['Cause', '16'], ['Cause-txt', 'Normal Clearing']]));
  return out;
}
export const EVENTS_PER_CALL = 20;

async function run(rate: number, seconds: number, prefix: string): Promise<void> {
  const s = ami.latest;
  if (!s) throw new Error('no AMI client connected');
  const t0 = Date.now();
  let offered = 0;
  let calls = 0;
  let pending: string[] = [];
  // A connection the server dropped never drains: the run ends there (the bench reports the drop).
  const written = async (data: string) => { if (!s.write(data)) await new Promise((r) => { s.once('drain', r); s.once('close', r); }); };
  while (Date.now() - t0 < seconds * 1000 && !s.destroyed) {
    const due = Math.floor(((Date.now() - t0) / 1000) * rate) - offered;
    if (due > 0) {
      while (pending.length < due) pending.push(...call(prefix, calls++));
      const chunk = pending.splice(0, due);
      offered += chunk.length;
      await written(chunk.join(''));
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  // Complete the last call so that every call sent is whole.
  if (pending.length && !s.destroyed) { offered += pending.length; await written(pending.join('')); }
  process.send!({ type: 'ran', offered, calls, seconds: (Date.now() - t0) / 1000 });
}

process.on('message', (m: { type: string; rate: number; seconds: number; prefix: string }) => {
  if (m.type === 'run') run(m.rate, m.seconds, m.prefix).catch((err: Error) => process.send!({ type: 'error', message: err.message }));
  if (m.type === 'stop') void ami.close().then(() => process.exit(0));
});
process.send!({ type: 'ready', port: ami.port });
