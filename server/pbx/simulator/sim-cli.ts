import { parseArgs } from 'node:util';
import { startPbxSimulator } from './pbx-simulator';
import { SCENARIOS, startLoad, type ScenarioName } from './sim-scenarios';
import { createDb } from '../../db/database';
import { QueueLogRepository } from '../queue-log';

// --queue-log-db postgres://...: write queue_log rows to that database like Asterisk through realtime (issue #19.5).
// --realtime-db postgres://...: queues also from that database's ast_queues view, memberless, as pbx-config's
// realtime queues are (issue #21); the server adds their members over AMI.
// npm run pbx:sim -- --port 5038 --username warmline --secret warmline-demo-secret --rate 0.2 \
//   --agents 1001,1002,1003 --queue support --scenarios inbound_answered,abandon --callers 5551230001,5551230002
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5038' }, host: { type: 'string', default: '127.0.0.1' },
    username: { type: 'string', default: 'warmline' }, secret: { type: 'string', default: 'warmline-demo-secret' },
    rate: { type: 'string', default: '0.2' }, agents: { type: 'string', default: '1001,1002,1003' },
    queue: { type: 'string', multiple: true }, tech: { type: 'string', default: 'PJSIP' },
    scenarios: { type: 'string' }, callers: { type: 'string' }, step: { type: 'string', default: '3000' },
    'queue-log-db': { type: 'string' }, 'realtime-db': { type: 'string' },
  },
});

const agents = values.agents.split(',').map((a) => a.trim()).filter(Boolean);
const queueNames = values.queue?.length ? values.queue : ['support'];
const scenarios = values.scenarios?.split(',').filter((s): s is ScenarioName => (SCENARIOS as readonly string[]).includes(s));
const qlDb = values['queue-log-db'] ? createDb(values['queue-log-db'], { max: 2, applicationName: 'warmline-pbx-sim' }) : null;
const queueLog = qlDb ? new QueueLogRepository(qlDb.db) : null;
const rtDb = values['realtime-db'] ? createDb(values['realtime-db'], { max: 1, applicationName: 'warmline-pbx-sim-realtime' }) : null;
const sim = await startPbxSimulator({
  realtimeQueues: rtDb ? async (name) => (await rtDb.sql`SELECT 1 FROM ast_queues WHERE name = ${name}`).length > 0 : undefined,
  queueLog: queueLog ? (row) => { queueLog.append(row).catch((err: unknown) => console.error('queue_log write failed', err)); } : undefined,
  port: Number(values.port), host: values.host, username: values.username, secret: values.secret, agents,
  queues: Object.fromEntries(queueNames.map((q) => [q, agents])), tech: values.tech === 'SIP' ? 'SIP' : 'PJSIP',
});
console.log(JSON.stringify({ msg: 'PBX simulator listening', host: values.host, port: sim.port, username: values.username, agents, queues: queueNames }));
const rate = Number(values.rate);
const stop = rate > 0
  ? startLoad(sim, { callsPerSecond: rate, stepMs: Number(values.step), scenarios, callers: values.callers?.split(','),
      onError: (err) => console.error('scenario failed', err) })
  : () => undefined;
const shutdown = () => { stop(); void sim.stop().then(() => process.exit(0)); };
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
